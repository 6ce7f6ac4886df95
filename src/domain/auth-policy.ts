/**
 * Sign-in rules: password policy and the lockout counter. Pure; the auth service persists the
 * counter per submitted username (existing or not, so answers never reveal which names exist).
 */

export interface PasswordPolicy {
  minLength: number;
  requireLetterAndDigit: boolean;
}

/** Returns what is wrong with a new password (Chinese, for the `password` field), or null. */
export function passwordProblem(password: string, policy: PasswordPolicy): string | null {
  if (password.length < policy.minLength) return `密码至少 ${policy.minLength} 位`;
  if (policy.requireLetterAndDigit && !(/[A-Za-z]/.test(password) && /\d/.test(password))) {
    return '密码须同时包含字母和数字';
  }
  return null;
}

export interface LockoutPolicy {
  maxFailures: number;
  windowMinutes: number;
  lockMinutes: number;
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
