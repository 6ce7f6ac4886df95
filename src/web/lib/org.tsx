/** Users and departments, loaded once and cached, to show names for the ids the API returns. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useMemo } from 'react';
import { listDepartments, listUsers } from '../api/endpoints';
import { keys } from '../api/keys';
import type { Department, User } from '../api/types';

export interface Org {
  users: User[];
  departments: Department[];
  loading: boolean;
  userName: (id: string | null | undefined) => string;
  departmentName: (id: string | null | undefined) => string;
  userById: (id: string | null | undefined) => User | undefined;
  reload: () => Promise<void>;
}

const OrgContext = createContext<Org | null>(null);

export function buildOrg(
  users: User[],
  departments: Department[],
  loading: boolean,
  reload: () => Promise<void>,
): Org {
  const usersById = new Map(users.map((u) => [u.id, u]));
  const departmentsById = new Map(departments.map((d) => [d.id, d]));
  return {
    users,
    departments,
    loading,
    reload,
    userById: (id) => (id ? usersById.get(id) : undefined),
    userName: (id) => {
      if (!id) return '系统';
      return usersById.get(id)?.name ?? id;
    },
    departmentName: (id) => {
      if (!id) return '—';
      return departmentsById.get(id)?.name ?? id;
    },
  };
}

const ORG_STALE_MS = 5 * 60_000;
const NO_USERS: User[] = [];
const NO_DEPARTMENTS: Department[] = [];

export function OrgProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  // Names fall back to ids when these fail; the page that needs the lists shows its own error.
  // The whole organisation can be long and seldom changes: read once, again after an edit here
  // (`reload`), and otherwise at most every few minutes.
  const users = useQuery({ queryKey: keys.users(), queryFn: listUsers, staleTime: ORG_STALE_MS });
  const departments = useQuery({
    queryKey: keys.departments(),
    queryFn: listDepartments,
    staleTime: ORG_STALE_MS,
  });
  const loading = users.isFetching || departments.isFetching;

  const reload = useCallback(async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: keys.users() }),
      queryClient.invalidateQueries({ queryKey: keys.departments() }),
    ]);
  }, [queryClient]);

  const org = useMemo(
    () => buildOrg(users.data ?? NO_USERS, departments.data ?? NO_DEPARTMENTS, loading, reload),
    [users.data, departments.data, loading, reload],
  );
  return <OrgContext.Provider value={org}>{children}</OrgContext.Provider>;
}

export function useOrg(): Org {
  const org = useContext(OrgContext);
  if (!org) throw new Error('useOrg outside OrgProvider');
  return org;
}

/** For tests and isolated renders: a fixed organisation. */
export function StaticOrgProvider({
  users,
  departments,
  children,
}: {
  users: User[];
  departments: Department[];
  children: ReactNode;
}) {
  const org = useMemo(() => buildOrg(users, departments, false, async () => {}), [users, departments]);
  return <OrgContext.Provider value={org}>{children}</OrgContext.Provider>;
}
