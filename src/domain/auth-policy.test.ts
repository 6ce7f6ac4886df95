import { describe, expect, it } from 'vitest';
import { type AttemptRecord, isLocked, passwordProblem, recordFailure } from './auth-policy';

const policy = { maxFailures: 5, windowMinutes: 15, lockMinutes: 15 };
const t0 = new Date('2026-03-02T08:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

describe('password policy', () => {
  it.each([
    ['abc12345', null],
    ['abcdefgh', '密码须同时包含字母和数字'],
    ['12345678', '密码须同时包含字母和数字'],
    ['ab1', '密码至少 8 位'],
    ['', '密码至少 8 位'],
    // Chinese characters are not Latin letters.
    ['密码密码密码12', '密码须同时包含字母和数字'],
  ])('%j → %j', (password, problem) => {
    expect(passwordProblem(password, { minLength: 8, requireLetterAndDigit: true })).toBe(problem);
  });

  it('is configurable', () => {
    expect(passwordProblem('abcdefghij', { minLength: 10, requireLetterAndDigit: false })).toBeNull();
    expect(passwordProblem('abcdefgh1', { minLength: 10, requireLetterAndDigit: false })).toBe(
      '密码至少 10 位',
    );
  });
});

describe('lockout', () => {
  it('locks on the fifth failure within the window, for the lock time', () => {
    let record: AttemptRecord | undefined;
    for (let i = 0; i < 4; i++) {
      record = recordFailure(record, at(i), policy);
      expect(isLocked(record, at(i))).toBe(false);
    }
    record = recordFailure(record, at(4), policy);
    expect(record.failures).toBe(5);
    expect(isLocked(record, at(4))).toBe(true);
    expect(isLocked(record, at(18.9))).toBe(true);
    expect(isLocked(record, at(19))).toBe(false);
  });

  it('forgets failures older than the window', () => {
    let record: AttemptRecord | undefined;
    for (let i = 0; i < 4; i++) record = recordFailure(record, at(i), policy);
    record = recordFailure(record, at(16), policy);
    expect(record.failures).toBe(1);
    expect(isLocked(record, at(16))).toBe(false);
  });

  it('starts counting afresh after a lock has ended', () => {
    let record: AttemptRecord | undefined;
    for (let i = 0; i < 5; i++) record = recordFailure(record, at(0), policy);
    record = recordFailure(record, at(20), policy);
    expect(record).toEqual({ failures: 1, windowStartedAt: at(20), lockedUntil: null });
  });

  it('no record means not locked', () => {
    expect(isLocked(undefined, t0)).toBe(false);
  });
});

describe('password containing the username', () => {
  const policy = { minLength: 8, requireLetterAndDigit: true };
  it.each([
    ['zhangsan', 'Zhangsan123', false],
    ['zhangsan', 'my1ZHANGSANpw', false],
    ['zhangsan', 'Qiuyu2026x', true],
    ['li', 'Lily2026xx', true], // too short a name to look for
  ])('%s / %s acceptable: %s', (username, password, ok) => {
    expect(passwordProblem(password, policy, username) === null).toBe(ok);
  });
});
