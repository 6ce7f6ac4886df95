/**
 * The API requests a signed-in page makes as soon as it renders, from its address and the user's
 * roles alone: what the HTML's first-requests script asks for before the app's JavaScript has
 * arrived (src/web/boot/firstRequests.ts, src/web/api/prefetched.ts). Each URL must be the one the
 * page's own query builds (same parameters, same order): a URL that differs is merely asked for
 * twice. The browser test test/e2e/first-screens.test.ts fails when a page asks again for what was
 * prefetched. Kept small and free of React, antd and dayjs: it is bundled into that script.
 */
import { canSeeAll } from '../../domain/roles';
import { type Query, toQueryString } from '../api/client';
import type { Role } from '../api/types';
import { itemsQuery, readFilters, readPage } from '../features/items/query';
import { firstScreen } from './routes';

/** 督办空间's counts and recent lists (features/home/HomePage.tsx): the same for both. */
export function homeQueries(roles: readonly Role[], now: Date) {
  const scope: 'all' | 'department' = canSeeAll({ roles }) ? 'all' : 'department';
  const day = (offset: number) => {
    const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  };
  const today = day(0);
  const weekLater = day(7);
  return {
    scope,
    today,
    weekLater,
    pending: { state: 'pending', page: 1, pageSize: 5 },
    overdue: { scope, overdue: true, status: 'open', page: 1, pageSize: 1 },
    dueSoon: { scope, status: 'open', dueFrom: today, dueTo: weekLater, page: 1, pageSize: 1 },
    recent: { scope, page: 1, pageSize: 5 },
  };
}

/** 待办事项 / 已办事项 (features/tasks/TaskListPage.tsx). */
export function taskListQuery(state: 'pending' | 'done', params: URLSearchParams) {
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  return { state, page, pageSize };
}

/** 督办查询's scope (features/items/ItemQueryPage.tsx): 本部门 unless one who sees all chose another. */
function itemQueryScope(roles: readonly Role[], params: URLSearchParams): string {
  return (canSeeAll({ roles }) ? params.get('scope') : null) ?? 'department';
}

const url = (path: string, query?: Query) => `${path}${toQueryString(query)}`;

/**
 * The URLs that `pathname` + `search` asks for at once when `roles`' user opens it: the frame's
 * (AppLayout: the departments, the bell) and the page's first queries. None for a page that is not a
 * first screen (lib/routes.ts). Without `roles` (not known yet), only those that do not depend on
 * them: 督办空间's and 督办查询's item queries have a scope that does.
 */
export function firstRequests(
  pathname: string,
  search: string,
  roles: readonly Role[] | undefined,
  now: Date,
): string[] {
  const screen = firstScreen(pathname);
  if (!screen) return [];
  const params = new URLSearchParams(search);
  const frame = ['/api/departments', url('/api/notifications', { unread: true })];
  switch (screen.page) {
    case 'home': {
      const home = homeQueries(roles ?? [], now);
      return [
        ...frame,
        ...[home.pending].map((q) => url('/api/tasks', q)),
        ...(roles ? [home.overdue, home.dueSoon, home.recent].map((q) => url('/api/items', q)) : []),
      ];
    }
    case 'taskList':
      return [...frame, url('/api/tasks', taskListQuery(screen.state, params))];
    case 'itemQuery': {
      if (!roles) return [...frame, '/api/sources'];
      const scope = itemQueryScope(roles, params) as Parameters<typeof itemsQuery>[0];
      const query = itemsQuery(scope, readFilters(params), readPage(params));
      return [...frame, url('/api/items', query), '/api/sources'];
    }
    // 新建督办's list of 来源 (features/items/NewItemPage.tsx), for the supervisors whose page it is
    // (App.tsx RequireRole); others see 无权访问, which asks for nothing.
    case 'newItem':
      return roles && !roles.includes('supervisor') ? frame : [...frame, '/api/sources'];
    case 'itemDetail': {
      let id: string;
      try {
        // The router decodes the segment, the client encodes it again (api/endpoints.ts `getItem`).
        id = encodeURIComponent(decodeURIComponent(screen.id));
      } catch {
        return frame;
      }
      return [...frame, `/api/items/${id}`, `/api/items/${id}/history`];
    }
  }
}
