import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api, onUnauthenticated } from '../../api/client';
import type { Me } from '../../api/types';

interface Auth {
  me: Me | null;
  /** True until GET /api/me has answered once. */
  checking: boolean;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  /** Reads GET /api/me again (after the one-time password is changed). */
  refresh: () => Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(true);

  useEffect(() => {
    let alive = true;
    // /api/auth/session answers 200 {user: null} to a visitor: no 401 logged on the 登录 page.
    api
      .get<{ user: Me | null }>('/api/auth/session')
      .then(({ user }) => alive && setMe(user))
      .catch((error: unknown) => {
        if (!(error instanceof ApiError) || error.status !== 401) console.warn(error);
      })
      .finally(() => alive && setChecking(false));
    const off = onUnauthenticated(() => setMe(null));
    return () => {
      alive = false;
      off();
    };
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    await api.post('/api/auth/login', { username, password });
    setMe(await api.get<Me>('/api/me'));
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.post('/api/auth/logout');
    } finally {
      setMe(null);
    }
  }, []);

  const refresh = useCallback(async () => {
    setMe(await api.get<Me>('/api/me'));
  }, []);

  const value = useMemo(
    () => ({ me, checking, login, logout, refresh }),
    [me, checking, login, logout, refresh],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

/** The signed-in user; only for pages behind the login. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('not signed in');
  return me;
}
