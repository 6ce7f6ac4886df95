import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, onUnauthenticated } from '../../api/client';
import * as endpoints from '../../api/endpoints';
import type { Me } from '../../api/types';
import { rememberRoles } from '../../lib/rememberedRoles';

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

/**
 * `initial`: the session the page was rendered for by the server (lib/serverRendered.ts); without
 * it the provider asks for the session first (`checking` until it has answered).
 */
export function AuthProvider({ initial, children }: { initial?: { user: Me | null }; children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(initial?.user ?? null);
  const [checking, setChecking] = useState(initial === undefined);
  const queryClient = useQueryClient();
  const known = initial !== undefined;

  useEffect(() => {
    let alive = true;
    // /api/auth/session answers 200 {user: null} to a visitor: no 401 logged on the 登录 page.
    if (!known)
      endpoints
        .getSession()
        .then(({ user }) => alive && setMe(user))
        .catch((error: unknown) => {
          if (!(error instanceof ApiError) || error.status !== 401) console.warn(error);
        })
        .finally(() => alive && setChecking(false));
    // What was loaded for one user is never shown to the next one who signs in on this browser.
    const off = onUnauthenticated(() => {
      setMe(null);
      queryClient.clear();
    });
    return () => {
      alive = false;
      off();
    };
  }, [queryClient, known]);

  // The roles for the HTML's first requests of the next page load (lib/rememberedRoles.ts).
  useEffect(() => {
    if (!checking) rememberRoles(me?.roles ?? null);
  }, [me, checking]);

  const login = useCallback(
    async (username: string, password: string) => {
      await endpoints.login(username, password);
      queryClient.clear();
      setMe(await endpoints.getMe());
    },
    [queryClient],
  );

  const logout = useCallback(async () => {
    try {
      await endpoints.logout();
    } finally {
      setMe(null);
      queryClient.clear();
    }
  }, [queryClient]);

  const refresh = useCallback(async () => {
    setMe(await endpoints.getMe());
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
