import type { Actor } from '../domain/types';

/** The signed-in user of one request, as services see them. */
export interface SessionUser extends Actor {
  username: string;
  name: string;
  /** Client address of this request, for the audit log. */
  ip: string | null;
  /** Signed in with a one-time password not yet changed: only the change is allowed. */
  mustChangePassword?: boolean;
}
