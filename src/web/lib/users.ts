/**
 * Users from the server, a few at a time: a picker's search and the names of a handful of ids. The
 * web never holds the whole directory (issue 14 point 7: 5,000 users here, ten times that in a
 * province); answers carry the names they show, and these hooks cover what is left.
 */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { listUsers, searchUsers } from '../api/endpoints';
import { keys } from '../api/keys';
import type { Position, Role, User } from '../api/types';

/** What a picker restricts its people to, as GET /api/users filters them. */
export interface UserFilter {
  departmentId?: string | undefined;
  position?: Position | undefined;
  role?: Role | undefined;
  includeDisabled?: boolean | undefined;
}

/** People a picker lists at once; more means "type more" rather than a longer list. */
export const SEARCH_PAGE = 20;
/** A keystroke waits this long for the next before it asks the server. */
export const SEARCH_DEBOUNCE_MS = 250;
const STALE_MS = 60_000;

/** `value`, once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

const cleanFilter = (filter: UserFilter) =>
  Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== false));

/**
 * One page of the people matching `q` within `filter`, best matches first. An empty `q` lists
 * only when the filter names a department (a department's people are few); else it waits for a
 * keystroke. `more` says the page was full: the user should type more.
 */
export function useUserSearch(q: string, filter: UserFilter, enabled = true) {
  const text = q.trim();
  const query = cleanFilter(filter);
  const active = enabled && (text !== '' || filter.departmentId !== undefined);
  const result = useQuery({
    queryKey: keys.userSearch(text, query),
    // One row more than shown: whether there are more, without counting them all.
    queryFn: () => searchUsers({ ...query, q: text || undefined, pageSize: SEARCH_PAGE + 1 }),
    enabled: active,
    staleTime: STALE_MS,
    // The previous answer stays on screen while the next keystroke's is on its way.
    placeholderData: keepPreviousData,
  });
  const rows = active ? (result.data ?? []) : [];
  return {
    users: rows.slice(0, SEARCH_PAGE),
    more: rows.length > SEARCH_PAGE,
    loading: active && result.isFetching,
    waiting: !active,
    error: result.error,
  };
}

/** The users with these ids (disabled ones included), by id: names for a screen that has only ids. */
export function useUsersByIds(ids: readonly string[]): ReadonlyMap<string, User> {
  const sorted = useMemo(() => [...new Set(ids)].sort(), [ids]);
  const { data } = useQuery({
    queryKey: keys.usersByIds(sorted),
    queryFn: () => listUsers({ ids: sorted.join(','), includeDisabled: true }),
    enabled: sorted.length > 0,
    staleTime: 5 * STALE_MS,
  });
  return useMemo(() => new Map((data ?? []).map((u) => [u.id, u])), [data]);
}

/**
 * Tells the cache about users the page has just seen (a picker's choice), so that showing their
 * names asks the server nothing more.
 */
export function useRememberUsers(): (users: readonly User[]) => void {
  const queryClient = useQueryClient();
  return useCallback(
    (users: readonly User[]) => {
      if (users.length === 0) return;
      const sorted = [...users].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      queryClient.setQueryData(keys.usersByIds(sorted.map((u) => u.id)), sorted);
      for (const u of users) queryClient.setQueryData(keys.usersByIds([u.id]), [u]);
    },
    [queryClient],
  );
}

/** A person's name as an answer carries it; a deleted or unknown user shows as a dash, never an id. */
export const personName = (name: string | null | undefined): string => name ?? '—';
