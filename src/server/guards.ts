import { AppError } from '../domain/errors';
import type { Role } from '../domain/types';
import type { SessionUser } from './session';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids in paths are not validated by schema: a malformed one is simply a resource that does not exist. */
export const isUuid = (value: string): boolean => UUID.test(value);

export function requireRole(actor: SessionUser, roles: readonly Role[], message: string): void {
  if (!roles.some((role) => actor.roles.includes(role))) throw new AppError('forbidden', message);
}
