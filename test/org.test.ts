import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createDepartment, createTestApp, createUser, errorOf, type TestApp } from './helpers';

let t: TestApp;
let admin: Client;
let staff: Client;
let office: { id: string };

beforeAll(async () => {
  t = await createTestApp();
  office = await createDepartment(t, '办公室');
  await createUser(t, { username: 'zhangsan', name: '张三', departmentId: office.id });
  await createUser(t, {
    username: 'sup',
    name: '督办员甲',
    departmentId: office.id,
    roles: ['supervisor', 'admin'],
  });
  admin = await t.admin();
  staff = await t.login('zhangsan');
});
afterAll(() => t.close());

describe('departments', () => {
  it('sysadmin creates departments with an optional parent; anyone reads them', async () => {
    const parent = await admin.post('/api/departments', { name: '综合部' });
    expect(parent.statusCode).toBe(201);
    const child = await admin.post('/api/departments', { name: '综合部一处', parentId: parent.json().id });
    expect(child.statusCode).toBe(201);
    expect(child.json()).toMatchObject({ name: '综合部一处', parentId: parent.json().id });
    const list = await staff.get('/api/departments');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: child.json().id, name: '综合部一处', parentId: parent.json().id }),
      ]),
    );
  });

  it('refuses an unknown parent and a cycle, naming parentId', async () => {
    const unknown = await admin.post('/api/departments', {
      name: '孤儿',
      parentId: '01234567-89ab-7def-8123-456789abcdef',
    });
    expect(unknown.statusCode).toBe(400);
    expect(errorOf(unknown).fields).toHaveProperty('parentId');
    const a = (await admin.post('/api/departments', { name: '甲' })).json();
    const b = (await admin.post('/api/departments', { name: '乙', parentId: a.id })).json();
    const cycle = await admin.patch(`/api/departments/${a.id}`, { parentId: b.id });
    expect(cycle.statusCode).toBe(400);
    expect(errorOf(cycle).fields).toHaveProperty('parentId');
  });

  it('a duplicate name is a conflict', async () => {
    const res = await admin.post('/api/departments', { name: '办公室' });
    expect(res.statusCode).toBe(409);
    expect(errorOf(res).code).toBe('conflict');
  });
});

describe('sysadmin-only writes', () => {
  it.each([
    ['POST', '/api/departments', { name: '新部门' }],
    [
      'POST',
      '/api/users',
      { username: 'x1', name: 'x', password: 'abc12345', departmentId: 'd', position: 'staff' },
    ],
    ['PUT', '/api/sources', ['来源']],
  ])('%s %s by a non-sysadmin → 403', async (method, url, body) => {
    for (const client of [staff, await t.login('sup')]) {
      const res = await client.request(method, url, body);
      expect(res.statusCode).toBe(403);
      expect(errorOf(res).code).toBe('forbidden');
    }
  });

  it('PATCH of a user by a non-sysadmin → 403, and 403 comes before body validation', async () => {
    const res = await staff.patch(`/api/users/${staff.id}`, { roles: ['sysadmin'] });
    expect(res.statusCode).toBe(403);
    const invalid = await staff.post('/api/users', { username: '' });
    expect(invalid.statusCode).toBe(403);
    const me = await staff.get('/api/me');
    expect(me.json().roles).toEqual([]);
  });
});

describe('users', () => {
  it('creates a user who can then sign in', async () => {
    const res = await admin.post('/api/users', {
      username: 'liming',
      name: '李明',
      password: 'Secret123',
      departmentId: office.id,
      position: 'deputy',
      roles: ['supervisor'],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      username: 'liming',
      name: '李明',
      position: 'deputy',
      roles: ['supervisor'],
    });
    const client = await t.login('liming', 'Secret123');
    expect((await client.get('/api/me')).json().roles).toEqual(['supervisor']);
  });

  it('a duplicate username (any case) → 409', async () => {
    const res = await admin.post('/api/users', {
      username: 'ZHANGSAN',
      name: '另一个张三',
      password: 'Secret123',
      departmentId: office.id,
      position: 'staff',
    });
    expect(res.statusCode).toBe(409);
    expect(errorOf(res).code).toBe('conflict');
  });

  it('validation names every offending field at once', async () => {
    const res = await admin.post('/api/users', { username: 'bad name!', position: 'boss' });
    expect(res.statusCode).toBe(400);
    const error = errorOf(res);
    expect(error.code).toBe('validation');
    expect(Object.keys(error.fields ?? {}).sort()).toEqual([
      'departmentId',
      'name',
      'password',
      'position',
      'username',
    ]);
  });

  it('applies the password policy, naming the password field', async () => {
    for (const password of ['short1', 'lettersonly', '12345678']) {
      const res = await admin.post('/api/users', {
        username: `pw${password}`,
        name: '密码测试',
        password,
        departmentId: office.id,
        position: 'staff',
      });
      expect(res.statusCode).toBe(400);
      expect(errorOf(res).fields).toHaveProperty('password');
    }
  });

  it('an unknown department is named', async () => {
    const res = await admin.post('/api/users', {
      username: 'nodept',
      name: '无部门',
      password: 'Secret123',
      departmentId: '01234567-89ab-7def-8123-456789abcdef',
      position: 'staff',
    });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).fields).toHaveProperty('departmentId');
  });

  it('resets a password, changes roles, position and department; each change is audited', async () => {
    const other = await createDepartment(t, '财务处');
    const user = await createUser(t, { username: 'qianqi', name: '钱七', departmentId: office.id });
    const res = await admin.patch(`/api/users/${user.id}`, {
      password: 'NewPass123',
      roles: ['leader'],
      position: 'head',
      departmentId: other.id,
      name: '钱七七',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      name: '钱七七',
      position: 'head',
      departmentId: other.id,
      roles: ['leader'],
    });
    await expect(t.login('qianqi')).rejects.toThrow();
    await t.login('qianqi', 'NewPass123');
    const audit = await admin.get(`/api/audit?action=org.user.update&actorId=${admin.id}`);
    const event = audit
      .json()
      .events.find((e: { detail: { userId: string } }) => e.detail.userId === user.id);
    expect(event.detail.before).toMatchObject({ name: '钱七', position: 'staff', roles: [] });
    expect(event.detail.after).toMatchObject({ name: '钱七七', position: 'head', roles: ['leader'] });
    expect(event.detail.passwordReset).toBe(true);
    expect(JSON.stringify(event.detail)).not.toContain('NewPass123');
  });

  it('an unknown or malformed user id → 404', async () => {
    expect((await admin.patch('/api/users/not-a-uuid', { name: 'x' })).statusCode).toBe(404);
    expect(
      (await admin.patch('/api/users/01234567-89ab-7def-8123-456789abcdef', { name: 'x' })).statusCode,
    ).toBe(404);
  });

  it('the picker filters by department and finds people by name, username or pinyin initials', async () => {
    const dept = await createDepartment(t, '信息中心');
    await createUser(t, { username: 'zhoujie', name: '周杰', departmentId: dept.id, position: 'head' });
    await createUser(t, { username: 'wuqiang', name: '吴强', departmentId: dept.id });
    const byDept = (await staff.get(`/api/users?departmentId=${dept.id}`)).json();
    expect(byDept.map((u: { username: string }) => u.username)).toEqual(['zhoujie', 'wuqiang']);
    for (const q of ['周', 'zhouj', 'zj', 'ZJ']) {
      const found = (await staff.get(`/api/users?q=${encodeURIComponent(q)}`)).json();
      expect(found.map((u: { username: string }) => u.username)).toEqual(['zhoujie']);
    }
    expect((await staff.get('/api/users?q=%25')).json()).toEqual([]);
  });
});

describe('督办来源 dictionary', () => {
  it('starts with the defaults and is replaced by sysadmin', async () => {
    const before = (await staff.get('/api/sources')).json();
    expect(before).toContain('上级交办');
    const res = await admin.put('/api/sources', ['上级交办', '领导批示', '专项检查']);
    expect(res.statusCode).toBe(200);
    expect((await staff.get('/api/sources')).json()).toEqual(['上级交办', '领导批示', '专项检查']);
  });
});

describe('e-mail addresses', () => {
  it('are shown to sysadmins and to the user themself only', async () => {
    const user = await createUser(t, { username: 'mailer', name: '有邮箱', departmentId: office.id });
    expect((await admin.patch(`/api/users/${user.id}`, { email: 'mailer@example.gov.cn' })).statusCode).toBe(
      200,
    );
    const find = (list: { id: string; email: string | null }[]) => list.find((u) => u.id === user.id)?.email;
    expect(find((await admin.get('/api/users?q=mailer')).json())).toBe('mailer@example.gov.cn');
    expect(find((await staff.get('/api/users?q=mailer')).json())).toBeNull();
    expect((await (await t.login('mailer')).get(`/api/users/${user.id}`)).json().email).toBe(
      'mailer@example.gov.cn',
    );
  });
});
