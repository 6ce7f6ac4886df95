import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  createDepartment,
  createTestApp,
  createUser,
  errorOf,
  PASSWORD,
  type TestApp,
} from './helpers';

let t: TestApp;
let departmentId: string;

beforeAll(async () => {
  t = await createTestApp();
  departmentId = (await createDepartment(t, '办公室')).id;
  await createUser(t, { username: 'zhangsan', name: '张三', departmentId, position: 'staff' });
});
afterAll(() => t.close());

const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers });

describe('login, me, logout', () => {
  it('signs in with an HttpOnly SameSite=Lax cookie and answers /api/me', async () => {
    const res = await login('zhangsan', PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({
      username: 'zhangsan',
      name: '张三',
      departmentId,
      position: 'staff',
      roles: [],
    });
    const cookie = res.cookies.find((c) => c.name === 'duban_sid');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/me',
      cookies: { duban_sid: cookie?.value ?? '' },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({
      id: res.json().user.id,
      username: 'zhangsan',
      name: '张三',
      departmentId,
      position: 'staff',
      roles: [],
      mustChangePassword: false,
    });
  });

  it('accepts the username in any case', async () => {
    expect((await login('ZhangSan', PASSWORD)).statusCode).toBe(200);
  });

  it('answers 401 without a session, with the contract error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/me' });
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).code).toBe('unauthenticated');
    const bogus = await t.app.inject({ method: 'GET', url: '/api/me', cookies: { duban_sid: 'nope' } });
    expect(bogus.statusCode).toBe(401);
  });

  it('GET /api/auth/session answers 200 with the user or null, never 401', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/auth/session' });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toEqual({ user: null });
    const bogus = await t.app.inject({
      method: 'GET',
      url: '/api/auth/session',
      cookies: { duban_sid: 'nope' },
    });
    expect(bogus.json()).toEqual({ user: null });
    const client = await t.login('zhangsan');
    const session = await client.get('/api/auth/session');
    expect(session.statusCode).toBe(200);
    expect(session.json().user).toEqual((await client.get('/api/me')).json());
    await client.post('/api/auth/logout');
    expect((await client.get('/api/auth/session')).json()).toEqual({ user: null });
  });

  it('logout ends the session', async () => {
    const client = await t.login('zhangsan');
    expect((await client.post('/api/auth/logout')).statusCode).toBe(204);
    expect((await client.get('/api/me')).statusCode).toBe(401);
  });

  it('wrong password and unknown user get the same 401 answer', async () => {
    const wrong = await login('zhangsan', 'Wrong1234');
    const unknown = await login('nobody-here', 'Wrong1234');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('records login success and failure as audit events with the address', async () => {
    await login('zhangsan', 'Wrong1234');
    const admin = await t.admin();
    const res = await admin.get('/api/audit?action=auth.login.failure');
    expect(res.statusCode).toBe(200);
    const events = res.json().events as { action: string; ip: string; detail: { username: string } }[];
    expect(events.some((e) => e.detail.username === 'zhangsan' && e.ip === '127.0.0.1')).toBe(true);
    const ok = await admin.get('/api/audit?action=auth.login.success');
    expect(ok.json().total).toBeGreaterThan(0);
  });

  it('a missing body field is named', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).fields).toHaveProperty('password');
  });
});

describe('session timeouts (injected clock)', () => {
  it('expires after 30 idle minutes, and activity keeps it alive', async () => {
    const client = await t.login('zhangsan');
    t.clock.advanceMinutes(29);
    expect((await client.get('/api/me')).statusCode).toBe(200);
    t.clock.advanceMinutes(29);
    expect((await client.get('/api/me')).statusCode).toBe(200);
    t.clock.advanceMinutes(30);
    expect((await client.get('/api/me')).statusCode).toBe(401);
  });

  it('expires 12 hours after sign-in however active', async () => {
    const client = await t.login('zhangsan');
    // Active every 25 minutes up to 11 h 40 min after sign-in…
    for (let step = 0; step < 28; step++) {
      t.clock.advanceMinutes(25);
      expect((await client.get('/api/me')).statusCode).toBe(200);
    }
    // …and at 12 h 5 min it is over, though only 25 minutes idle.
    t.clock.advanceMinutes(25);
    expect((await client.get('/api/me')).statusCode).toBe(401);
  });
});

describe('CSRF header', () => {
  it('refuses a cookie-authenticated state change without X-Requested-With, after 401', async () => {
    const admin = await t.admin();
    const without = await admin.request(
      'POST',
      '/api/departments',
      { name: '无头部门' },
      { 'x-requested-with': '' },
    );
    expect(without.statusCode).toBe(403);
    expect(errorOf(without).code).toBe('forbidden');
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/departments', payload: { name: 'x' } });
    expect(anonymous.statusCode).toBe(401);
    const withHeader = await admin.post('/api/departments', { name: '有头部门' });
    expect(withHeader.statusCode).toBe(201);
  });

  it('GET needs no header', async () => {
    const admin = await t.admin();
    expect(
      (await admin.request('GET', '/api/departments', undefined, { 'x-requested-with': '' })).statusCode,
    ).toBe(200);
  });
});

describe('lockout', () => {
  it('locks a username after 5 failures for 15 minutes, existing or not, then unlocks', async () => {
    await createUser(t, { username: 'lisi', departmentId });
    for (const name of ['lisi', 'ghost']) {
      for (let i = 0; i < 5; i++) expect((await login(name, 'Wrong1234')).statusCode).toBe(401);
      const locked = await login(name, name === 'lisi' ? PASSWORD : 'Wrong1234');
      expect(locked.statusCode).toBe(429);
      expect(errorOf(locked).code).toBe('rate_limited');
    }
    // Same answer for the existing and the unknown name.
    expect((await login('LISI', PASSWORD)).json()).toEqual((await login('ghost', PASSWORD)).json());
    t.clock.advanceMinutes(14);
    expect((await login('lisi', PASSWORD)).statusCode).toBe(429);
    t.clock.advanceMinutes(2);
    expect((await login('lisi', PASSWORD)).statusCode).toBe(200);
  });

  it('a successful login resets the count', async () => {
    await createUser(t, { username: 'wangwu', departmentId });
    for (let i = 0; i < 4; i++) await login('wangwu', 'Wrong1234');
    expect((await login('wangwu', PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login('wangwu', 'Wrong1234')).statusCode).toBe(401);
    expect((await login('wangwu', PASSWORD)).statusCode).toBe(200);
  });
});

describe('lockout per (username, client address) — contract v1.1', () => {
  const from = (address: string, username: string, password: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      remoteAddress: address,
    });

  it('a clerk failing at one desk does not lock the head out at another', async () => {
    await createUser(t, { username: 'chuzhang', departmentId, position: 'head' });
    for (let i = 0; i < 5; i++)
      expect((await from('10.0.0.7', 'chuzhang', 'Wrong1234')).statusCode).toBe(401);
    expect((await from('10.0.0.7', 'chuzhang', PASSWORD)).statusCode).toBe(429);
    expect((await from('10.0.0.8', 'chuzhang', PASSWORD)).statusCode).toBe(200);
    // The lock is an audit event, naming the scope and the address.
    const audit = await t.db.db.execute(
      sql`select ip, detail from audit_events where action = 'auth.lockout' and detail->>'username' = 'chuzhang'`,
    );
    const rows = (audit as unknown as { rows: { ip: string; detail: { scope: string } }[] }).rows;
    expect(rows).toEqual([
      expect.objectContaining({ ip: '10.0.0.7', detail: expect.objectContaining({ scope: 'address' }) }),
    ]);
  });

  it('spaces around a username are another name, not a way into its count', async () => {
    await createUser(t, { username: 'kezhang', departmentId });
    for (let i = 0; i < 6; i++)
      expect((await from('10.0.1.1', ' kezhang ', 'Wrong1234')).statusCode).toBeGreaterThanOrEqual(401);
    expect((await from('10.0.1.1', ' kezhang ', PASSWORD)).statusCode).toBe(429);
    expect((await from('10.0.1.1', 'kezhang', PASSWORD)).statusCode).toBe(200);
  });

  it('failures from many addresses together lock the username everywhere (LOGIN_MAX_FAILURES_GLOBAL)', async () => {
    const strict = await createTestApp({ lockout: { ...t.config.lockout, maxFailuresGlobal: 8 } });
    try {
      const dept = await createDepartment(strict, '办公室');
      await createUser(strict, { username: 'mishu', departmentId: dept.id });
      const attempt = (address: string, password: string) =>
        strict.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'mishu', password },
          remoteAddress: address,
        });
      for (let i = 0; i < 8; i++) expect((await attempt(`10.1.0.${i}`, 'Wrong1234')).statusCode).toBe(401);
      expect((await attempt('10.1.0.200', PASSWORD)).statusCode).toBe(429);
      strict.clock.advanceMinutes(16);
      expect((await attempt('10.1.0.200', PASSWORD)).statusCode).toBe(200);
    } finally {
      await strict.close();
    }
  });
});

describe('password policy', () => {
  it('refuses a password that contains the username', async () => {
    const admin = await t.admin();
    const res = await admin.post('/api/users', {
      username: 'zhoujie',
      name: '周杰',
      password: 'ZhouJie2026',
      departmentId,
      position: 'staff',
      roles: [],
    });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).fields).toHaveProperty('password');
    const ok = await admin.post('/api/users', {
      username: 'zhoujie',
      name: '周杰',
      password: 'Qiuyu2026x',
      departmentId,
      position: 'staff',
      roles: [],
    });
    expect(ok.statusCode).toBe(201);
  });
});

describe('disabling a user', () => {
  it('ends their sessions and refuses their login', async () => {
    const user = await createUser(t, { username: 'zhaoliu', departmentId });
    const client = await t.login('zhaoliu');
    const admin = await t.admin();
    const res = await admin.patch(`/api/users/${user.id}`, { disabled: true });
    expect(res.statusCode).toBe(200);
    expect((await client.get('/api/me')).statusCode).toBe(401);
    expect((await login('zhaoliu', PASSWORD)).statusCode).toBe(401);
    expect((await admin.patch(`/api/users/${user.id}`, { disabled: false })).statusCode).toBe(200);
    expect((await login('zhaoliu', PASSWORD)).statusCode).toBe(200);
  });

  it('admin password is the bootstrap one', async () => {
    expect((await login('admin', ADMIN_PASSWORD)).statusCode).toBe(200);
  });
});

describe('session cache (SESSION_CACHE_SECONDS, default 2)', () => {
  it('a session ended on another instance stops reads within 2 s and writes at once', async () => {
    const client = await t.login('zhangsan');
    expect((await client.get('/api/me')).statusCode).toBe(200);
    // Another instance logs the user out: the row goes, this instance's cache does not know.
    await t.db.db.execute(
      sql`delete from sessions where user_id = (select id from users where username = 'zhangsan')`,
    );
    expect((await client.get('/api/me')).statusCode).toBe(200);
    expect((await client.post('/api/notifications/read-all')).statusCode).toBe(401);
    expect((await client.get('/api/me')).statusCode).toBe(401);

    const again = await t.login('zhangsan');
    expect((await again.get('/api/me')).statusCode).toBe(200);
    await t.db.db.execute(
      sql`delete from sessions where user_id = (select id from users where username = 'zhangsan')`,
    );
    t.clock.advance(1_999);
    expect((await again.get('/api/me')).statusCode).toBe(200);
    t.clock.advance(1);
    expect((await again.get('/api/me')).statusCode).toBe(401);
  });

  it('a role change on this instance applies to the next read at once', async () => {
    const user = await createUser(t, { username: 'roles', departmentId });
    const client = await t.login('roles');
    expect((await client.get('/api/me')).json().roles).toEqual([]);
    const admin = await t.admin();
    expect((await admin.patch(`/api/users/${user.id}`, { roles: ['leader'] })).statusCode).toBe(200);
    expect((await client.get('/api/me')).json().roles).toEqual(['leader']);
  });
});

describe('修改密码 (POST /api/me/password)', () => {
  it('needs the current password and the policy; ends the other sessions, keeps this one', async () => {
    await createUser(t, { username: 'changer', departmentId });
    const here = await t.login('changer');
    const elsewhere = await t.login('changer');
    const wrong = await here.post('/api/me/password', {
      currentPassword: 'Wrong1234',
      newPassword: 'Better123',
    });
    expect(wrong.statusCode).toBe(400);
    expect(errorOf(wrong).fields).toHaveProperty('currentPassword');
    const weak = await here.post('/api/me/password', { currentPassword: PASSWORD, newPassword: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(errorOf(weak).fields).toHaveProperty('newPassword');
    const same = await here.post('/api/me/password', { currentPassword: PASSWORD, newPassword: PASSWORD });
    expect(errorOf(same).fields).toHaveProperty('newPassword');

    expect(
      (await here.post('/api/me/password', { currentPassword: PASSWORD, newPassword: 'Better123' }))
        .statusCode,
    ).toBe(204);
    expect((await here.get('/api/me')).statusCode).toBe(200);
    expect((await elsewhere.get('/api/me')).statusCode).toBe(401);
    expect((await login('changer', PASSWORD)).statusCode).toBe(401);
    expect((await login('changer', 'Better123')).statusCode).toBe(200);
    const audit = await (await t.admin()).get('/api/audit?action=auth.password.change');
    expect(audit.json().total).toBe(1);
  });

  it('needs a session and the CSRF header', async () => {
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/me/password',
      payload: { currentPassword: 'x', newPassword: 'Better123' },
    });
    expect(anonymous.statusCode).toBe(401);
    const client = await t.login('zhangsan');
    const noHeader = await client.request(
      'POST',
      '/api/me/password',
      { currentPassword: PASSWORD, newPassword: 'Better123' },
      { 'x-requested-with': '' },
    );
    expect(noHeader.statusCode).toBe(403);
  });
});
