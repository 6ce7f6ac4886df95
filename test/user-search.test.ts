/**
 * 选人 on the server (issue 14 point 7): GET /api/users searched by name, username, pinyin initials
 * and department name, filtered, paged, and ids resolved to names — the unpaged list kept as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createDepartment, createTestApp, createUser, type TestApp } from './helpers';

let t: TestApp;
let admin: Client;
let staff: Client;
let office: { id: string };
let finance: { id: string };
const ids: Record<string, string> = {};

const names = (res: { json(): unknown }) => (res.json() as { name: string }[]).map((u) => u.name);

beforeAll(async () => {
  t = await createTestApp();
  office = await createDepartment(t, '办公室');
  finance = await createDepartment(t, '财务处');
  const people = [
    { username: 'zhangbz', name: '张部长', departmentId: office.id, position: 'head' as const },
    { username: 'lisi', name: '李四', departmentId: office.id, roles: ['supervisor' as const] },
    { username: 'wangwu', name: '王五', departmentId: finance.id, position: 'deputy' as const },
    { username: 'zhaoliu', name: '赵六', departmentId: finance.id },
    { username: 'gone', name: '张离职', departmentId: finance.id },
    // An x in the name: search_pairs separates characters with x (two 汉字 typed, issue 14 point 7).
    { username: 'xbu', name: '周x部', departmentId: finance.id },
  ];
  for (const p of people) ids[p.name] = (await createUser(t, p)).id;
  for (let i = 0; i < 25; i++) {
    await createUser(t, {
      username: `clerk${String(i).padStart(2, '0')}`,
      name: `科员${i}`,
      departmentId: finance.id,
    });
  }
  admin = await t.admin();
  expect((await admin.patch(`/api/users/${ids.张离职}`, { disabled: true })).statusCode).toBe(200);
  staff = await t.login('lisi');
});
afterAll(() => t.close());

describe('GET /api/users?q=', () => {
  it('finds by part of the name, by username, by pinyin initials and by full pinyin', async () => {
    expect(names(await staff.get(`/api/users?q=${encodeURIComponent('部长')}`))).toEqual(['张部长']);
    expect(names(await staff.get('/api/users?q=WANGW'))).toEqual(['王五']);
    expect(names(await staff.get('/api/users?q=zbz'))).toEqual(['张部长']);
    expect(names(await staff.get('/api/users?q=zhaoliu'))).toEqual(['赵六']);
    expect(names(await staff.get('/api/users?q=nobody'))).toEqual([]);
  });

  it("a department's name finds its people", async () => {
    const res = await staff.get(`/api/users?q=${encodeURIComponent('办公')}`);
    expect(res.statusCode).toBe(200);
    expect(names(res).sort()).toEqual(['张部长', '李四'].sort());
  });

  it('the best match comes first: an exact name before names that only contain it', async () => {
    const res = await staff.get(`/api/users?q=${encodeURIComponent('科员1')}&pageSize=3`);
    expect(names(res)[0]).toBe('科员1');
    expect(names(res)).toHaveLength(3);
  });

  it('one or two letters match the start of a name, username or pinyin, not anywhere', async () => {
    // 王五 is wangwu / ww: "w" starts both; 赵六 (zhaoliu, zl) has no word starting with w.
    expect(names(await staff.get('/api/users?q=w'))).toEqual(['王五']);
    expect(names(await staff.get('/api/users?q=zl'))).toEqual(['赵六']);
    // One Chinese character is a surname; two match anywhere (a given name).
    expect(names(await staff.get(`/api/users?q=${encodeURIComponent('李')}`))).toEqual(['李四']);
    expect(names(await staff.get(`/api/users?q=${encodeURIComponent('长')}`))).toEqual([]);
  });

  it('two characters with a 汉字 match anywhere in the name or username, and nothing across', async () => {
    const q = (text: string) => staff.get(`/api/users?q=${encodeURIComponent(text)}`);
    expect(names(await q('部长'))).toEqual(['张部长']);
    expect(names(await q('张部'))).toEqual(['张部长']);
    expect(names(await q('x部'))).toEqual(['周x部']);
    expect(names(await q('周X'))).toEqual(['周x部']);
    // 周x部 holds neither 周部 nor x周; the separators of search_pairs must not make them match.
    expect(names(await q('x周'))).toEqual([]);
    expect(names(await q('周部'))).toEqual([]);
    expect(names(await q('科员1')).length).toBeGreaterThan(0);
    expect(names(await q('员1'))).toEqual(expect.arrayContaining(['科员1', '科员10']));
  });

  it('wildcards typed by the user match themselves', async () => {
    expect(names(await staff.get('/api/users?q=%25'))).toEqual([]);
    expect(names(await staff.get('/api/users?q=_'))).toEqual([]);
  });

  it('disabled users are left out unless asked for', async () => {
    const q = encodeURIComponent('张');
    expect(names(await staff.get(`/api/users?q=${q}`))).toEqual(['张部长']);
    expect(names(await staff.get(`/api/users?q=${q}&includeDisabled=true`)).sort()).toEqual(
      ['张部长', '张离职'].sort(),
    );
  });

  it('filters by department, position and role', async () => {
    expect(names(await staff.get(`/api/users?departmentId=${office.id}&position=head`))).toEqual(['张部长']);
    expect(names(await staff.get('/api/users?role=supervisor'))).toEqual(['李四']);
    expect(names(await staff.get(`/api/users?q=w&departmentId=${office.id}`))).toEqual([]);
  });
});

describe('paging', () => {
  it('without page or pageSize the answer is every matching user, as the contract says', async () => {
    const res = await staff.get('/api/users');
    expect(res.statusCode).toBe(200);
    // The 30 enabled users above and the admin created at first start.
    expect(res.json()).toHaveLength(31);
    expect(res.json()[0]).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        username: expect.any(String),
        departmentId: expect.any(String),
      }),
    );
  });

  it('pages follow one another without overlap; a page size over 200 is 200', async () => {
    const q = encodeURIComponent('科员');
    const first = await staff.get(`/api/users?q=${q}&pageSize=10`);
    const second = await staff.get(`/api/users?q=${q}&page=2&pageSize=10`);
    const third = await staff.get(`/api/users?q=${q}&page=3&pageSize=10`);
    expect(names(first)).toHaveLength(10);
    expect(names(third)).toHaveLength(5);
    const all = [...names(first), ...names(second), ...names(third)];
    expect(new Set(all).size).toBe(25);
    expect(names(await staff.get(`/api/users?q=${q}&page=2`))).toHaveLength(5);
    expect((await staff.get('/api/users?pageSize=1000')).statusCode).toBe(200);
  });

  it('a bad page is a 400', async () => {
    expect((await staff.get('/api/users?page=0')).statusCode).toBe(400);
    expect((await staff.get('/api/users?pageSize=abc')).statusCode).toBe(400);
  });
});

describe('ids', () => {
  it('resolves a few ids to users, disabled ones too when asked', async () => {
    const res = await staff.get(`/api/users?ids=${ids.王五},${ids.张离职}&includeDisabled=true`);
    expect(names(res).sort()).toEqual(['王五', '张离职'].sort());
  });

  it('an unknown id is simply not there; a list that is not ids is a 400', async () => {
    expect(names(await staff.get('/api/users?ids=01234567-89ab-7def-8123-456789abcdef'))).toEqual([]);
    expect(names(await staff.get('/api/users?ids=------------------------------------'))).toEqual([]);
    expect((await staff.get('/api/users?ids=abc')).statusCode).toBe(400);
  });
});

describe('who may search', () => {
  it('any signed-in user, as before; no session is a 401', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/users?q=zbz' });
    expect(anonymous.statusCode).toBe(401);
    expect(names(await staff.get('/api/users?q=zbz'))).toEqual(['张部长']);
  });

  it('e-mail addresses stay hidden from all but sysadmins and the user', async () => {
    await admin.patch(`/api/users/${ids.王五}`, { email: 'wang@example.org' });
    const seen = (await staff.get('/api/users?q=wangwu')).json()[0];
    expect(seen.email).toBeNull();
    expect((await admin.get('/api/users?q=wangwu')).json()[0].email).toBe('wang@example.org');
  });
});

describe('GET /api/departments?withUserCount=true (人数 in 系统管理)', () => {
  it('counts each department’s enabled users, only when asked', async () => {
    const counted = (await staff.get('/api/departments?withUserCount=true')).json() as {
      id: string;
      userCount?: number;
    }[];
    expect(counted.find((d) => d.id === office.id)?.userCount).toBe(2);
    // 王五, 赵六, 周x部 and the 25 clerks; 张离职 is disabled.
    expect(counted.find((d) => d.id === finance.id)?.userCount).toBe(28);
    const plain = (await staff.get('/api/departments')).json() as Record<string, unknown>[];
    expect(plain.every((d) => !('userCount' in d))).toBe(true);
  });
});
