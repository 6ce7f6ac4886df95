/**
 * Sign-in and sync from the office's directory, against a real OpenLDAP server (slapd started on
 * loopback ports from a generated config, see test/ldap/slapd.ts): password checks by bind, the
 * sync of departments and users, LDAPS and StartTLS, once-only scheduled runs across instances,
 * and local sign-in while the directory is down.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app';
import type { Config, LdapConfig } from '../src/server/config';
import { createDirectoryService } from '../src/server/modules/directory/service';
import {
  ADMIN_PASSWORD,
  type Client,
  createDepartment,
  createTestApp,
  createUser,
  errorOf,
  PASSWORD,
  type TestApp,
} from './helpers';
import {
  BASE_DN,
  PEOPLE,
  type Person,
  SERVICE_DN,
  SERVICE_PASSWORD,
  type Slapd,
  startSlapd,
} from './ldap/slapd';

const ADMIN_IN_DIRECTORY: Person = {
  uid: 'admin',
  cn: '目录中的管理员',
  ous: ['市政府办公室'],
  password: 'Directory-admin-1',
};

function ldapConfig(slapd: Slapd, more: Partial<LdapConfig> = {}): LdapConfig {
  return {
    url: slapd.url,
    startTls: false,
    caFile: undefined,
    bindDn: SERVICE_DN,
    bindPassword: SERVICE_PASSWORD,
    baseDn: BASE_DN,
    userFilter: '(objectClass=inetOrgPerson)',
    syncMinutes: 60,
    attributes: {
      username: 'uid',
      name: 'cn',
      email: 'mail',
      phone: 'mobile',
      department: undefined,
      position: 'title',
    },
    ...more,
  };
}

const login = (t: TestApp, username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

interface UserRow {
  id: string;
  username: string;
  name: string;
  departmentId: string;
  position: string;
  email: string | null;
  phone: string | null;
  source: string;
  disabled: boolean;
}

describe('单位目录 (LDAP)', () => {
  let slapd: Slapd;
  let t: TestApp;
  let admin: Client;

  beforeAll(async () => {
    slapd = await startSlapd([...PEOPLE, ADMIN_IN_DIRECTORY]);
    t = await createTestApp({ ldap: ldapConfig(slapd) });
    admin = await t.admin();
  });
  afterAll(async () => {
    await t?.close();
    await slapd?.close();
  });

  it('offers directory sign-in on the login page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/providers' });
    expect(res.json()).toEqual({ local: true, ldap: true, oidc: null });
  });

  it('syncs departments from OUs and users on demand; matched users become directory users, sysadmins stay local', async () => {
    const office = await createDepartment(t, '市政府办公室');
    await createUser(t, {
      username: 'WangWu',
      name: '王五（旧）',
      departmentId: office.id,
      position: 'deputy',
    });
    const res = await admin.post('/api/org/sync');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      departments: { created: 2, updated: 0, unchanged: 1 },
      users: { created: 2, updated: 2, unchanged: 0 },
      errors: [],
      applied: true,
    });
    const users = (await admin.get('/api/users?includeDisabled=true')).json() as UserRow[];
    const departments = (await admin.get('/api/departments')).json() as {
      id: string;
      name: string;
      parentId: string;
    }[];
    const named = (name: string) => departments.find((d) => d.name === name);
    expect(named('督查室')?.parentId).toBe(office.id);
    const by = (username: string) => users.find((u) => u.username.toLowerCase() === username);
    expect(by('zhangsan')).toMatchObject({
      name: '张三',
      departmentId: named('督查室')?.id,
      position: 'head',
      email: 'zhangsan@example.gov.cn',
      phone: '13800000001',
      source: 'ldap',
    });
    // 科员 is not a 职务 Duban knows: a new user is 具体负责人.
    expect(by('lisi')).toMatchObject({
      departmentId: named('综合处')?.id,
      position: 'staff',
      source: 'ldap',
    });
    // Matched by username ignoring case: takes the directory's name, keeps its 职务 (no title).
    expect(by('wangwu')).toMatchObject({
      username: 'WangWu',
      name: '王五',
      position: 'deputy',
      source: 'ldap',
    });
    expect(by('admin')).toMatchObject({ name: '目录中的管理员', source: 'local' });
    const hashes = await t.db.db.execute("select username, password_hash from users where source = 'ldap'");
    expect(JSON.stringify(hashes)).not.toMatch(/argon2/);

    const audit = (await admin.get('/api/audit?action=org.sync')).json() as {
      events: { detail: { trigger: string; usersCreated: string[]; usersNowDirectory: number } }[];
    };
    expect(audit.events[0]?.detail).toMatchObject({
      trigger: 'manual',
      usersCreated: expect.arrayContaining(['lisi', 'zhangsan']),
      usersNowDirectory: 1,
    });
  });

  it('checks a directory user’s password by bind, audited and counted as any sign-in', async () => {
    const ok = await login(t, 'zhangsan', 'Zhang-pass-1');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ user: { username: 'zhangsan' }, mustChangePassword: false });
    expect((await login(t, 'WANGWU', 'Wang-pass-1')).statusCode).toBe(200);
    // The local password the user had before the sync no longer works.
    const old = await login(t, 'wangwu', PASSWORD);
    expect(old.statusCode).toBe(401);
    expect(errorOf(old).message).toBe('用户名或密码错误');
    // The sysadmin keeps the local password, not the directory's.
    expect((await login(t, 'admin', ADMIN_PASSWORD)).statusCode).toBe(200);
    expect((await login(t, 'admin', 'Directory-admin-1')).statusCode).toBe(401);

    const audit = (await admin.get('/api/audit?action=auth.login.success')).json() as {
      events: { actorId: string; detail: { method: string } }[];
    };
    expect(audit.events.slice(0, 3).map((e) => e.detail.method)).toEqual(['local', 'ldap', 'ldap']);

    for (let i = 0; i < 4; i++) expect((await login(t, 'lisi', 'wrong')).statusCode).toBe(401);
    const failures = (await admin.get('/api/audit?action=auth.login.failure')).json() as {
      events: { detail: { method: string; username: string } }[];
    };
    expect(failures.events[0]?.detail).toMatchObject({ method: 'ldap', username: 'lisi' });
    expect((await login(t, 'lisi', 'wrong')).statusCode).toBe(401);
    // Locked like any other username: even the right password waits.
    expect((await login(t, 'lisi', 'Li-pass-1')).statusCode).toBe(429);
    t.clock.advanceMinutes(16);
    expect((await login(t, 'lisi', 'Li-pass-1')).statusCode).toBe(200);
  });

  it('a directory user’s password is the directory’s: no change or reset in Duban', async () => {
    const zhang = await t.login('zhangsan', 'Zhang-pass-1');
    const change = await zhang.post('/api/me/password', {
      currentPassword: 'Zhang-pass-1',
      newPassword: 'Another1pass',
    });
    expect(change.statusCode).toBe(400);
    expect(errorOf(change).fields).toHaveProperty('currentPassword');
    const reset = await admin.patch(`/api/users/${zhang.id}`, { password: 'Another1pass' });
    expect(errorOf(reset).fields).toHaveProperty('password');
  });

  it('a second sync changes nothing; a new colleague in the directory arrives with the next one', async () => {
    const again = (await admin.post('/api/org/sync')).json();
    expect(again).toMatchObject({
      departments: { created: 0 },
      users: { created: 0, updated: 0, unchanged: 4 },
    });
    await slapd.addPerson({
      uid: 'zhaoliu',
      cn: '赵六',
      ous: ['市政府办公室', '督查室'],
      password: 'Zhao-pass-1',
    });
    expect((await admin.post('/api/org/sync')).json()).toMatchObject({ users: { created: 1, unchanged: 4 } });
    expect((await login(t, 'zhaoliu', 'Zhao-pass-1')).statusCode).toBe(200);
    // Nobody else may sync.
    expect((await (await t.login('zhaoliu', 'Zhao-pass-1')).post('/api/org/sync')).statusCode).toBe(403);
  });

  it('the scheduled sync runs once per LDAP_SYNC_MINUTES period however many instances try', async () => {
    const second = await buildApp({ config: t.config, db: t.db.db, clock: t.clock.now, logger: false });
    try {
      const scheduled = async () =>
        (
          (await (await t.admin()).get('/api/audit?action=org.sync')).json() as {
            events: { detail: { trigger: string } }[];
          }
        ).events.filter((e) => e.detail.trigger === 'scheduled').length;
      const before = await scheduled();
      await Promise.all([t.scheduler.runOnce(), second.scheduler.runOnce(), t.scheduler.runOnce()]);
      expect(await scheduled()).toBe(before + 1);
      await second.scheduler.runOnce();
      expect(await scheduled()).toBe(before + 1);
      t.clock.advanceMinutes(60);
      await Promise.all([second.scheduler.runOnce(), t.scheduler.runOnce()]);
      expect(await scheduled()).toBe(before + 2);
    } finally {
      await second.app.close();
    }
  });

  it('speaks LDAPS and StartTLS, checking the directory’s certificate', async () => {
    const ctx = (ldap: LdapConfig) => ({
      db: t.db.db,
      clock: t.clock.now,
      log: pino({ level: 'silent' }),
      config: { ...t.config, ldap } satisfies Config,
    });
    const ldaps = createDirectoryService(
      ctx(ldapConfig(slapd, { url: slapd.secureUrl, caFile: slapd.caFile })),
    );
    expect(await ldaps.verifyPassword('lisi', 'Li-pass-1')).toBe(true);
    expect(await ldaps.verifyPassword('lisi', 'wrong')).toBe(false);
    const startTls = createDirectoryService(ctx(ldapConfig(slapd, { startTls: true, caFile: slapd.caFile })));
    expect(await startTls.verifyPassword('zhangsan', 'Zhang-pass-1')).toBe(true);
    expect(await startTls.verifyPassword('nobody', 'Zhang-pass-1')).toBe(false);
    // Without the CA the certificate is not trusted: the directory counts as unreachable.
    const untrusted = createDirectoryService(ctx(ldapConfig(slapd, { url: slapd.secureUrl })));
    await expect(untrusted.verifyPassword('lisi', 'Li-pass-1')).rejects.toMatchObject({
      code: 'unavailable',
    });
  });

  it('with the directory down, the sysadmin still signs in locally; directory sign-in and sync answer 503', async () => {
    await slapd.stop();
    try {
      expect((await login(t, 'admin', ADMIN_PASSWORD)).statusCode).toBe(200);
      const directoryUser = await login(t, 'zhangsan', 'Zhang-pass-1');
      expect(directoryUser.statusCode).toBe(503);
      expect(errorOf(directoryUser).code).toBe('unavailable');
      // (A fresh session: the test clock has moved past the first one's idle timeout.)
      const sync = await (await t.admin()).post('/api/org/sync');
      expect(sync.statusCode).toBe(503);
      // A scheduled run in a new period fails quietly and leaves the period for a later try.
      t.clock.advanceMinutes(60);
      await t.scheduler.runOnce();
    } finally {
      await slapd.start();
    }
    expect((await login(t, 'zhangsan', 'Zhang-pass-1')).statusCode).toBe(200);
  });
});

describe('departments from an attribute (LDAP_ATTR_DEPARTMENT)', () => {
  // AD often keeps everyone in one OU and the 部处 in an attribute: the OUs must then be ignored.
  const FLAT: Person[] = [
    {
      uid: 'sunqi',
      cn: '孙七',
      ous: ['people'],
      password: 'Sun-pass-1',
      departmentNumber: '市财政局/预算处',
    },
    {
      uid: 'zhouba',
      cn: '周八',
      ous: ['people'],
      password: 'Zhou-pass-1',
      departmentNumber: ' 市财政局 / 国库处 ',
    },
    { uid: 'wujiu', cn: '吴九', ous: ['people'], password: 'Wu-pass-1' },
  ];
  let slapd: Slapd;
  let t: TestApp;

  beforeAll(async () => {
    slapd = await startSlapd(FLAT);
    const config = ldapConfig(slapd);
    t = await createTestApp({
      ldap: { ...config, attributes: { ...config.attributes, department: 'departmentNumber' } },
    });
  });
  afterAll(async () => {
    await t?.close();
    await slapd?.close();
  });

  it('builds the department tree from the attribute’s paths and skips, and lists, an entry without it', async () => {
    const admin = await t.admin();
    const res = await admin.post('/api/org/sync');
    expect(res.statusCode).toBe(200);
    const answer = res.json() as {
      departments: { created: number };
      users: { created: number };
      errors: { field: string; message: string; dn?: string }[];
    };
    expect(answer.departments.created).toBe(3);
    expect(answer.users.created).toBe(2);
    expect(answer.errors).toEqual([
      expect.objectContaining({
        field: 'departmentNumber',
        message: '目录条目没有 departmentNumber（部门）',
        dn: `uid=wujiu,ou=people,${BASE_DN}`,
      }),
    ]);
    const departments = (await admin.get('/api/departments')).json() as {
      id: string;
      name: string;
      parentId: string | null;
    }[];
    const named = (name: string) => departments.find((d) => d.name === name);
    expect(named('people')).toBeUndefined();
    expect(named('预算处')?.parentId).toBe(named('市财政局')?.id);
    expect(named('国库处')?.parentId).toBe(named('市财政局')?.id);
    const users = (await admin.get('/api/users')).json() as UserRow[];
    expect(users.find((u) => u.username === 'zhouba')).toMatchObject({
      departmentId: named('国库处')?.id,
      source: 'ldap',
    });
    expect(users.find((u) => u.username === 'wujiu')).toBeUndefined();
    expect((await login(t, 'sunqi', 'Sun-pass-1')).statusCode).toBe(200);
  });
});

describe('without a directory', () => {
  it('POST /api/org/sync answers 404', async () => {
    const t = await createTestApp();
    try {
      const res = await (await t.admin()).post('/api/org/sync');
      expect(res.statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });
});
