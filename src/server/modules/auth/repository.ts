import { and, eq, ne, sql } from 'drizzle-orm';
import { type Database, queryRows, rawRows } from '../../../db/client';
import { loginAttempts, sessions } from '../../../db/schema';
import type { AttemptRecord } from '../../../domain/auth-policy';
import type { Position, Role } from '../../../domain/types';

export interface SessionRow {
  userId: string;
  username: string;
  name: string;
  departmentId: string;
  position: Position;
  disabled: boolean;
  roles: Role[];
  createdAt: Date;
  lastSeenAt: Date;
  mustChangePassword: boolean;
  method: SignInMethod;
}

/** How a session was signed in (recorded on the session and in the audit). */
export type SignInMethod = 'local' | 'ldap' | 'oidc';

/** Every request that writes reads its session (a constant text: see rawRows). */
const FIND_SESSION = `
  select s.user_id, u.username, u.name, u.department_id, u.position, u.disabled, s.created_at, s.last_seen_at,
    u.must_change_password, s.method,
    (select array_agg(r.role order by r.role) from role_grants r where r.user_id = u.id) as roles
  from sessions s join users u on u.id = s.user_id
  where s.token_hash = $1`;

/** The statement findSession runs, for a caller that runs it itself (first in a transaction). */
export const findSessionStatement = (tokenHash: string): { text: string; values: [string] } => ({
  text: FIND_SESSION,
  values: [tokenHash],
});

interface SessionDbRow {
  user_id: string;
  username: string;
  name: string;
  department_id: string;
  position: Position;
  disabled: boolean;
  roles: Role[] | null;
  created_at: Date | string;
  last_seen_at: Date | string;
  must_change_password: boolean;
  method: SignInMethod;
}

/** One query per request: the session, its user and the user's roles. */
export async function findSession(db: Database, tokenHash: string): Promise<SessionRow | undefined> {
  const [row] = await rawRows<SessionDbRow>(db, FIND_SESSION, [tokenHash]);
  return sessionFromRows(row === undefined ? [] : [row]);
}

/** The session of findSession's rows (as findSessionStatement's were read), or undefined. */
export function sessionFromRows(rows: readonly unknown[]): SessionRow | undefined {
  const row = rows[0] as SessionDbRow | undefined;
  if (!row) return undefined;
  return {
    userId: row.user_id,
    username: row.username,
    name: row.name,
    departmentId: row.department_id,
    position: row.position,
    disabled: row.disabled,
    roles: row.roles ?? [],
    createdAt: new Date(row.created_at),
    lastSeenAt: new Date(row.last_seen_at),
    mustChangePassword: row.must_change_password,
    method: row.method,
  };
}

export async function insertSession(
  db: Database,
  row: {
    tokenHash: string;
    userId: string;
    now: Date;
    ip: string | null;
    userAgent: string | null;
    method: SignInMethod;
  },
) {
  await db.insert(sessions).values({
    tokenHash: row.tokenHash,
    userId: row.userId,
    createdAt: row.now,
    lastSeenAt: row.now,
    ip: row.ip,
    userAgent: row.userAgent,
    method: row.method,
  });
}

export async function touchSession(db: Database, tokenHash: string, now: Date) {
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteSession(db: Database, tokenHash: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteOtherSessionsOfUser(db: Database, userId: string, keepTokenHash: string) {
  await db.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.tokenHash, keepTokenHash)));
}

export async function deleteSessionsOfUser(db: Database, userId: string) {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Sessions past either timeout; removed now and then so the table does not grow forever. */
export async function deleteExpiredSessions(db: Database, idleBefore: Date, createdBefore: Date) {
  await db.execute(
    sql`delete from sessions where last_seen_at < ${idleBefore.toISOString()} or created_at < ${createdBefore.toISOString()}`,
  );
}

export async function findAttemptRecord(db: Database, key: string): Promise<AttemptRecord | undefined> {
  const [row] = await db.select().from(loginAttempts).where(eq(loginAttempts.usernameKey, key));
  return (
    row && { failures: row.failures, windowStartedAt: row.windowStartedAt, lockedUntil: row.lockedUntil }
  );
}

/**
 * Reads the counter with a row lock (creating an empty one first, since a missing row cannot be
 * locked) so that concurrent failures are all counted.
 */
export async function lockAttemptRecord(
  db: Database,
  key: string,
  now: Date,
): Promise<AttemptRecord | undefined> {
  await db
    .insert(loginAttempts)
    .values({ usernameKey: key, failures: 0, windowStartedAt: now, lockedUntil: null })
    .onConflictDoNothing();
  const [row] = await queryRows<{
    failures: number;
    window_started_at: Date | string;
    locked_until: Date | string | null;
  }>(
    db,
    sql`select failures, window_started_at, locked_until from login_attempts where username_key = ${key} for update`,
  );
  if (!row || row.failures === 0) return undefined;
  return {
    failures: row.failures,
    windowStartedAt: new Date(row.window_started_at),
    lockedUntil: row.locked_until === null ? null : new Date(row.locked_until),
  };
}

export async function saveAttemptRecord(db: Database, key: string, record: AttemptRecord) {
  await db
    .insert(loginAttempts)
    .values({ usernameKey: key, ...record })
    .onConflictDoUpdate({ target: loginAttempts.usernameKey, set: { ...record } });
}

export async function clearAttemptRecord(db: Database, key: string) {
  await db.delete(loginAttempts).where(eq(loginAttempts.usernameKey, key));
}
