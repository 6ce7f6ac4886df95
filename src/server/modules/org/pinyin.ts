import { createRequire } from 'node:module';

/**
 * pinyin-pro, loaded on the first name to key rather than at start: its dictionaries take ~60 ms of
 * CPU to load, and most starts key no name. (Its CommonJS build, so that keying stays synchronous.)
 */
let loaded: typeof import('pinyin-pro') | undefined;
const pinyinPro = () => {
  loaded ??= createRequire(import.meta.url)('pinyin-pro') as typeof import('pinyin-pro');
  return loaded;
};

/** "张三" → "zs zhangsan": initials and full pinyin, so the picker finds people by either. */
export function pinyinKey(rawName: string): string {
  const name = rawName.replace(/\s+/g, '');
  const { pinyin } = pinyinPro();
  const initials = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' }).join('');
  const full = pinyin(name, { toneType: 'none', type: 'array' }).join('');
  return `${initials} ${full}`.toLowerCase().replace(/[^a-z0-9 ]/g, '');
}
