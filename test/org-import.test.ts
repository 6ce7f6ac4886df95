/**
 * 导入组织架构 through the real app: template, dry run, apply, the one-time passwords file, the
 * forced change at first sign-in, and bad input of every kind applying nothing.
 */
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  type Client,
  createDepartment,
  createTestApp,
  createUser,
  errorOf,
  multipart,
  PASSWORD,
  type TestApp,
} from './helpers';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DEPARTMENT_HEADER = ['部门', '排序'];
const PEOPLE_HEADER = ['用户名', '姓名', '部门', '职务', '角色', '邮箱', '手机'];

type Rows = (string | number | null)[][];

async function workbook(sheets: Record<string, Rows>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = book.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

const upload = (client: Client, data: Buffer, query = '', fileName = 'org.xlsx') => {
  const { body, headers } = multipart(fileName, data);
  return client.request('POST', `/api/org/import${query}`, body, headers);
};

interface Answer {
  departments: { created: number; updated: number; unchanged: number };
  users: { created: number; updated: number; unchanged: number };
  errors: { sheet: string; row: number; field: string; message: string }[];
  applied: boolean;
  passwordsFile?: string;
}

async function readPasswords(res: LightMyRequestResponse) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  const rows: string[][] = [];
  sheet?.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1).map(String));
  });
  return rows;
}

async function snapshot(t: TestApp) {
  const users = await t.db.db.execute(
    'select username, name, department_id, position from users order by username',
  );
  const departments = await t.db.db.execute(
    'select name, parent_id, sort_order from departments order by name',
  );
  return JSON.stringify([users, departments]);
}

describe('组织架构导入', () => {
  let t: TestApp;
  let admin: Client;
  let office: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.admin();
    office = await createDepartment(t, '市政府办公室');
    await createUser(t, {
      username: 'zhang',
      name: '张三',
      departmentId: office.id,
      position: 'head',
      roles: ['supervisor'],
    });
  });
  afterAll(() => t.close());

  it('the template has sheets 部门 and 人员 with the contract’s columns; sysadmins only', async () => {
    const res = await admin.get('/api/org/import/template.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const header = (name: string) =>
      (book.getWorksheet(name)?.getRow(1).values as unknown[] | undefined)?.slice(1);
    expect(header('部门')).toEqual(DEPARTMENT_HEADER);
    expect(header('人员')).toEqual(PEOPLE_HEADER);

    const zhang = await t.login('zhang');
    expect((await zhang.get('/api/org/import/template.xlsx')).statusCode).toBe(403);
    const file = await workbook({ 部门: [DEPARTMENT_HEADER, ['A']] });
    expect(errorOf(await upload(zhang, file)).code).toBe('forbidden');
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/org/import',
      ...multipart('a.xlsx', file),
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('a dry run (the default) answers what the import would do and changes nothing', async () => {
    const before = await snapshot(t);
    const file = await workbook({
      部门: [DEPARTMENT_HEADER, ['市政府办公室', 1], ['市政府办公室/督查室', 2]],
      人员: [
        PEOPLE_HEADER,
        ['li', '李四', '市政府办公室/督查室', '具体负责人', '督办员', 'li@example.gov.cn', '13900000000'],
      ],
    });
    const res = await upload(admin, file);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      departments: { created: 1, updated: 1, unchanged: 0 },
      users: { created: 1, updated: 0, unchanged: 0 },
      errors: [],
      applied: false,
    });
    expect(await snapshot(t)).toBe(before);
  });

  let oneTimePassword = '';

  it('applies in one go; new users get one-time passwords, in a file downloadable once and nowhere else', async () => {
    const file = await workbook({
      // Columns in any order, extra columns ignored; the child before its parent.
      部门: [
        ['备注', '排序', '部门'],
        ['', 3, '市政府办公室/督查室/一科'],
        ['', 2, '市政府办公室/督查室'],
      ],
      人员: [
        ['姓名', '用户名', '部门', '职务', '角色', '手机'],
        ['李四', 'li', '市政府办公室/督查室', '具体负责人', '督办员，领导', '13900000000'],
        ['王五', 'wang', '市政府办公室/督查室/一科', '部处负责人', '', ''],
        ['张三', 'ZHANG', '市政府办公室', '部处负责人', '督办员', ''],
      ],
    });
    const res = await upload(admin, file, '?dryRun=false');
    expect(res.statusCode).toBe(200);
    const answer = res.json() as Answer;
    expect(answer).toMatchObject({
      departments: { created: 2, updated: 0, unchanged: 0 },
      users: { created: 2, updated: 0, unchanged: 1 },
      errors: [],
      applied: true,
    });
    expect(answer.passwordsFile).toMatch(/^\/api\/org\/import\/passwords\/[0-9a-f-]{36}$/);

    const users = (await admin.get('/api/users')).json() as {
      username: string;
      roles: string[];
      phone: string | null;
    }[];
    expect(users.find((u) => u.username === 'li')).toMatchObject({
      roles: ['leader', 'supervisor'],
      phone: '13900000000',
    });
    const departments = (await admin.get('/api/departments')).json() as {
      name: string;
      order: number;
      parentId: string;
    }[];
    expect(departments.find((d) => d.name === '一科')).toMatchObject({ order: 3 });

    // Another sysadmin, or the same one in another session, does not get the file.
    const other = await createUser(t, { username: 'root2', departmentId: office.id, roles: ['sysadmin'] });
    expect((await (await t.login(other.username)).get(answer.passwordsFile as string)).statusCode).toBe(404);
    expect((await (await t.admin()).get(answer.passwordsFile as string)).statusCode).toBe(404);

    const download = await admin.get(answer.passwordsFile as string);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe(XLSX);
    const rows = await readPasswords(download);
    expect(rows[0]).toEqual(['用户名', '姓名', '部门', '初始密码']);
    expect(rows.slice(1).map((r) => r.slice(0, 3))).toEqual([
      ['li', '李四', '市政府办公室/督查室'],
      ['wang', '王五', '市政府办公室/督查室/一科'],
    ]);
    oneTimePassword = rows[1]?.[3] ?? '';
    expect(oneTimePassword).toMatch(/^[A-Za-z0-9]{12,}$/);
    expect((await admin.get(answer.passwordsFile as string)).statusCode).toBe(404);

    // Nowhere else: not in the answer, not in the audit, not in the database.
    const passwords = rows.slice(1).map((r) => r[3] as string);
    const audit = await admin.get('/api/audit?action=org.import');
    expect((audit.json() as { total: number }).total).toBe(2);
    const everything = JSON.stringify([
      res.json(),
      audit.json(),
      await t.db.db.execute('select * from import_files'),
    ]);
    for (const password of passwords) expect(everything).not.toContain(password);
  });

  it('a one-time password must be changed at first sign-in before anything else', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'li', password: oneTimePassword },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json()).toMatchObject({ user: { username: 'li' }, mustChangePassword: true });
    const li = await t.login('li', oneTimePassword);

    expect((await li.get('/api/me')).json()).toMatchObject({ username: 'li', mustChangePassword: true });
    for (const res of [
      await li.get('/api/items'),
      await li.get('/api/tasks?state=pending'),
      await li.post('/api/items', {}),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(errorOf(res).code).toBe('password_change_required');
    }
    // 401 and the CSRF 403 come first.
    const noHeader = await li.request('POST', '/api/items', {}, { 'x-requested-with': '' });
    expect(errorOf(noHeader).code).toBe('forbidden');

    const wrong = await li.post('/api/me/password', { currentPassword: 'nope', newPassword: 'NewPassw0rd' });
    expect(wrong.statusCode).toBe(400);
    expect(errorOf(wrong).fields).toHaveProperty('currentPassword');
    const failures = await t.db.db.execute(
      "select failures from login_attempts where username_key = 'user:li'",
    );
    expect(JSON.stringify(failures)).toContain('"failures":1');
    const same = await li.post('/api/me/password', {
      currentPassword: oneTimePassword,
      newPassword: oneTimePassword,
    });
    expect(errorOf(same).fields).toHaveProperty('newPassword');
    const weak = await li.post('/api/me/password', {
      currentPassword: oneTimePassword,
      newPassword: 'short',
    });
    expect(errorOf(weak).fields).toHaveProperty('newPassword');

    expect(
      (await li.post('/api/me/password', { currentPassword: oneTimePassword, newPassword: 'NewPassw0rd' }))
        .statusCode,
    ).toBe(204);
    expect((await li.get('/api/me')).json()).toMatchObject({ mustChangePassword: false });
    expect((await li.get('/api/items')).statusCode).toBe(200);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'li', password: 'NewPassw0rd' },
    });
    expect(again.json()).toMatchObject({ mustChangePassword: false });
  });

  it('updates by username and path, never deletes, disables or changes a password', async () => {
    const file = await workbook({
      部门: [DEPARTMENT_HEADER, ['市政府办公室/督查室', 7]],
      人员: [
        PEOPLE_HEADER,
        ['LI', '李四', '市政府办公室', '部处分管负责人', '', 'li@example.gov.cn', ''],
        ['admin', '系统管理员', '市政府办公室', '具体负责人', '', '', ''],
      ],
    });
    const answer = (await upload(admin, file, '?dryRun=false')).json() as Answer;
    expect(answer).toMatchObject({
      departments: { created: 0, updated: 1, unchanged: 0 },
      users: { created: 0, updated: 2, unchanged: 0 },
      applied: true,
    });
    expect(answer.passwordsFile).toBeUndefined();
    const users = (await admin.get('/api/users?includeDisabled=true')).json() as {
      username: string;
      position: string;
      roles: string[];
      email: string | null;
      phone: string | null;
    }[];
    expect(users.find((u) => u.username === 'li')).toMatchObject({
      position: 'deputy',
      roles: [],
      email: 'li@example.gov.cn',
      phone: null,
    });
    // The importer keeps 系统管理员 although the row's 角色 is empty.
    expect(users.find((u) => u.username === 'admin')?.roles).toEqual(['sysadmin']);
    expect(users.map((u) => u.username)).toEqual(expect.arrayContaining(['zhang', 'wang', 'root2']));
    await t.login('li', 'NewPassw0rd');
    await t.login('admin', ADMIN_PASSWORD);
    await t.login('zhang', PASSWORD);
  });

  it('lists every row error and applies nothing: unknown departments, repeated usernames, unknown 职务 and 角色, missing columns', async () => {
    const before = await snapshot(t);
    const file = await workbook({
      部门: [['部门'], ['财政局/办公室'], ['市政府办公室/二科'], ['市政府办公室/二科']],
      人员: [
        PEOPLE_HEADER,
        ['chen', '陈六', '不存在的部门', '具体负责人', '', '', ''],
        ['zhao', '赵七', '市政府办公室/二科', '处长', '', '', ''],
        ['ZHAO', '赵八', '市政府办公室', '具体负责人', '老板', '', ''],
        ['sun', '孙九', '市政府办公室', '具体负责人', '督办员、超级管理员', '', ''],
        ['qian', '钱十', '市政府办公室/二科', '具体负责人', '督办员', '', ''],
      ],
      其他: [['x']],
    });
    const answer = (await upload(admin, file, '?dryRun=false')).json() as Answer;
    expect(answer.applied).toBe(false);
    expect(answer.errors.map((e) => [e.sheet, e.row, e.field])).toEqual([
      ['部门', 2, '部门'],
      ['部门', 4, '部门'],
      ['人员', 2, '部门'],
      ['人员', 3, '职务'],
      ['人员', 4, '用户名'],
      ['人员', 4, '角色'],
      ['人员', 5, '角色'],
    ]);
    for (const error of answer.errors) expect(error.message).toMatch(/[\u4e00-\u9fa5]/);
    // What it would have done, had there been no errors.
    expect(answer.departments.created).toBe(1);
    expect(answer.users.created).toBe(1);
    expect(await snapshot(t)).toBe(before);

    const missing = (
      await upload(
        admin,
        await workbook({
          人员: [
            ['用户名', '部门'],
            ['x', '市政府办公室'],
          ],
        }),
        '?dryRun=false',
      )
    ).json() as Answer;
    expect(missing.applied).toBe(false);
    expect(missing.errors).toEqual([
      { sheet: '人员', row: 1, field: '姓名', message: expect.stringContaining('缺少列') },
      { sheet: '人员', row: 1, field: '职务', message: expect.stringContaining('缺少列') },
    ]);
  });

  it('a 1,000-row sheet of garbage: every row listed, nothing applied', async () => {
    const before = await snapshot(t);
    const garbage: Rows = [PEOPLE_HEADER];
    for (let i = 0; i < 1000; i++)
      garbage.push([`用户 ${i}`, '', `部门${i}`, `职${i}`, `角色${i}`, `@${i}`, '无']);
    const answer = (await upload(admin, await workbook({ 人员: garbage }), '?dryRun=false')).json() as Answer;
    expect(answer.applied).toBe(false);
    expect(new Set(answer.errors.map((e) => e.row)).size).toBe(1000);
    expect(answer.errors.filter((e) => e.row === 500).map((e) => e.field)).toEqual([
      '用户名',
      '姓名',
      '部门',
      '职务',
      '角色',
      '邮箱',
      '手机',
    ]);
    expect(answer.users).toEqual({ created: 0, updated: 0, unchanged: 0 });
    expect(await snapshot(t)).toBe(before);
  });

  it('refuses what is not a workbook to import: 415 for a non-.xlsx, 400 naming file otherwise', async () => {
    const csv = await upload(admin, Buffer.from('用户名,姓名\nli,李四\n'), '', 'org.csv');
    expect(csv.statusCode).toBe(415);
    expect(errorOf(csv).code).toBe('unsupported_type');
    const zip = await upload(admin, Buffer.from('PK\u0005\u0006'.padEnd(22, '\u0000')));
    expect(zip.statusCode).toBe(415);

    const neither = await upload(admin, await workbook({ Sheet1: [['用户名']] }));
    expect(neither.statusCode).toBe(400);
    expect(errorOf(neither).fields?.file).toContain('部门');
    const none = await admin.request('POST', '/api/org/import', {});
    expect(errorOf(none).fields).toHaveProperty('file');
  });
});

describe('组织架构导入: limits and load', () => {
  const events: string[] = [];
  let concurrent: Promise<void> | undefined;
  let t: TestApp;
  let admin: Client;

  beforeAll(async () => {
    t = await createTestApp(
      { attachmentMaxMb: 1 },
      {
        importHooks: {
          onPasswordsHashed: (done) => {
            if (done !== 4) return;
            // A sign-in (argon2 on the same thread pool) and a read, while the import is hashing.
            concurrent = Promise.all([
              t.app
                .inject({
                  method: 'POST',
                  url: '/api/auth/login',
                  payload: { username: 'admin', password: ADMIN_PASSWORD },
                })
                .then((res) => events.push(`login ${res.statusCode}`)),
              t.app
                .inject({ method: 'GET', url: '/api/health' })
                .then((res) => events.push(`health ${res.statusCode}`)),
            ]).then(() => undefined);
          },
        },
      },
    );
    admin = await t.admin();
  });
  afterAll(() => t.close());

  it('refuses a file over ATTACHMENT_MAX_MB with 413 too_large', async () => {
    const res = await upload(admin, Buffer.alloc(1024 * 1024 + 10, 1));
    expect(res.statusCode).toBe(413);
    expect(errorOf(res).code).toBe('too_large');
  });

  it('keeps answering other requests while it hashes one-time passwords', async () => {
    await createDepartment(t, '大单位');
    const rows: Rows = [PEOPLE_HEADER];
    for (let i = 0; i < 300; i++) rows.push([`user${i}`, `用户${i}`, '大单位', '具体负责人', '', '', '']);
    const res = await upload(admin, await workbook({ 人员: rows }), '?dryRun=false');
    events.push('import done');
    expect(res.json()).toMatchObject({ applied: true, users: { created: 300 } });
    await concurrent;
    // Both answered while the import was still running.
    expect(events.slice(0, 2).sort()).toEqual(['health 200', 'login 200']);
    expect(events[2]).toBe('import done');
  });
});
