/**
 * Sign-in rules: password policy and the lockout counter. Pure; the auth service persists the
 * counter per submitted username (existing or not, so answers never reveal which names exist).
 */

export interface PasswordPolicy {
  minLength: number;
  requireLetterAndDigit: boolean;
}

/** Usernames shorter than this are not looked for inside passwords (`li` would forbid too much). */
const USERNAME_IN_PASSWORD_MIN = 3;

/**
 * Returns what is wrong with a new password (Chinese, for the `password` field), or null. With the
 * account's `username`, a password containing it (ignoring case) is refused too: it is the first
 * thing anyone guessing tries.
 */
export function passwordProblem(password: string, policy: PasswordPolicy, username?: string): string | null {
  if (password.length < policy.minLength) return `密码至少 ${policy.minLength} 位`;
  if (policy.requireLetterAndDigit && !(/[A-Za-z]/.test(password) && /\d/.test(password))) {
    return '密码须同时包含字母和数字';
  }
  const name = username?.trim().toLowerCase() ?? '';
  if (name.length >= USERNAME_IN_PASSWORD_MIN && password.toLowerCase().includes(name)) {
    return '密码不能包含用户名';
  }
  return null;
}

export interface LockoutPolicy {
  /** Failures of one username from one client address before that pair is locked. */
  maxFailures: number;
  /** Failures of one username from all addresses together before it is locked everywhere. */
  maxFailuresGlobal?: number;
  windowMinutes: number;
  lockMinutes: number;
}

/**
 * The lockout counters of a sign-in attempt (contract v1.1): one per (username, client address),
 * which a colleague at another desk cannot fill, and one per username across all addresses, with
 * a higher ceiling, against a guesser who moves between addresses. The username is taken as typed,
 * case folded but not trimmed: ` head` is another name, not a way into head's count.
 */
export function lockoutKeys(username: string, ip: string | null): { pair: string; global: string } {
  const name = username.toLowerCase();
  return { pair: `addr:${ip ?? '-'} ${name}`, global: `user:${name}` };
}

export interface AttemptRecord {
  failures: number;
  windowStartedAt: Date;
  lockedUntil: Date | null;
}

const MINUTE = 60_000;

/** True while a lock set by earlier failures lasts. */
export function isLocked(record: AttemptRecord | undefined, now: Date): boolean {
  return record?.lockedUntil != null && record.lockedUntil.getTime() > now.getTime();
}

/**
 * Counts one more failure. Failures older than the window, or from before an expired lock, no
 * longer count. Reaching the limit sets the lock; the attempt that reaches it still answers 401,
 * every later one 429 until the lock ends.
 */
export function recordFailure(
  record: AttemptRecord | undefined,
  now: Date,
  policy: LockoutPolicy,
): AttemptRecord {
  const windowOver =
    record === undefined ||
    now.getTime() - record.windowStartedAt.getTime() >= policy.windowMinutes * MINUTE ||
    (record.lockedUntil !== null && record.lockedUntil.getTime() <= now.getTime());
  const failures = windowOver ? 1 : record.failures + 1;
  return {
    failures,
    windowStartedAt: windowOver ? now : record.windowStartedAt,
    lockedUntil:
      failures >= policy.maxFailures ? new Date(now.getTime() + policy.lockMinutes * MINUTE) : null,
  };
}
