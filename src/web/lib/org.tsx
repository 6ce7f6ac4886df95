/**
 * The departments, loaded once and cached, to show names for the department ids the API returns
 * and to build the pickers' trees. Users are not here: answers carry the names they show, pickers
 * search the server (./users.ts) — a whole office's directory is too much to load on every page.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useMemo } from 'react';
import { listDepartments } from '../api/endpoints';
import { keys } from '../api/keys';
import type { Department } from '../api/types';

export interface Org {
  departments: Department[];
  loading: boolean;
  departmentName: (id: string | null | undefined) => string;
  reload: () => Promise<void>;
}

const OrgContext = createContext<Org | null>(null);

export function buildOrg(departments: Department[], loading: boolean, reload: () => Promise<void>): Org {
  const departmentsById = new Map(departments.map((d) => [d.id, d]));
  return {
    departments,
    loading,
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

  const org = useMemo(
    () => buildOrg(departments.data ?? NO_DEPARTMENTS, departments.isFetching, reload),
    [departments.data, departments.isFetching, reload],
  );
  return <OrgContext.Provider value={org}>{children}</OrgContext.Provider>;
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
  const org = useMemo(() => buildOrg(departments, false, async () => {}), [departments]);
  return <OrgContext.Provider value={org}>{children}</OrgContext.Provider>;
}
