/** The 督办管理 menu (图19): each user sees only what their roles allow. */
import { SEES_ALL_ROLES } from '../../domain/roles';
import type { Role } from '../api/types';

export interface MenuEntry {
  key: string;
  path: string;
  label: string;
  /** Roles that see the entry; empty = every signed-in user. */
  roles: readonly Role[];
}

export const WORK_MENU: MenuEntry[] = [
  { key: 'pending', path: '/tasks/pending', label: '待办事项', roles: [] },
  { key: 'done', path: '/tasks/done', label: '已办事项', roles: [] },
];

export const SUPERVISION_MENU: MenuEntry[] = [
  { key: 'new', path: '/items/new', label: '新建督办', roles: ['supervisor'] },
  { key: 'lead-report', path: '/reports/lead', label: '主办反馈', roles: [] },
  { key: 'assist-report', path: '/reports/assist', label: '协办反馈', roles: [] },
  { key: 'query', path: '/items', label: '督办查询', roles: [] },
  { key: 'summary', path: '/summary', label: '情况汇总', roles: SEES_ALL_ROLES },
  { key: 'admin-list', path: '/admin/items', label: '督办列表', roles: ['admin'] },
  // §10: pending tasks of disabled users, for the admin to move.
  { key: 'admin-stuck', path: '/admin/stuck', label: '待转交', roles: ['admin'] },
];

export const SYSTEM_MENU: MenuEntry[] = [
  { key: 'system', path: '/system', label: '系统管理', roles: ['sysadmin'] },
  { key: 'audit', path: '/audit', label: '安全审计', roles: ['auditor', 'sysadmin'] },
];

export function allows(entry: Pick<MenuEntry, 'roles'>, roles: readonly Role[]): boolean {
  return entry.roles.length === 0 || entry.roles.some((r) => roles.includes(r));
}

export function visibleEntries(entries: MenuEntry[], roles: readonly Role[]): MenuEntry[] {
  return entries.filter((e) => allows(e, roles));
}

export const ALL_ENTRIES = [...WORK_MENU, ...SUPERVISION_MENU, ...SYSTEM_MENU];

/** The menu entry a path belongs to (longest matching prefix), for the selected key and breadcrumb. */
export function entryForPath(pathname: string): MenuEntry | undefined {
  let best: MenuEntry | undefined;
  for (const entry of ALL_ENTRIES) {
    const matches = pathname === entry.path || pathname.startsWith(`${entry.path}/`);
    if (matches && (!best || entry.path.length > best.path.length)) best = entry;
  }
  return best;
}

export const hasAnyRole = (roles: readonly Role[], wanted: readonly Role[]) =>
  wanted.some((r) => roles.includes(r));
