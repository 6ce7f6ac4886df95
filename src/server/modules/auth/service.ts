import { createHash, randomBytes } from 'node:crypto';
import { isLocked, lockoutKeys, passwordProblem, recordFailure } from '../../../domain/auth-policy';
import { AppError } from '../../../domain/errors';
import type { AppContext } from '../../context';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../passwords';
import { type SessionProof, type SessionUser, StaleSession } from '../../session';
import { insertAuditEvents } from '../audit/repository';
import { findUserForLogin, updateUser } from '../org/repository';
import * as repo from './repository';

const MINUTE = 60_000;
/** last_seen_at is written at most this often: idle expiry is precise to within it. */
const TOUCH_INTERVAL_MS = 30_000;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

/** Bound on the session cache; the oldest entries go first. */
const CACHE_MAX = 10_000;

const WRONG = '用户名或密码错误';

/** 登录: argon2id passwords, database sessions with idle and absolute timeouts, lockout per username. */
/** Checks a directory user's password by an LDAP bind (see modules/directory). */
export interface PasswordDirectory {
  verifyPassword(username: string, password: string): Promise<boolean>;
}

export function createAuthService(ctx: AppContext, directory?: PasswordDirectory) {
  const { db, clock, config } = ctx;
  const idleMs = config.session.idleMinutes * MINUTE;
  const absoluteMs = config.session.absoluteHours * 60 * MINUTE;
  const cacheMs = config.session.cacheSeconds * 1000;

  /**
   * Sessions read in the last `cacheMs`, for read-only requests only: a GET may be answered from a
   * session up to that old, so a logout, disabling or role change made on another instance reaches
   * this one's reads within it, and its writes at once (they always read the database). Changes made
   * on this instance clear the entry immediately. Keyed by the cookie's token itself, so that a read
   * answered from here hashes nothing (the database holds only hashes; this process sees the tokens
   * of every request anyway).
   */
  const cache = new Map<string, { session: repo.SessionRow; readAt: number; tokenHash: string }>();

  function remember(token: string, tokenHash: string, session: repo.SessionRow, now: number) {
    if (cacheMs === 0) return;
    cache.delete(token);
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
    cache.set(token, { session, readAt: now, tokenHash });
  }

  /** Drops the user's cached sessions. */
  function forget(userId: string) {
    for (const [key, entry] of cache) if (entry.session.userId === userId) cache.delete(key);
  }

  /** The request's user as services see them. */
  function sessionUser(session: repo.SessionRow, ip: string | null): SessionUser {
    return {
      id: session.userId,
      username: session.username,
      name: session.name,
      departmentId: session.departmentId,
      position: session.position,
      roles: session.roles,
      ip,
      mustChangePassword: session.mustChangePassword && session.method !== 'oidc',
    };
  }

  /** The same session and user, as far as a request's actor and its checks go (not last_seen_at). */
  const sameSession = (a: repo.SessionRow, b: repo.SessionRow) =>
    a.userId === b.userId &&
    a.username === b.username &&
    a.name === b.name &&
    a.departmentId === b.departmentId &&
    a.position === b.position &&
    a.disabled === b.disabled &&
    a.mustChangePassword === b.mustChangePassword &&
    a.method === b.method &&
    a.createdAt.getTime() === b.createdAt.getTime() &&
    a.roles.length === b.roles.length &&
    a.roles.every((role, i) => b.roles[i] === role);

  /** A session past its idle or absolute timeout at `now`. */
  const expired = (session: repo.SessionRow, now: number) =>
    now - session.lastSeenAt.getTime() >= idleMs || now - session.createdAt.getTime() >= absoluteMs;

  /** The token's cache entry when it may stand in for the database at `now`: fresh, unexpired, enabled. */
  const usableEntry = (token: string, now: number) => {
    const entry = cache.get(token);
    if (entry === undefined || now - entry.readAt >= cacheMs) return undefined;
    return expired(entry.session, now) || entry.session.disabled ? undefined : entry;
  };

  type LoginUser = NonNullable<Awaited<ReturnType<typeof findUserForLogin>>>;
  interface Meta {
    ip: string | null;
    userAgent: string | null;
  }

  /**
   * 429 while the username is locked for this client address, or everywhere; the attempt itself is
   * audited. The answer is the same for existing and unknown names.
   */
  async function refuseIfLocked(username: string, ip: string | null, method: repo.SignInMethod) {
    const now = clock();
    const keys = lockoutKeys(username, ip);
    const [pair, global] = await Promise.all([
      repo.findAttemptRecord(db, keys.pair),
      repo.findAttemptRecord(db, keys.global),
    ]);
    const scope = isLocked(global, now) ? 'global' : isLocked(pair, now) ? 'address' : undefined;
    if (!scope) return;
    await insertAuditEvents(db, [
      {
        at: now,
        actorId: null,
        ip,
        action: 'auth.login.locked',
        detail: { username: username.toLowerCase(), method, scope },
      },
    ]);
    throw new AppError('rate_limited', '登录失败次数过多，账号已暂时锁定，请稍后再试');
  }

  /**
   * One more failure for the username (existing or not) from this address: both counters move in
   * one transaction with the failure's audit entry; a lock that begins is an audit event of its own.
   */
  async function countFailure(
    username: string,
    ip: string | null,
    userId: string | null,
    method: repo.SignInMethod,
  ) {
    const now = clock();
    const keys = lockoutKeys(username, ip);
    const { maxFailuresGlobal, ...policy } = config.lockout;
    await db.transaction(async (tx) => {
      const pair = recordFailure(await repo.lockAttemptRecord(tx, keys.pair, now), now, policy);
      const global = recordFailure(await repo.lockAttemptRecord(tx, keys.global, now), now, {
        ...policy,
        maxFailures: maxFailuresGlobal,
      });
      await repo.saveAttemptRecord(tx, keys.pair, pair);
      await repo.saveAttemptRecord(tx, keys.global, global);
      const name = username.toLowerCase();
      const events: Parameters<typeof insertAuditEvents>[1] = [
        {
          at: now,
          actorId: userId,
          ip,
          action: 'auth.login.failure',
          detail: {
            username: name,
            method,
            failures: pair.failures,
            failuresEverywhere: global.failures,
            locked: pair.lockedUntil !== null || global.lockedUntil !== null,
          },
        },
      ];
      // recordFailure sets lockedUntil only on the failure that reaches the limit.
      for (const [scope, record] of [
        ['address', pair],
        ['global', global],
      ] as const) {
        if (record.lockedUntil !== null) {
          events.push({
            at: now,
            actorId: userId,
            ip,
            action: 'auth.lockout',
            detail: {
              username: name,
              method,
              scope,
              failures: record.failures,
              until: record.lockedUntil.toISOString(),
            },
          });
        }
      }
      await insertAuditEvents(tx, events);
    });
  }

  /** A new session for a user whose credentials were checked by `method`. */
  async function startSession(
    user: LoginUser,
    meta: Meta,
    method: repo.SignInMethod,
    typedUsername?: string,
  ) {
    const token = randomBytes(32).toString('base64url');
    const now = clock();
    await db.transaction(async (tx) => {
      // A successful sign-in resets the user's counters (as typed from this address, and everywhere).
      const keys = lockoutKeys(typedUsername ?? user.username, meta.ip);
      await repo.clearAttemptRecord(tx, keys.pair);
      await repo.clearAttemptRecord(tx, keys.global);
      await repo.clearAttemptRecord(tx, lockoutKeys(user.username, meta.ip).pair);
      await repo.insertSession(tx, { tokenHash: hashToken(token), userId: user.id, now, ...meta, method });
      await insertAuditEvents(tx, [
        { at: now, actorId: user.id, ip: meta.ip, action: 'auth.login.success', detail: { method } },
      ]);
    });
    return {
      token,
      // Only a password sign-in is held to the one-time password's change (see authenticate).
      mustChangePassword: method === 'local' && user.mustChangePassword,
      user: {
        id: user.id,
        username: user.username,
        name: user.name,
        departmentId: user.departmentId,
        position: user.position,
        roles: user.roles,
      },
    };
  }

  return {
    /**
     * 登录 with a username and password: checked against the local hash, or by an LDAP bind for a
     * directory user. Failures count towards the lockout the same way for both, and for unknown names.
     */
    async login(username: string, password: string, meta: Meta) {
      // As typed: no trimming (the page trims what a person types; an API client means what it sends).
      const user = await findUserForLogin(db, username);
      const method: repo.SignInMethod = user?.source === 'ldap' ? 'ldap' : 'local';
      await refuseIfLocked(username, meta.ip, method);
      let ok: boolean;
      if (user?.source === 'ldap') {
        if (!directory) throw new AppError('unavailable', '单位目录（LDAP）未配置，目录用户暂时无法登录');
        ok = await directory.verifyPassword(user.username, password);
      } else {
        // Verify against a dummy hash for unknown names so that the answer time does not tell.
        ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
      }
      if (!user || !ok || user.disabled) {
        await countFailure(username, meta.ip, user?.id ?? null, method);
        throw new AppError('unauthenticated', WRONG);
      }
      return startSession(user, meta, method, username);
    },

    /**
     * A session for a user the identity provider vouched for (统一身份认证): found by username,
     * enabled, never created here. Answers why not otherwise, for the login page.
     */
    async loginExternal(
      username: string,
      meta: Meta,
    ): Promise<
      | { ok: true; session: Awaited<ReturnType<typeof startSession>> }
      | { ok: false; reason: 'unknown_user' | 'disabled' }
    > {
      const user = await findUserForLogin(db, username.trim());
      if (!user || user.disabled) {
        await insertAuditEvents(db, [
          {
            at: clock(),
            actorId: user?.id ?? null,
            ip: meta.ip,
            action: 'auth.login.failure',
            detail: {
              username: username.trim().toLowerCase(),
              method: 'oidc',
              reason: user ? 'disabled' : 'unknown_user',
            },
          },
        ]);
        return { ok: false, reason: user ? 'disabled' : 'unknown_user' };
      }
      return { ok: true, session: await startSession(user, meta, 'oidc') };
    },

    async logout(token: string, actor: SessionUser | null) {
      cache.delete(token);
      await db.transaction(async (tx) => {
        await repo.deleteSession(tx, hashToken(token));
        if (actor) {
          await insertAuditEvents(tx, [
            { at: clock(), actorId: actor.id, ip: actor.ip, action: 'auth.logout', detail: {} },
          ]);
        }
      });
    },

    /**
     * The user of a read-only request whose session was read in the last `cacheMs` and is still
     * valid, without waiting for anything; undefined when `authenticate` must decide (not cached,
     * stale, expired or disabled). The common case of every GET, answered without a promise.
     */
    cachedUser(token: string, ip: string | null): SessionUser | undefined {
      const cached = usableEntry(token, clock().getTime());
      return cached && sessionUser(cached.session, ip);
    },

    /**
     * A write's user from the session cache, with the proof its command runs first in its own
     * transaction (SessionProof): the session's lookup then costs no round trip of its own. Undefined
     * when the write must read its session from the database first, as `authenticate` does: not
     * cached, stale (read more than `cacheMs` ago), expired, disabled, or due for its
     * last_seen_at touch. The proof fails (StaleSession) unless the database shows the session
     * exactly as cached — present, within both timeouts, the user enabled, with the same name,
     * department, position, roles and one-time-password state; it renews the cache entry.
     */
    provableUser(token: string, ip: string | null): { actor: SessionUser; proof: SessionProof } | undefined {
      const now = clock().getTime();
      const entry = usableEntry(token, now);
      if (entry === undefined || now - entry.session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS)
        return undefined;
      const { session: cached, tokenHash } = entry;
      return {
        actor: sessionUser(cached, ip),
        proof: {
          statement: repo.findSessionStatement(tokenHash),
          check(rows) {
            const session = repo.sessionFromRows(rows);
            const at = clock().getTime();
            if (!session || expired(session, at) || !sameSession(session, cached)) throw new StaleSession();
            remember(token, tokenHash, session, at);
          },
        },
      };
    },

    /**
     * The session's user, or null when the token is unknown, expired or the user disabled.
     * `readOnly` requests may be answered from the session cache (see `cache`).
     */
    async authenticate(token: string, ip: string | null, readOnly = false): Promise<SessionUser | null> {
      const now = clock().getTime();
      const entry = cache.get(token);
      const cached = readOnly ? entry : undefined;
      const fresh = cached !== undefined && now - cached.readAt < cacheMs;
      // A write reads the session afresh, but the token's hash is the one the entry keeps (sha256
      // per write was 1 % of the server's CPU per completion).
      const tokenHash = fresh ? undefined : (entry?.tokenHash ?? hashToken(token));
      const session = fresh ? cached.session : await repo.findSession(db, tokenHash as string);
      if (!session) {
        cache.delete(token);
        return null;
      }
      if (expired(session, now) || session.disabled) {
        cache.delete(token);
        await repo.deleteSession(db, tokenHash ?? hashToken(token));
        return null;
      }
      if (!fresh) {
        if (now - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
          await repo.touchSession(db, tokenHash as string, new Date(now));
          session.lastSeenAt = new Date(now);
        }
        remember(token, tokenHash as string, session, now);
      }
      return sessionUser(session, ip);
    },

    /**
     * 修改密码 by the user themself: the current password proves it is them (a session left open on a
     * shared computer must not be enough); every other session of theirs ends.
     */
    async changePassword(actor: SessionUser, token: string, currentPassword: string, newPassword: string) {
      await refuseIfLocked(actor.username, actor.ip, 'local');
      const user = await findUserForLogin(db, actor.username);
      if (user?.source === 'ldap') {
        const message = '您通过单位目录（LDAP）登录，密码请在目录中修改';
        throw new AppError('validation', message, { currentPassword: message });
      }
      const problem = passwordProblem(newPassword, config.password, actor.username);
      if (problem) throw new AppError('validation', problem, { newPassword: problem });
      if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
        // Counted like a failed login: a session left open must not become a way to guess passwords.
        await countFailure(actor.username, actor.ip, actor.id, 'local');
        throw new AppError('validation', '当前密码不正确', { currentPassword: '当前密码不正确' });
      }
      if (currentPassword === newPassword) {
        throw new AppError('validation', '新密码不能与当前密码相同', {
          newPassword: '新密码不能与当前密码相同',
        });
      }
      const passwordHash = await hashPassword(newPassword);
      const now = clock();
      const keep = hashToken(token);
      await db.transaction(async (tx) => {
        await updateUser(tx, actor.id, { passwordHash, mustChangePassword: false }, now);
        await repo.deleteOtherSessionsOfUser(tx, actor.id, keep);
        await insertAuditEvents(tx, [
          {
            at: now,
            actorId: actor.id,
            ip: actor.ip,
            action: 'auth.password.change',
            detail: { oneTimePassword: user.mustChangePassword },
          },
        ]);
      });
      // This session too: it may be cached with the one-time password's restriction.
      forget(actor.id);
    },

    /** A single sign-on that came back without a user to sign in (audited; no lockout: no password). */
    async recordExternalFailure(ip: string | null, reason: string) {
      await insertAuditEvents(db, [
        { at: clock(), actorId: null, ip, action: 'auth.login.failure', detail: { method: 'oidc', reason } },
      ]);
    },

    /** A user changed on this instance (disabled, roles, password, department): read them afresh. */
    forgetUser(userId: string) {
      forget(userId);
    },

    /** Drops sessions past either timeout (the scheduler calls this; idempotent on every instance). */
    purgeExpiredSessions() {
      const now = clock().getTime();
      return repo.deleteExpiredSessions(db, new Date(now - idleMs), new Date(now - absoluteMs));
    },

    cookieMaxAgeSeconds: Math.floor(absoluteMs / 1000),
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
