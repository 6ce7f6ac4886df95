/** The list filters of every item list (spec §8), kept in the URL so that back/forward and links work. */
import type { Query } from '../../api/client';

export const FILTER_KEYS = [
  'status',
  'closeKind',
  'result',
  'extended',
  'notReportedThisMonth',
  'leadDepartmentId',
  'source',
  'overdue',
  'assignedFrom',
  'assignedTo',
  'dueFrom',
  'dueTo',
  'q',
  'sort',
] as const;
/** The parameters an item list writes: its filters and its paging. */
const LIST_KEYS = new Set<string>([...FILTER_KEYS, 'page', 'pageSize']);
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string>>;

export function readFilters(params: URLSearchParams): Filters {
  const filters: Filters = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  return filters;
}

export function readPage(params: URLSearchParams): { page: number; pageSize: number } {
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(200, Math.max(1, Number(params.get('pageSize')) || 20));
  return { page, pageSize };
}

/**
 * URL parameters for new filters; paging restarts at page 1 unless given. Parameters the list does not
 * own (督办查询's `scope`: 本部门 / 我登记的 / 全部) are kept from `current`: a search, a sort or a new
 * page stays in the chosen scope.
 */
export function writeFilters(
  filters: Filters,
  paging?: { page: number; pageSize: number },
  current?: URLSearchParams,
): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of current ?? []) {
    if (!LIST_KEYS.has(key)) params.append(key, value);
  }
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  if (paging && paging.page > 1) params.set('page', String(paging.page));
  if (paging && paging.pageSize !== 20) params.set('pageSize', String(paging.pageSize));
  return params;
}

/** The API query of GET /api/items and its Excel export. */
export function itemsQuery(
  scope: 'department' | 'all' | 'registered',
  filters: Filters,
  paging?: { page: number; pageSize: number },
): Query {
  return { scope, ...filters, ...(paging ?? {}) };
}
