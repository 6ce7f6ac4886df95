import { pinyin } from 'pinyin-pro';

/** "张三" → "zs zhangsan": initials and full pinyin, so the picker finds people by either. */
export function pinyinKey(rawName: string): string {
  const name = rawName.replace(/\s+/g, '');
  const initials = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' }).join('');
  const full = pinyin(name, { toneType: 'none', type: 'array' }).join('');
  return `${initials} ${full}`.toLowerCase().replace(/[^a-z0-9 ]/g, '');
}
