/**
 * 督办查询 / 督办列表 / 情况汇总 over HTTP: every filter and sort, the scope rules, paging, lights and
 * the summary's figures against hand-computed expectations.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client';
import { buildOrg, itemBody, type Org } from './factories';
import { type Client, createTestApp, errorOf, type TestApp } from './helpers';

let t: TestApp;
let org: Org;

interface Row {
  id: string;
  number: string;
  title: string;
  source: string;
  leadDepartmentId: string;
  leadDepartmentName: string | null;
  assistDepartmentIds: string[];
  assignedAt: string;
  dueAt: string;
  status: 'open' | 'closed';
  result: string | null;
  promisedAt: string | null;
  closedAt: string | null;
  light: string;
  handlers: { userId: string; name: string; role: string }[];
  createdAt: string;
  updatedAt: string;
}

/** The items by letter; see beforeAll for what each one is. */
const items: Record<string, Row> = {};
const letterOf = (id: string) => Object.keys(items).find((k) => items[k]?.id === id) ?? id;

async function list(client: Client, query: string) {
  const res = await client.get(`/api/items?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: Row[]; total: number; page: number; pageSize: number };
}

/** Letters of the items a query answers, in the answer's order. */
async function letters(client: Client, query: string): Promise<string[]> {
  const answer = await list(client, `pageSize=200&${query}`);
  expect(answer.total).toBe(answer.items.length);
  return answer.items.map((r) => letterOf(r.id));
}

const sorted = (xs: string[]) => [...xs].sort();

beforeAll(async () => {
  // Sessions outlive the days the clock moves through.
  t = await createTestApp({
    session: { idleMinutes: 60 * 24 * 30, absoluteHours: 24 * 30, secureCookie: false, cacheSeconds: 2 },
  });
  org = await buildOrg(t);
  const { departments: d, users: u, clients: c } = org;
  const register = async (letter: string, overrides: Record<string, unknown>) => {
    const res = await c.sup.post('/api/items', itemBody(org, overrides));
    expect(res.statusCode, res.body).toBe(201);
    items[letter] = res.json() as Row;
  };
  const patch = async (letter: string, body: Record<string, unknown>) => {
    const res = await c.dbadmin.patch(`/api/items/${items[letter]?.id}`, body);
    expect(res.statusCode, res.body).toBe(200);
  };
  // 已办结 as the admin records it (督办列表's 办理结果): closed as completed.
  const close = async (letter: string, at: string) => {
    t.clock.set(at);
    const res = await c.dbadmin.patch(`/api/items/${items[letter]?.id}`, {
      status: 'completed',
      remark: '已办结',
    });
    expect(res.statusCode, res.body).toBe(200);
  };

  // Registered on 2026-03-02 (the clock's start); looked at on 2026-03-10 (Asia/Shanghai).
  await register('A', {
    title: '落实年度预算执行情况',
    source: '领导批示',
    assignedAt: '2026-01-10',
    dueAt: '2026-02-28',
  });
  await register('B', {
    title: '推进人事档案数字化',
    source: '会议决定',
    assistDepartmentIds: [d.hr.id],
    assignedAt: '2026-02-05',
    dueAt: '2026-03-15',
  });
  await register('C', {
    title: '招聘计划执行',
    source: '领导批示',
    leadDepartmentId: d.hr.id,
    headId: u.hrHead.id,
    assignedAt: '2026-02-20',
    dueAt: '2026-03-02',
  });
  await register('D', {
    title: '机房巡检制度',
    source: '群众来信',
    leadDepartmentId: d.it.id,
    headId: u.itStaff.id,
    assistDepartmentIds: [d.finance.id],
    assignedAt: '2026-03-01',
    dueAt: '2026-03-31',
  });
  await register('E', {
    title: '年度考核方案',
    source: '会议决定',
    leadDepartmentId: d.hr.id,
    headId: u.hrHead.id,
    assignedAt: '2025-10-15',
    dueAt: '2026-01-31',
  });
  await register('F', {
    title: '信息化改造 100%完成',
    source: '领导批示',
    content: '完成 ABC系统升级。',
    assignedAt: '2026-03-01',
    dueAt: '2026-09-30',
  });
  await register('G', {
    title: '网点设备更新',
    source: '专项工作',
    content: '覆盖100个网点。',
    leadDepartmentId: d.it.id,
    headId: u.itStaff.id,
    assignedAt: '2026-02-10',
    dueAt: '2026-04-30',
  });

  // Results and promised dates as the admin records them (督办列表).
  await patch('A', { result: 'not_done', promisedAt: '2026-04-30' });
  await patch('B', { result: 'assist' });
  await patch('C', { result: 'apply_close' });
  await patch('F', { result: 'not_done', promisedAt: '2026-05-31' });
  // G moves to 人事处 and gets a finance handler; its head's pending task goes to 人事处长 (§10: a
  // removed handler's pending work needs a successor).
  await patch('G', {
    leadDepartmentId: d.hr.id,
    handlers: [{ userId: u.staff2.id, role: 'staff' }],
    handlerSuccessors: { [u.itStaff.id]: u.hrHead.id },
  });

  // D closes at 23:30 on 2 March in Shanghai: on time. C closes at 00:30 on 3 March in Shanghai
  // (still 2 March in UTC), one day after its dueAt: late.
  await close('D', '2026-03-02T15:30:00.000Z');
  await close('C', '2026-03-02T16:30:00.000Z');
  t.clock.set('2026-03-10T02:00:00.000Z');

  for (const letter of Object.keys(items)) {
    items[letter] = (await c.sup.get(`/api/items/${items[letter]?.id}`)).json() as Row;
  }
});
afterAll(() => t.close());

describe('scope', () => {
  it('督办查询 shows the items of the caller’s department as lead or assisting department', async () => {
    const { clients: c } = org;
    expect(sorted(await letters(c.staff, ''))).toEqual(['A', 'B', 'D', 'F']);
    // B is 人事处's as assisting department; G is 人事处's as lead department since the admin's edit.
    expect(sorted(await letters(c.hrStaff, 'scope=department'))).toEqual(['B', 'C', 'E', 'G']);
  });

  it('adds the items the caller handles or has a task on, in any department', async () => {
    const { clients: c } = org;
    // 财务经办二 is a handler of G (人事处).
    expect(sorted(await letters(c.staff2, ''))).toEqual(['A', 'B', 'D', 'F', 'G']);
    // 信息经办 is no longer G's handler and 信息中心 no longer its department, but his task is still there.
    expect(sorted(await letters(c.itStaff, ''))).toEqual(['D', 'G']);
    expect((await c.itStaff.get(`/api/items/${items.G?.id}`)).statusCode).toBe(200);
  });

  it('an unrelated user gets 404 on the detail and does not find the item by any filter', async () => {
    const { clients: c } = org;
    const res = await c.hrStaff.get(`/api/items/${items.A?.id}`);
    expect(res.statusCode).toBe(404);
    expect(errorOf(res).code).toBe('not_found');
    expect(await letters(c.hrStaff, `q=${encodeURIComponent(items.A?.number ?? '')}`)).toEqual([]);
    expect(await letters(c.hrStaff, `leadDepartmentId=${org.departments.finance.id}`)).toEqual(['B']);
  });

  it('scope=all: leaders, admins and supervisors see everything; others get 403, before a 400', async () => {
    const { clients: c } = org;
    for (const client of [c.leader, c.dbadmin, c.sup]) {
      expect(sorted(await letters(client, 'scope=all'))).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
    }
    for (const client of [c.staff, c.head, c.auditor]) {
      const res = await client.get('/api/items?scope=all');
      expect(res.statusCode).toBe(403);
      expect(errorOf(res).code).toBe('forbidden');
    }
    expect((await c.staff.get('/api/items?scope=all&status=nonsense')).statusCode).toBe(403);
    // The leader's own department (督办科) has no items: department scope is not "all".
    expect(await letters(c.leader, 'scope=department')).toEqual([]);
  });
});

describe('filters', () => {
  const all = (query: string) => letters(org.clients.sup, `scope=all&sort=number&${query}`);

  it('status, result, lead department, source', async () => {
    expect(await all('status=open')).toEqual(['A', 'B', 'E', 'F', 'G']);
    expect(await all('status=closed')).toEqual(['C', 'D']);
    expect(await all('result=not_done')).toEqual(['A', 'F']);
    expect(await all('result=assist')).toEqual(['B']);
    expect(await all('result=apply_close')).toEqual(['C']);
    expect(await all('result=none')).toEqual(['D', 'E', 'G']);
    expect(await all(`leadDepartmentId=${org.departments.finance.id}`)).toEqual(['A', 'B', 'F']);
    expect(await all(`leadDepartmentId=${org.departments.hr.id}`)).toEqual(['C', 'E', 'G']);
    expect(await all(`source=${encodeURIComponent('会议决定')}`)).toEqual(['B', 'E']);
    expect(await all(`status=open&leadDepartmentId=${org.departments.finance.id}&result=not_done`)).toEqual([
      'A',
      'F',
    ]);
  });

  it('overdue: open and past dueAt as of today in the configured time zone', async () => {
    expect(await all('overdue=true')).toEqual(['A', 'E']);
    expect(await all('overdue=false')).toEqual(['B', 'C', 'D', 'F', 'G']);
  });

  it('assigned and due date ranges include both ends', async () => {
    expect(await all('assignedFrom=2026-02-01&assignedTo=2026-02-28')).toEqual(['B', 'C', 'G']);
    expect(await all('assignedFrom=2026-03-01')).toEqual(['D', 'F']);
    expect(await all('assignedTo=2026-01-10')).toEqual(['A', 'E']);
    expect(await all('dueFrom=2026-03-02&dueTo=2026-03-31')).toEqual(['B', 'C', 'D']);
    expect(await all('dueTo=2026-03-01')).toEqual(['A', 'E']);
  });

  it('keyword over number, title and content; case-insensitive; % and _ are literal', async () => {
    expect(await all(`q=${encodeURIComponent('年度预算')}`)).toEqual(['A']); // title
    // The factory's content (按季度报告…) is everybody's but F's and G's.
    expect(await all(`q=${encodeURIComponent('季度报告')}`)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(await all(`q=${encodeURIComponent('abc系统')}`)).toEqual(['F']);
    expect(await all(`q=${encodeURIComponent(items.C?.number ?? '')}`)).toEqual(['C']);
    expect(await all(`q=${encodeURIComponent('100%')}`)).toEqual(['F']);
    expect(await all(`q=${encodeURIComponent('100')}`)).toEqual(['F', 'G']);
    expect(await all(`q=${encodeURIComponent('_')}`)).toEqual([]);
    expect(await all(`q=${encodeURIComponent('  ')}`)).toHaveLength(7);
  });

  it('bad values answer 400 naming every offending field', async () => {
    const res = await org.clients.sup.get(
      '/api/items?status=done&result=maybe&leadDepartmentId=xyz&assignedFrom=2026-13-45&dueTo=soon&overdue=perhaps&sort=colour&page=0',
    );
    expect(res.statusCode).toBe(400);
    const error = errorOf(res);
    expect(error.code).toBe('validation');
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(
      ['assignedFrom', 'dueTo', 'leadDepartmentId', 'overdue', 'page', 'result', 'sort', 'status'].sort(),
    );
  });
});

describe('rows', () => {
  it('carry the contract fields, the light as of today, names and handlers', async () => {
    const answer = await list(org.clients.sup, 'scope=all&pageSize=200');
    const byLetter = Object.fromEntries(answer.items.map((r) => [letterOf(r.id), r]));
    expect(Object.fromEntries(Object.entries(byLetter).map(([k, r]) => [k, r.light]))).toEqual({
      A: 'red', // due 02-28, open
      B: 'yellow', // due 03-15: 5 days left
      C: 'none', // closed
      D: 'none',
      E: 'red',
      F: 'green',
      G: 'green', // due 04-30
    });
    const a = byLetter.A as Row;
    expect(a).toMatchObject({
      number: items.A?.number,
      title: '落实年度预算执行情况',
      source: '领导批示',
      leadDepartmentId: org.departments.finance.id,
      leadDepartmentName: '财务处',
      assistDepartmentIds: [],
      assignedAt: '2026-01-10',
      dueAt: '2026-02-28',
      status: 'open',
      result: 'not_done',
      promisedAt: '2026-04-30',
      closedAt: null,
    });
    expect(a.handlers).toEqual([{ userId: org.users.head.id, name: '财务处长', role: 'head' }]);
    // The successor who took the removed head's pending 办理 holds it at the head level (§10).
    expect(byLetter.G?.handlers).toHaveLength(2);
    expect(byLetter.G?.handlers).toEqual(
      expect.arrayContaining([
        { userId: org.users.staff2.id, name: '财务经办二', role: 'staff' },
        { userId: org.users.hrHead.id, name: '人事处长', role: 'head' },
      ]),
    );
    expect(byLetter.B?.assistDepartmentIds).toEqual([org.departments.hr.id]);
    expect(byLetter.D?.closedAt).toBe('2026-03-02T15:30:00.000Z');
  });
});

describe('sorting', () => {
  type Key = string | null;
  const keyOf: Record<string, (r: Row) => Key> = {
    assignedAt: (r) => r.assignedAt,
    dueAt: (r) => r.dueAt,
    promisedAt: (r) => r.promisedAt,
    closedAt: (r) => r.closedAt,
    createdAt: (r) => r.createdAt,
    updatedAt: (r) => r.updatedAt,
    status: (r) => r.status,
    number: (r) => r.number,
  };
  /** NULL sorts above every value, as in PostgreSQL; ties go by id in the same direction. */
  const expected = (field: string, descending: boolean) => {
    const key = keyOf[field] as (r: Row) => Key;
    const rows = Object.values(items).sort((x, y) => {
      const [a, b] = [key(x), key(y)];
      const byKey = a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;
      return byKey !== 0 ? byKey : x.id < y.id ? -1 : 1;
    });
    if (descending) rows.reverse();
    return rows.map((r) => letterOf(r.id));
  };

  it('each field ascending and descending, ties broken by id', async () => {
    for (const field of Object.keys(keyOf)) {
      expect(await letters(org.clients.sup, `scope=all&sort=${field}`), field).toEqual(
        expected(field, false),
      );
      expect(await letters(org.clients.sup, `scope=all&sort=-${field}`), `-${field}`).toEqual(
        expected(field, true),
      );
    }
  });

  it('text fields in the database’s collation', async () => {
    for (const field of ['title', 'source']) {
      const column = field === 'title' ? sql`title` : sql`source`;
      const rows = await queryRows<{ id: string }>(t.db.db, sql`select id from items order by ${column}, id`);
      const order = rows.map((r) => letterOf(r.id));
      expect(await letters(org.clients.sup, `scope=all&sort=${field}`)).toEqual(order);
      expect(await letters(org.clients.sup, `scope=all&sort=-${field}`)).toEqual([...order].reverse());
    }
  });

  it('defaults to -assignedAt; D and F, both assigned on 03-01, come in id order', async () => {
    const order = await letters(org.clients.sup, 'scope=all');
    expect(order).toEqual(expected('assignedAt', true));
    const [d, f] = [items.D?.id ?? '', items.F?.id ?? ''];
    expect(order.slice(0, 2)).toEqual(f > d ? ['F', 'D'] : ['D', 'F']);
  });
});

describe('paging', () => {
  it('pages from 1 with a total; a page past the end is empty', async () => {
    const c = org.clients.sup;
    const first = await list(c, 'scope=all&sort=number&pageSize=3');
    expect(first.total).toBe(7);
    expect(first.items.map((r) => letterOf(r.id))).toEqual(['A', 'B', 'C']);
    const third = await list(c, 'scope=all&sort=number&pageSize=3&page=3');
    expect(third.items.map((r) => letterOf(r.id))).toEqual(['G']);
    expect(third.total).toBe(7);
    const beyond = await list(c, 'scope=all&pageSize=3&page=9');
    expect(beyond).toMatchObject({ items: [], total: 7, page: 9 });
  });

  it('pageSize defaults to 20 and is clamped to 200, never an error', async () => {
    expect((await list(org.clients.sup, 'scope=all')).pageSize).toBe(20);
    const big = await list(org.clients.sup, 'scope=all&pageSize=5000');
    expect(big.pageSize).toBe(200);
    expect(big.items).toHaveLength(7);
  });
});

describe('summary', () => {
  const rate = (n: number, d: number) => n / d;

  it('per lead department (every department, zeros included), totals, by source, by month', async () => {
    const res = await org.clients.leader.get('/api/summary');
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    const { dbk, finance, hr, it: itDept } = org.departments;
    const dept = (id: string) => s.departments.find((x: { departmentId: string }) => x.departmentId === id);
    expect(s.departments).toHaveLength(5); // the four of the factory and 系统管理
    expect(dept(dbk.id)).toMatchObject({
      total: 0,
      open: 0,
      closed: 0,
      overdue: 0,
      completionRate: null,
      onTimeRate: null,
    });
    // 财务处: A (overdue), B, F — none closed.
    expect(dept(finance.id)).toMatchObject({
      total: 3,
      open: 3,
      closed: 0,
      overdue: 1,
      completionRate: 0,
      onTimeRate: null,
    });
    // 人事处: C (closed a day late in Shanghai time), E (overdue), G.
    expect(dept(hr.id)).toMatchObject({
      total: 3,
      open: 2,
      closed: 1,
      overdue: 1,
      completionRate: rate(1, 3),
      onTimeRate: 0,
    });
    // 信息中心: D, closed on time.
    expect(dept(itDept.id)).toMatchObject({
      total: 1,
      open: 0,
      closed: 1,
      overdue: 0,
      completionRate: 1,
      onTimeRate: 1,
    });
    expect(s.totals).toMatchObject({
      total: 7,
      open: 5,
      closed: 2,
      overdue: 2,
      completionRate: rate(2, 7),
      onTimeRate: rate(1, 2),
    });
    expect(s.bySource).toEqual([
      { source: '上级交办', total: 0 },
      { source: '领导批示', total: 3 },
      { source: '会议决定', total: 2 },
      { source: '重点工作', total: 0 },
      { source: '其他', total: 0 },
      { source: '专项工作', total: 1 },
      { source: '群众来信', total: 1 },
    ]);
    expect(s.byMonth).toEqual([
      { month: '2025-10', total: 1, closed: 0, completed: 0, terminated: 0 },
      { month: '2025-11', total: 0, closed: 0, completed: 0, terminated: 0 },
      { month: '2025-12', total: 0, closed: 0, completed: 0, terminated: 0 },
      { month: '2026-01', total: 1, closed: 0, completed: 0, terminated: 0 },
      { month: '2026-02', total: 3, closed: 1, completed: 1, terminated: 0 },
      { month: '2026-03', total: 2, closed: 1, completed: 1, terminated: 0 },
    ]);
  });

  it('takes the list filters', async () => {
    const s = (await org.clients.sup.get('/api/summary?assignedFrom=2026-02-01&status=open')).json();
    // B and G (February) and F (March); C and D are closed.
    expect(s.totals).toMatchObject({ total: 3, open: 3, closed: 0, overdue: 0 });
    expect(s.byMonth).toEqual([
      { month: '2026-02', total: 2, closed: 0, completed: 0, terminated: 0 },
      { month: '2026-03', total: 1, closed: 0, completed: 0, terminated: 0 },
    ]);
    const bad = await org.clients.sup.get('/api/summary?dueFrom=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(errorOf(bad).fields ?? {})).toEqual(['dueFrom']);
  });

  it('is for leaders, admins and supervisors only', async () => {
    expect((await org.clients.dbadmin.get('/api/summary')).statusCode).toBe(200);
    expect((await org.clients.sup.get('/api/summary')).statusCode).toBe(200);
    for (const client of [org.clients.staff, org.clients.head, org.clients.auditor]) {
      const res = await client.get('/api/summary?dueFrom=bad');
      expect(res.statusCode).toBe(403);
    }
  });
});

describe('OpenAPI', () => {
  it('publishes the views with their query parameters', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const doc = res.json() as {
      paths: Record<string, Record<string, { parameters?: { name: string }[]; requestBody?: unknown }>>;
    };
    const params = (path: string) => (doc.paths[path]?.get?.parameters ?? []).map((p) => p.name);
    expect(params('/api/items')).toEqual(
      expect.arrayContaining(['scope', 'status', 'result', 'overdue', 'q', 'sort', 'page', 'pageSize']),
    );
    expect(params('/api/items/export.xlsx')).toEqual(expect.arrayContaining(['scope', 'dueFrom', 'sort']));
    expect(params('/api/summary')).toEqual(expect.arrayContaining(['assignedFrom', 'leadDepartmentId']));
    expect(doc.paths['/api/items/import-template.xlsx']?.get).toBeDefined();
    expect(doc.paths['/api/items/import']?.post).toBeDefined();
  });
});

// Last in the file: it adds and edits items, which the figures above do not expect.
describe('督办查询 in index order (item_access, migration 0011)', () => {
  /** Every page of `query` at `pageSize`, concatenated, and the totals the pages answered. */
  async function pages(client: Client, query: string, pageSize: number) {
    const ids: string[] = [];
    const totals = new Set<number>();
    for (let page = 1; ; page++) {
      const answer = await list(client, `pageSize=${pageSize}&page=${page}&${query}`);
      totals.add(answer.total);
      ids.push(...answer.items.map((r) => letterOf(r.id)));
      if (answer.items.length < pageSize) return { ids, totals: [...totals] };
    }
  }

  /**
   * The same query sorted by another field, which reads the visible ids by the exact rule and sorts
   * them: its rows in assignedAt order, ties by id, as the default order must give them.
   */
  async function reference(client: Client, query: string, descending: boolean) {
    const rows = (await list(client, `pageSize=200&sort=-createdAt&${query}`)).items;
    rows.sort((x, y) =>
      x.assignedAt !== y.assignedAt ? (x.assignedAt < y.assignedAt ? -1 : 1) : x.id < y.id ? -1 : 1,
    );
    if (descending) rows.reverse();
    return rows.map((r) => letterOf(r.id));
  }

  async function expectSameAsReference() {
    const { clients: c, departments: d } = org;
    // 财务经办二 and 信息经办 see items of other departments (handler, task); 督办员 a department with none.
    const users = { staff2: c.staff2, hrStaff: c.hrStaff, itStaff: c.itStaff, sup: c.sup };
    for (const [name, client] of Object.entries(users)) {
      for (const filter of ['', `status=open&leadDepartmentId=${d.finance.id}`]) {
        for (const [sort, descending] of [
          ['', true],
          ['sort=assignedAt', false],
        ] as const) {
          const query = [filter, sort].filter(Boolean).join('&');
          const expected = await reference(client, filter, descending);
          const got = await pages(client, query, 2);
          expect(got.ids, `${name} ${query}`).toEqual(expected);
          expect(got.totals, `${name} ${query} total`).toEqual([expected.length]);
        }
      }
    }
  }

  it('pages of the default order hold exactly the visible rows, in order, with the total', async () => {
    await expectSameAsReference();
  });

  it('leaves out what a department or user lost, and follows a changed assignedAt', async () => {
    const { clients: c, departments: d } = org;
    const res = await c.sup.post(
      '/api/items',
      itemBody(org, { title: '机关节能改造', assistDepartmentIds: [d.it.id], assignedAt: '2026-02-10' }),
    );
    expect(res.statusCode, res.body).toBe(201);
    items.H = res.json() as Row;
    expect(await letters(c.itStaff, '')).toContain('H');
    await expectSameAsReference();
    // 信息中心 stops assisting (信息经办 never had a task on H), and H moves to the top of the list.
    const edit = await c.dbadmin.patch(`/api/items/${items.H.id}`, {
      assistDepartmentIds: [],
      assignedAt: '2026-03-05',
    });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(await letters(c.itStaff, '')).not.toContain('H');
    expect((await letters(c.staff, ''))[0]).toBe('H');
    await expectSameAsReference();
    await expectCountersEqualRecount();
    // 财务经办二 (G's handler, in 人事处) moves to 人事处: G is now inside their department, A, B, D, F
    // and H are not theirs any more.
    const admin = await t.admin();
    const move = await admin.patch(`/api/users/${org.users.staff2.id}`, { departmentId: d.hr.id });
    expect(move.statusCode, move.body).toBe(200);
    expect(sorted(await letters(c.staff2, ''))).toEqual(['B', 'C', 'E', 'G']);
    await expectSameAsReference();
    await expectCountersEqualRecount();
  });

  /** The unfiltered total's counters (department_item_counts, item_outside_access) equal a recount. */
  async function expectCountersEqualRecount() {
    const db = t.db.db;
    const counts = await queryRows<{ department_id: string; items: number }>(
      db,
      sql`select department_id, items from department_item_counts where items <> 0 order by department_id`,
    );
    const recount = await queryRows<{ department_id: string; items: number }>(
      db,
      sql`select department_id, count(*)::int as items from item_departments group by department_id
        order by department_id`,
    );
    expect(counts).toEqual(recount);
    const outside = await queryRows<{ user_id: string; item_id: string }>(
      db,
      sql`select user_id, item_id from item_outside_access order by user_id, item_id`,
    );
    const expected = await queryRows<{ user_id: string; item_id: string }>(
      db,
      sql`select p.user_id, p.item_id from (select user_id, item_id from item_handlers
          union select assignee_id, item_id from tasks) p join users u on u.id = p.user_id
        where not exists (select 1 from item_departments d where d.item_id = p.item_id
          and d.department_id = u.department_id)
        order by p.user_id, p.item_id`,
    );
    expect(outside).toEqual(expected);
    expect(outside.length).toBeGreaterThan(0);
  }
});
