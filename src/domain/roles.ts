/**
 * Who sees everything (spec §1, §8): leaders (领导), admins (督办管理员) and supervisors (督办员) see
 * every item and 情况汇总. A module of its own, free of the rest of the domain, because the web asks
 * the same of the signed-in user (督办查询's scope, the first requests, the 情况汇总 route) and bundles
 * only this (permissions.ts re-exports it for the server).
 */
import type { Actor, Role } from './types';

export const SEES_ALL_ROLES: readonly Role[] = ['leader', 'admin', 'supervisor'];

/** Whether the actor sees every item and 情况汇总: it holds one of SEES_ALL_ROLES. */
export function canSeeAll(actor: Pick<Actor, 'roles'>): boolean {
  return actor.roles.some((role) => SEES_ALL_ROLES.includes(role));
}
