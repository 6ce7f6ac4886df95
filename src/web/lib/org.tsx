/** Users and departments, loaded once and cached, to show names for the ids the API returns. */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api } from '../api/client';
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

export function OrgProvider({ children }: { children: ReactNode }) {
  const [users, setUsers] = useState<User[]>([]);
  const [departments, setDepartments] = useState<Department[]>([]);
  const [loading, setLoading] = useState(true);

  const reload = useCallback(async () => {
    setLoading(true);
    try {
      const [u, d] = await Promise.all([
        api.get<User[]>('/api/users'),
        api.get<Department[]>('/api/departments'),
      ]);
      setUsers(u);
      setDepartments(d);
    } catch {
      // Names fall back to ids; the page that needs the lists shows its own error.
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  const org = useMemo(
    () => buildOrg(users, departments, loading, reload),
    [users, departments, loading, reload],
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
