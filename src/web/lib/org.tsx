/**
 * The departments, loaded once and cached, to show names for the department ids the API returns
 * and to build the pickers' trees. Users are not here: answers carry the names they show, pickers
 * search the server (./users.ts) — a whole office's directory is too much to load on every page.
 */
import { useIsFetching, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useMemo } from 'react';
import { listDepartments } from '../api/endpoints';
import { keys } from '../api/keys';
import type { Department } from '../api/types';

export interface Org {
  departments: Department[];
  departmentName: (id: string | null | undefined) => string;
  reload: () => Promise<void>;
}

const OrgContext = createContext<Org | null>(null);

export function buildOrg(departments: Department[], reload: () => Promise<void>): Org {
  const departmentsById = new Map(departments.map((d) => [d.id, d]));
  return {
    departments,
    reload,
    departmentName: (id) => {
      if (!id) return '—';
      return departmentsById.get(id)?.name ?? id;
    },
  };
}

const ORG_STALE_MS = 5 * 60_000;
const NO_DEPARTMENTS: Department[] = [];

export function OrgProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  // Names fall back to ids when this fails; the page that needs the list shows its own error.
  // A few hundred departments (about 25 KB of JSON at the bench's 200) that seldom change: read
  // once, again after an edit here (`reload`), and otherwise at most every few minutes.
  const departments = useQuery({
    queryKey: keys.departments(),
    queryFn: () => listDepartments(),
    staleTime: ORG_STALE_MS,
  });

  const reload = useCallback(async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: keys.users() }),
      queryClient.invalidateQueries({ queryKey: keys.departments() }),
    ]);
  }, [queryClient]);

  // A new value only when the list itself changes: every page's names and pickers read it, and a
  // reading of the list (its start and end) rendered them all again, twice (useOrgLoading says it).
  const org = useMemo(() => buildOrg(departments.data ?? NO_DEPARTMENTS, reload), [departments.data, reload]);
  return <OrgContext.Provider value={org}>{children}</OrgContext.Provider>;
}

/**
 * True while the departments are being read (部门管理's table shows it). The list's own key only:
 * 人数 (keys.departmentCounts) sits under it and is read by the same page.
 */
export function useOrgLoading(): boolean {
  return useIsFetching({ queryKey: keys.departments(), exact: true }) > 0;
}

export function useOrg(): Org {
  const org = useContext(OrgContext);
  if (!org) throw new Error('useOrg outside OrgProvider');
  return org;
}

/** For tests and isolated renders: fixed departments. */
export function StaticOrgProvider({
  departments,
  children,
}: {
  departments: Department[];
  children: ReactNode;
}) {
  const org = useMemo(() => buildOrg(departments, async () => {}), [departments]);
  return <OrgContext.Provider value={org}>{children}</OrgContext.Provider>;
}
