/**
 * 统一身份认证 (OIDC) against a real provider started here (oidc-provider on a loopback port): the
 * authorization code flow with PKCE, state and nonce, and each way it must fail without a session.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OidcConfig } from '../src/server/config';
import { type Client, createDepartment, createTestApp, createUser, type TestApp } from './helpers';
import { authorize, CLIENT_ID, CLIENT_SECRET, startProvider, type TestProvider } from './oidc/provider';

const REDIRECT_URI = 'http://127.0.0.1:3999/api/auth/oidc/callback';

function oidcConfig(issuer: string): OidcConfig {
  return {
    issuer,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    name: '统一身份认证',
    usernameClaim: 'preferred_username',
    redirectUri: REDIRECT_URI,
  };
}

const cookieOf = (res: LightMyRequestResponse, name: string) => res.cookies.find((c) => c.name === name);

describe('统一身份认证 (OIDC)', () => {
  let provider: TestProvider;
  let t: TestApp;
  let admin: Client;

  beforeAll(async () => {
    provider = await startProvider();
    provider.setRedirectUri(REDIRECT_URI);
    t = await createTestApp({ oidc: oidcConfig(provider.issuer) });
    admin = await t.admin();
    const office = await createDepartment(t, '办公室');
    await createUser(t, { username: 'ZhangSan', name: '张三', departmentId: office.id });
    const leaver = await createUser(t, { username: 'leaver', departmentId: office.id });
    expect((await admin.patch(`/api/users/${leaver.id}`, { disabled: true })).statusCode).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });

  /** Start at Duban, sign in at the provider as `login`; answers the callback URL and the pending cookie. */
  async function throughProvider(login: string) {
    const start = await t.app.inject({ method: 'GET', url: '/api/auth/oidc/start' });
    expect(start.statusCode).toBe(302);
    const pending = cookieOf(start, 'duban_oidc');
    const back = await authorize(start.headers.location as string, REDIRECT_URI, login);
    return { back, pending: pending?.value ?? '' };
  }

  const callback = (back: URL, pending: string) =>
    t.app.inject({
      method: 'GET',
      url: `${back.pathname}${back.search}`,
      cookies: pending ? { duban_oidc: pending } : {},
    });

  async function failures() {
    const audit = (await admin.get('/api/audit?action=auth.login.failure')).json() as {
      events: { detail: { method: string; reason?: string; username?: string } }[];
    };
    return audit.events.filter((e) => e.detail.method === 'oidc');
  }

  it('names the button after OIDC_NAME on the login page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/providers' });
    expect(res.json()).toEqual({ local: true, ldap: false, oidc: { name: '统一身份认证' } });
  });

  it('sends the browser to the provider with PKCE (S256), state and nonce, remembered in an HttpOnly cookie', async () => {
    const start = await t.app.inject({ method: 'GET', url: '/api/auth/oidc/start' });
    expect(start.statusCode).toBe(302);
    const to = new URL(start.headers.location as string);
    expect(to.origin).toBe(provider.issuer);
    expect(Object.fromEntries(to.searchParams)).toMatchObject({
      client_id: CLIENT_ID,
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      state: expect.any(String),
      nonce: expect.any(String),
    });
    const pending = cookieOf(start, 'duban_oidc');
    expect(pending).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/api/auth/oidc' });
  });

  it('signs the matching user in (username claim, any case) and redirects to the app', async () => {
    const { back, pending } = await throughProvider('zhangsan');
    const res = await callback(back, pending);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/');
    const session = cookieOf(res, 'duban_sid');
    expect(session?.httpOnly).toBe(true);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/me',
      cookies: { duban_sid: session?.value ?? '' },
    });
    expect(me.json()).toMatchObject({ username: 'ZhangSan', mustChangePassword: false });
    const audit = (await admin.get('/api/audit?action=auth.login.success')).json() as {
      events: { actorId: string; detail: { method: string } }[];
    };
    expect(audit.events[0]?.detail.method).toBe('oidc');
  });

  it('an unknown username gets the login page with a reason, never a new account', async () => {
    const users = (await admin.get('/api/users?includeDisabled=true')).json() as unknown[];
    const { back, pending } = await throughProvider('stranger');
    const res = await callback(back, pending);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/login?error=oidc_unknown_user');
    expect(cookieOf(res, 'duban_sid')).toBeUndefined();
    expect(((await admin.get('/api/users?includeDisabled=true')).json() as unknown[]).length).toBe(
      users.length,
    );
    expect((await failures())[0]?.detail).toMatchObject({ reason: 'unknown_user', username: 'stranger' });
  });

  it('a disabled user gets the login page with a reason', async () => {
    const { back, pending } = await throughProvider('leaver');
    const res = await callback(back, pending);
    expect(res.headers.location).toBe('/login?error=oidc_disabled');
    expect(cookieOf(res, 'duban_sid')).toBeUndefined();
  });

  it('refuses a callback whose state is not the one this browser started with, or without the cookie', async () => {
    const { back, pending } = await throughProvider('zhangsan');
    const forged = new URL(back);
    forged.searchParams.set('state', 'forged-state');
    const res = await callback(forged, pending);
    expect(res.headers.location).toBe('/login?error=oidc_failed');
    expect(cookieOf(res, 'duban_sid')).toBeUndefined();
    // The same genuine answer without the browser's pending cookie (another browser, a replayed link).
    const elsewhere = await callback(back, '');
    expect(elsewhere.headers.location).toBe('/login?error=oidc_failed');
    expect(cookieOf(elsewhere, 'duban_sid')).toBeUndefined();
  });

  it('refuses an expired authorization code, and a code used twice', async () => {
    const first = await throughProvider('zhangsan');
    provider.expireCode(first.back.searchParams.get('code') as string);
    const expired = await callback(first.back, first.pending);
    expect(expired.headers.location).toBe('/login?error=oidc_failed');
    expect(cookieOf(expired, 'duban_sid')).toBeUndefined();
    expect((await failures())[0]?.detail.reason).toBe('invalid_grant');

    const second = await throughProvider('zhangsan');
    expect(cookieOf(await callback(second.back, second.pending), 'duban_sid')).toBeDefined();
    const replay = await callback(second.back, second.pending);
    expect(replay.headers.location).toBe('/login?error=oidc_failed');
  });
});

describe('统一身份认证 unreachable', () => {
  it('sends the browser back to the login page saying so; local sign-in still works', async () => {
    const t = await createTestApp({ oidc: oidcConfig('http://127.0.0.1:9') });
    try {
      const start = await t.app.inject({ method: 'GET', url: '/api/auth/oidc/start' });
      expect(start.statusCode).toBe(302);
      expect(start.headers.location).toBe('/login?error=oidc_unavailable');
      await t.admin();
    } finally {
      await t.close();
    }
  });
});
