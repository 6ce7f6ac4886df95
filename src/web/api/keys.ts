/**
 * Every query key of the web UI, in one place, so that a command can name what it makes stale.
 * The first element is the resource; invalidating `[resource]` reaches every variant of it
 * (`keys.items()` covers every filtered list, `keys.item(id)` an item and its history).
 */
import type { Query } from './client';

export const keys = {
  item: (id: string) => ['item', id] as const,
  itemHistory: (id: string) => ['item', id, 'history'] as const,
  items: (query?: Query) => (query ? (['items', query] as const) : (['items'] as const)),
  sources: () => ['sources'] as const,
  tasks: (query?: Query) => (query ? (['tasks', query] as const) : (['tasks'] as const)),
  /** 待转交: under `tasks`, so that whatever refreshes the task lists refreshes it too. */
  stuckTasks: (query: Query) => ['tasks', 'stuck', query] as const,
  task: (id: string) => ['task', id] as const,
  notifications: () => ['notifications'] as const,
  summary: () => ['summary'] as const,
  audit: (query?: Query) => (query ? (['audit', query] as const) : (['audit'] as const)),
  eligible: (kind: 'lead' | 'assist') => ['eligible', kind] as const,
  users: () => ['users'] as const,
  /** 选人: one page of a search; under `users`, so that an edit of a user refreshes every search. */
  userSearch: (q: string, filter: Query) => ['users', 'search', q, filter] as const,
  /** A few users by id, for names a screen has only ids for. */
  usersByIds: (ids: readonly string[]) => ['users', 'ids', ...ids] as const,
  departments: () => ['departments'] as const,
  /** 系统管理's 人数: under `departments`, so that an edit refreshes both. */
  departmentCounts: () => ['departments', 'counts'] as const,
  handover: (userId: string) => ['handover', userId] as const,
  absences: (query?: Query) => (query ? (['absences', query] as const) : (['absences'] as const)),
  calendar: (year?: number) => (year === undefined ? (['calendar'] as const) : (['calendar', year] as const)),
  authProviders: () => ['authProviders'] as const,
  publicSettings: () => ['publicSettings'] as const,
};

/**
 * What a command on an item or one of its tasks can change: the item, every task and item list,
 * the counts and the bell. Named once so that no page forgets one of them.
 */
export const WORK_KEYS = [
  ['item'],
  ['items'],
  ['task'],
  ['tasks'],
  ['summary'],
  ['notifications'],
  ['eligible'],
] as const;
