import { describe, expect, it } from 'vitest';
import type { Role } from '../api/types';
import { entryForPath, SUPERVISION_MENU, SYSTEM_MENU, visibleEntries } from './menu';

const labels = (roles: Role[]) =>
  [...visibleEntries(SUPERVISION_MENU, roles), ...visibleEntries(SYSTEM_MENU, roles)].map((e) => e.label);

describe('督办管理 menu per role (图19)', () => {
  it.each<[string, Role[], string[]]>([
    ['an ordinary user', [], ['主办反馈', '协办反馈', '督办查询']],
    ['a supervisor', ['supervisor'], ['新建督办', '主办反馈', '协办反馈', '督办查询', '情况汇总']],
    ['a leader', ['leader'], ['主办反馈', '协办反馈', '督办查询', '情况汇总']],
    ['an admin', ['admin'], ['主办反馈', '协办反馈', '督办查询', '情况汇总', '督办列表', '待转交']],
    ['a sysadmin', ['sysadmin'], ['主办反馈', '协办反馈', '督办查询', '系统管理', '安全审计']],
    ['an auditor', ['auditor'], ['主办反馈', '协办反馈', '督办查询', '安全审计']],
  ])('%s', (_who, roles, expected) => {
    expect(labels(roles)).toEqual(expected);
  });

  it('only admins see 督办列表 and 待转交', () => {
    for (const role of ['supervisor', 'leader', 'sysadmin', 'auditor'] as Role[]) {
      expect(labels([role])).not.toContain('督办列表');
      expect(labels([role])).not.toContain('待转交');
    }
  });

  it('maps a path to its menu entry', () => {
    expect(entryForPath('/items/new')?.label).toBe('新建督办');
    expect(entryForPath('/items/abc')?.label).toBe('督办查询');
    expect(entryForPath('/admin/items')?.label).toBe('督办列表');
    expect(entryForPath('/admin/stuck')?.label).toBe('待转交');
    expect(entryForPath('/nowhere')).toBeUndefined();
  });
});

describe('audit log text', async () => {
  const { actorText, auditActionLabel, detailText } = await import('./audit');
  it('names a deputy’s action as 代 <name> 办理 (委托)', () => {
    const names: Record<string, string> = { h: '张部长' };
    const userName = (id: string) => names[id] ?? '—';
    expect(actorText('李分管', { taskId: 't', onBehalfOfId: 'h' }, userName)).toBe('李分管（代张部长办理）');
    expect(actorText('李分管', { taskId: 't' }, userName)).toBe('李分管');
    expect(actorText(null, null, userName)).toBe('系统');
  });
  it('names actions in Chinese, unknown ones as they are', () => {
    expect(auditActionLabel('item.end')).toBe('结束督办');
    expect(auditActionLabel('x.y')).toBe('x.y');
  });
  it('flattens the detail', () => {
    expect(detailText({ title: '督办', input: { action: 'close' } })).toBe(
      'title：督办；input：{"action":"close"}',
    );
    expect(detailText({})).toBe('');
    expect(detailText(null)).toBe('');
  });
});
