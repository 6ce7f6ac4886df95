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

/**
 * A write's session taken from the session cache, to be proven inside the command's own transaction
 * (see plugins/auth, `sessionInTransaction`): `statement` reads the session afresh and runs first in
 * that transaction, in the same round trip as BEGIN; `check` then confirms the rows show the session
 * exactly as the request's actor was built from it, or throws StaleSession (the request is then
 * authenticated from the database as any other write, and the command run again).
 */
export interface SessionProof {
  statement: { text: string; values: [string] };
  check(rows: readonly unknown[]): void;
}

/** The cached session a write was started with is gone or changed (see SessionProof). */
export class StaleSession extends Error {
  constructor() {
    super('the cached session no longer matches the database');
    this.name = 'StaleSession';
  }
}
