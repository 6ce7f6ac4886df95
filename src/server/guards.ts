import { AppError } from '../domain/errors';
import type { Role } from '../domain/types';
import type { SessionUser } from './session';

// The server's modules check ids here beside roles; the check itself is shared with the jobs.
export { isUuid } from '../platform/ids';

export function requireRole(actor: SessionUser, roles: readonly Role[], message: string): void {
  if (!roles.some((role) => actor.roles.includes(role))) throw new AppError('forbidden', message);
}
