/**
 * The per-address login rate limit (issue 12, contract: "allows at least 60 attempts a minute"):
 * LOGIN_RATE_LIMIT_PER_MINUTE (60) attempts from one address in a minute are answered; the next is a
 * 429 rate_limited with Retry-After; another address is not affected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/server/config';
import { ADMIN_PASSWORD, createTestApp, errorOf, type TestApp } from './helpers';

let t: TestApp;

beforeAll(async () => {
  // The production default, not the harness's ceiling for tests that sign many users in.
  t = await createTestApp({ lockout: loadConfig({ LOG_LEVEL: 'silent' }).lockout });
});
afterAll(() => t.close());

const attempt = (address: string, username: string, password = 'Wrong1234') =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    remoteAddress: address,
  });

describe('login rate limit per client address', () => {
  it('the default allows 60 attempts a minute and refuses the 61st; another address still signs in', async () => {
    expect(t.config.lockout.ratePerMinute).toBe(60);
    // Sent together, so that all fall in one minute however busy the machine; a different unknown
    // name each, so that no per-username lockout answers instead.
    const answers = await Promise.all(
      Array.from({ length: 61 }, (_, i) => attempt('10.20.0.1', `nobody${i}`)),
    );
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 401)).toHaveLength(60);
    const refused = answers.filter((a) => a.statusCode === 429);
    expect(refused).toHaveLength(1);
    const [limited] = refused;
    expect(errorOf(limited as never).code).toBe('rate_limited');
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(0);
    // The right password from the same address is refused too: the limit counts attempts, not failures.
    expect((await attempt('10.20.0.1', 'admin', ADMIN_PASSWORD)).statusCode).toBe(429);
    expect((await attempt('10.20.0.2', 'admin', ADMIN_PASSWORD)).statusCode).toBe(200);
  });

  it('LOGIN_RATE_LIMIT_PER_MINUTE below the contract’s 60 is refused at start', () => {
    expect(() => loadConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '30' })).toThrow(/LOGIN_RATE_LIMIT_PER_MINUTE/);
    expect(loadConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '120' }).lockout.ratePerMinute).toBe(120);
  });
});
