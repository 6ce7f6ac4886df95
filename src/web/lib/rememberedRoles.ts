/**
 * The roles of the last user signed in on this browser, kept in localStorage: the HTML's
 * first-requests script (boot/firstRequests.ts) asks for a page's role-dependent queries (督办空间's
 * and 督办查询's scope) with them at once instead of after the session's answer, one round trip
 * earlier. Only a hint: the script asks again with the session's roles when they differ, and the
 * server checks every request as ever. Kept free of React: it is bundled into that script.
 */
import type { Role } from '../api/types';

const KEY = 'duban.roles';

/** Remembers `roles` (the signed-in user's), or forgets them (null: signed out). */
export function rememberRoles(roles: readonly Role[] | null): void {
  try {
    if (roles) localStorage.setItem(KEY, JSON.stringify(roles));
    else localStorage.removeItem(KEY);
  } catch {
    // Storage refused (private mode, full): the script then waits for the session.
  }
}

/** The remembered roles; undefined when none are, or what is stored is not a list of names. */
export function rememberedRoles(): Role[] | undefined {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    return Array.isArray(value) && value.every((r) => typeof r === 'string') ? (value as Role[]) : undefined;
  } catch {
    return undefined;
  }
}
