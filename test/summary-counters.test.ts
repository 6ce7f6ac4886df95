/**
 * 情况汇总's counters (migration 0008, docs/views.md "Summary counters"): random sequences of real
 * commands over HTTP — register, 结束, 已办结/未办结, 重新打开, the head's 申请办结 and the review's
 * 同意办结, edits of the deadline, source, assigned date and lead department, days passing — and after
 * every step the counters equal a recount of the items, and the summary read from them equals the
 * scan's, for every filter the counters answer. On PGlite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client';
import { type ItemFilter, itemConditions } from '../src/server/modules/items/list-repository';
import { listDepartments, listSources } from '../src/server/modules/org/repository';
import { presentSummary } from '../src/server/modules/summary/presenter';
import {
  countRefusalCounters,
  countRefusals,
  summarize,
  summarizeCounters,
} from '../src/server/modules/summary/repository';
import { buildOrg, itemBody, type Org } from './factories';
import { type Client, createTestApp, type TestApp } from './helpers';

let t: TestApp;
let org: Org;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-03-02T02:00:00.000Z');
  org = await buildOrg(t);
});
afterAll(() => t.close());

const DAY = 86_400_000;
const SOURCES = ['领导批示', '上级交办', '自定来源'] as const;

/** The clock's date (UTC; 02:00Z is 10:00 in Shanghai, the same date) moved by `days`. */
const dayFromToday = (days: number) =>
  new Date(t.clock.now().getTime() + days * DAY).toISOString().slice(0, 10);

/** Moves the clock by days; sessions do not live that long, so everyone signs in again. */
async function advanceDays(app: TestApp, o: Org, days: number) {
  app.clock.advance(days * DAY);
  for (const [key, u] of Object.entries(o.users))
    o.clients[key as keyof Org['users']] = await app.login(u.username);
}

/** Each counter table next to a recount of the items by GROUP BY (zero counters left out). */
async function countersAndRecount() {
  const db = t.db.db;
  const zone = t.config.timeZone;
  const onTime = (deadline: string) =>
    sql.raw(`coalesce(status = 'closed' and close_kind = 'completed'
      and (closed_at at time zone '${zone}')::date <= ${deadline}, false)`);
  const [
    counts,
    recount,
    months,
    monthRecount,
    openDue,
    openDueRecount,
    openDueMonths,
    openDueMonthRecount,
    refusals,
    refusalRecount,
  ] = await Promise.all([
    queryRows(
      db,
      sql`select lead_department_id, source, status, close_kind, on_time, on_time_original, extended, items, extensions
        from summary_counts where items <> 0 or extensions <> 0 order by 1, 2, 3, 4, 5, 6, 7`,
    ),
    queryRows(
      db,
      sql`select lead_department_id, source, status, coalesce(close_kind, '') as close_kind,
          ${onTime('due_at')} as on_time, ${onTime('original_due_at')} as on_time_original,
          extension_count > 0 as extended, count(*)::int as items, sum(extension_count)::int as extensions
        from items group by 1, 2, 3, 4, 5, 6, 7 order by 1, 2, 3, 4, 5, 6, 7`,
    ),
    queryRows(
      db,
      sql`select assigned_month::text, status, close_kind, extended, items from summary_months
        where items <> 0 order by 1, 2, 3, 4`,
    ),
    queryRows(
      db,
      sql`select to_char(assigned_at, 'YYYY-MM-01') as assigned_month, status, coalesce(close_kind, '') as close_kind,
          extension_count > 0 as extended, count(*)::int as items
        from items group by 1, 2, 3, 4 order by 1, 2, 3, 4`,
    ),
    queryRows(
      db,
      sql`select due_at::text, lead_department_id, extended, items from summary_open_due
        where items <> 0 order by 1, 2, 3`,
    ),
    queryRows(
      db,
      sql`select due_at::text, lead_department_id, extension_count > 0 as extended, count(*)::int as items
        from items where status = 'open' group by 1, 2, 3 order by 1, 2, 3`,
    ),
    queryRows(
      db,
      sql`select due_month::text, lead_department_id, extended, items from summary_open_due_months
        where items <> 0 order by 1, 2, 3`,
    ),
    queryRows(
      db,
      sql`select to_char(due_at, 'YYYY-MM-01') as due_month, lead_department_id, extension_count > 0 as extended,
          count(*)::int as items
        from items where status = 'open' group by 1, 2, 3 order by 1, 2, 3`,
    ),
    queryRows(
      db,
      sql`select department_id, status, close_kind, extended, refusals from summary_refusals
        where refusals <> 0 order by 1, 2, 3, 4`,
    ),
    // 拒签 as countRefusals (the scan) finds them: per the refuser's department and the item's state.
    queryRows(
      db,
      sql`select u.department_id, i.status, coalesce(i.close_kind, '') as close_kind,
          i.extension_count > 0 as extended, count(*)::int as refusals
        from tasks t join items i on i.id = t.item_id join users u on u.id = t.assignee_id
        where t.state = 'done' and ((t.kind = 'handle' and t.input->>'decision' = 'refuse')
          or (t.kind = 'assist_report' and t.input->>'outcome' = 'refuse'))
        group by 1, 2, 3, 4 order by 1, 2, 3, 4`,
    ),
  ]);
  return {
    counts,
    recount,
    months,
    monthRecount,
    openDue,
    openDueRecount,
    openDueMonths,
    openDueMonthRecount,
    refusals,
    refusalRecount,
  };
}

async function expectCountersEqualRecount() {
  const c = await countersAndRecount();
  expect(c.counts).toEqual(c.recount);
  expect(c.months).toEqual(c.monthRecount);
  expect(c.openDue).toEqual(c.openDueRecount);
  expect(c.openDueMonths).toEqual(c.openDueMonthRecount);
  expect(c.refusals).toEqual(c.refusalRecount);
}

/** Every filter the counters answer, and none. */
const COUNTED_FILTERS: ItemFilter[] = [
  {},
  { status: 'open' },
  { status: 'closed' },
  { closeKind: 'completed' },
  { closeKind: 'terminated' },
  { status: 'open', closeKind: 'completed' },
  { extended: true },
  { extended: false, status: 'closed' },
];

/** The summary as the counters answer it and as the scan of the items does, today. */
async function expectCountersSummaryEqualsScan() {
  const db = t.db.db;
  const { dates } = await t.services.calendar.viewContext();
  const [departments, sources] = await Promise.all([listDepartments(db), listSources(db)]);
  for (const filter of COUNTED_FILTERS) {
    const [fromCounters, fromScan] = await Promise.all([
      summarizeCounters(db, filter, dates),
      summarize(db, itemConditions(filter, { kind: 'all' }, dates), dates),
    ]);
    expect(presentSummary(fromCounters, departments, sources, dates.today), JSON.stringify(filter)).toEqual(
      presentSummary(fromScan, departments, sources, dates.today),
    );
    const byDepartment = (rows: { department_id: string; refusals: number }[]) =>
      [...rows].sort((a, b) => a.department_id.localeCompare(b.department_id));
    const [refusalCounters, refusalScan] = await Promise.all([
      countRefusalCounters(db, filter),
      countRefusals(db, itemConditions(filter, { kind: 'all' }, dates)),
    ]);
    expect(byDepartment(refusalCounters), `拒签 ${JSON.stringify(filter)}`).toEqual(
      byDepartment(refusalScan),
    );
  }
}

async function pendingTask(client: Client, itemId: string, kind?: string) {
  const res = await client.get('/api/tasks?state=pending&pageSize=200');
  return (res.json().tasks as { id: string; itemId: string; kind: string }[]).find(
    (x) => x.itemId === itemId && (kind === undefined || x.kind === kind),
  )?.id;
}

type Dept = 'finance' | 'hr';
type Action =
  | { kind: 'register'; source: string; dept: Dept; assigned: number; due: number }
  | {
      kind:
        | 'terminate'
        | 'adminComplete'
        | 'reopen'
        | 'adminReopen'
        | 'headApply'
        | 'headRefuse'
        | 'assistRefuse'
        | 'review'
        | 'touch';
      pick: number;
    }
  | { kind: 'editDue'; pick: number; due: number }
  | { kind: 'editSource'; pick: number; source: string }
  | { kind: 'editAssigned'; pick: number; assigned: number }
  | { kind: 'moveDept'; pick: number; dept: Dept }
  | { kind: 'advance'; days: number };

const pick = fc.nat();
const source = fc.constantFrom(...SOURCES);
const dept = fc.constantFrom<Dept>('finance', 'hr');
const onItem = (kind: 'terminate' | 'adminComplete' | 'reopen' | 'adminReopen' | 'touch') =>
  fc.record({ kind: fc.constant(kind), pick });
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('register' as const),
      source,
      dept,
      assigned: fc.integer({ min: -70, max: 0 }),
      due: fc.integer({ min: -5, max: 20 }),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant('headApply' as const), pick }), weight: 2 },
  // 拒签 (summary_refusals): the head refuses the registration; an assisting handler refuses a 协办反馈.
  { arbitrary: fc.record({ kind: fc.constant('headRefuse' as const), pick }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('assistRefuse' as const), pick }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('review' as const), pick }), weight: 2 },
  onItem('terminate'),
  onItem('adminComplete'),
  onItem('reopen'),
  onItem('adminReopen'),
  onItem('touch'),
  fc.record({ kind: fc.constant('editDue' as const), pick, due: fc.integer({ min: -5, max: 30 }) }),
  fc.record({ kind: fc.constant('editSource' as const), pick, source }),
  fc.record({ kind: fc.constant('editAssigned' as const), pick, assigned: fc.integer({ min: -70, max: 0 }) }),
  fc.record({ kind: fc.constant('moveDept' as const), pick, dept }),
  fc.record({ kind: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 4 }) }),
);

const itemIds: string[] = [];
/** Which commands succeeded at least once: a guard against a generator whose commands all fail. */
const succeeded = new Set<string>();

/** Runs one action through the API; a refusal (4xx) is a legitimate outcome and changes nothing. */
async function run(a: Action) {
  const c = org.clients;
  const head = (d: Dept) => (d === 'finance' ? org.users.head.id : org.users.hrHead.id);
  let res: { statusCode: number } | undefined;
  if (a.kind === 'register') {
    res = await c.sup.post(
      '/api/items',
      itemBody(org, {
        source: a.source,
        leadDepartmentId: org.departments[a.dept].id,
        headId: head(a.dept),
        assignedAt: dayFromToday(a.assigned),
        dueAt: dayFromToday(a.due),
      }),
    );
    if (res.statusCode === 201) itemIds.push((res as unknown as { json(): { id: string } }).json().id);
  } else if (a.kind === 'advance') {
    await advanceDays(t, org, a.days);
    res = { statusCode: 200 };
  } else {
    const id = itemIds[a.pick % Math.max(1, itemIds.length)];
    if (!id) return;
    const item = `/api/items/${id}`;
    switch (a.kind) {
      case 'terminate':
        res = await c.sup.post(`${item}/close`, { remark: '不再督办' });
        break;
      case 'adminComplete':
        res = await c.dbadmin.patch(item, { status: 'completed', remark: '书面报告已办结' });
        break;
      case 'adminReopen':
        res = await c.dbadmin.patch(item, { status: 'open', remark: '尚需跟进' });
        break;
      case 'reopen':
        res = await c.dbadmin.post(`${item}/reopen`, { remark: '重新督办' });
        break;
      case 'headApply': {
        for (const client of [c.head, c.hrHead]) {
          const task = await pendingTask(client, id);
          if (!task) continue;
          res = await client.post(`/api/tasks/${task}/complete`, {
            decision: 'self',
            promisedAt: dayFromToday(10),
            outcome: 'apply_close',
            implementation: '已完成',
          });
        }
        break;
      }
      case 'headRefuse': {
        for (const client of [c.head, c.hrHead]) {
          const task = await pendingTask(client, id, 'handle');
          if (task)
            res = await client.post(`/api/tasks/${task}/complete`, {
              decision: 'refuse',
              reason: '不属于本单位职责',
            });
        }
        break;
      }
      case 'assistRefuse': {
        // The head asks the other department's staff to assist, the review acknowledges, the assister refuses.
        const heads = [
          { head: c.head, assister: org.users.hrStaff, assisterClient: () => org.clients.hrStaff },
          { head: c.hrHead, assister: org.users.staff, assisterClient: () => org.clients.staff },
        ];
        for (const { head, assister, assisterClient } of heads) {
          const task = await pendingTask(head, id, 'handle');
          if (!task) continue;
          const asked = await head.post(`/api/tasks/${task}/complete`, {
            decision: 'self',
            promisedAt: dayFromToday(10),
            outcome: 'assist',
            assistHandlerIds: [assister.id],
          });
          if (asked.statusCode !== 200) continue;
          const review = await pendingTask(c.sup, id, 'review');
          if (review) await c.sup.post(`/api/tasks/${review}/complete`, { action: 'acknowledge' });
          const assist = await pendingTask(assisterClient(), id, 'assist_report');
          if (assist)
            res = await assisterClient().post(`/api/tasks/${assist}/complete`, {
              outcome: 'refuse',
              reason: '本单位不涉及',
            });
        }
        break;
      }
      case 'review': {
        // 同意办结 of one of the reviews waiting (any item's: a review of the picked item is rare).
        const pending = await c.sup.get('/api/tasks?state=pending&pageSize=200');
        const reviews = (pending.json().tasks as { id: string; kind: string }[]).filter(
          (x) => x.kind === 'review',
        );
        const task = reviews[a.pick % Math.max(1, reviews.length)]?.id;
        if (task) res = await c.sup.post(`/api/tasks/${task}/complete`, { action: 'close' });
        break;
      }
      case 'touch':
        res = await c.dbadmin.patch(item, { title: `改过的标题 ${a.pick}` });
        break;
      case 'editDue':
        res = await c.dbadmin.patch(item, { dueAt: dayFromToday(a.due) });
        break;
      case 'editSource':
        res = await c.dbadmin.patch(item, { source: a.source });
        break;
      case 'editAssigned':
        res = await c.dbadmin.patch(item, { assignedAt: dayFromToday(a.assigned) });
        break;
      case 'moveDept':
        res = await c.dbadmin.patch(item, { leadDepartmentId: org.departments[a.dept].id });
        break;
    }
  }
  if (res && res.statusCode < 300) succeeded.add(a.kind);
}

describe('情况汇总 counters', () => {
  it('the counters start equal to a recount, in the migration’s time zone', async () => {
    await expectCountersEqualRecount();
    const [row] = await queryRows<{ time_zone: string }>(
      t.db.db,
      sql`select time_zone from summary_settings`,
    );
    expect(row?.time_zone).toBe('Asia/Shanghai');
  });

  it('overdue follows the date without any write: due tomorrow is not overdue today, and is after', async () => {
    const item = await org.clients.sup.post(
      '/api/items',
      itemBody(org, { assignedAt: dayFromToday(0), dueAt: dayFromToday(1), source: '逾期测试来源' }),
    );
    expect(item.statusCode).toBe(201);
    const overdue = async () => {
      const { dates } = await t.services.calendar.viewContext();
      const [rows, scan] = await Promise.all([
        summarizeCounters(t.db.db, {}, dates),
        summarize(t.db.db, sql`true`, dates),
      ]);
      const total = (r: typeof rows) => r.filter((x) => x.grouping === 0).reduce((s, x) => s + x.overdue, 0);
      expect(total(rows)).toBe(total(scan));
      return total(rows);
    };
    const before = await overdue();
    await advanceDays(t, org, 10);
    expect(await overdue()).toBe(before + 1);
    await expectCountersSummaryEqualsScan();
  });

  it('after every command the counters equal a recount, and the summary from them equals the scan', {
    timeout: 600_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 6, maxLength: 16 }), async (actions) => {
        for (const a of actions) {
          await run(a);
          await expectCountersEqualRecount();
          await expectCountersSummaryEqualsScan();
        }
      }),
      { numRuns: 12, seed: 14 },
    );
    // Every kind of command changed something at least once (else the test proves little).
    expect([...succeeded].sort()).toEqual(
      [
        'register',
        'terminate',
        'adminComplete',
        'adminReopen',
        'reopen',
        'headApply',
        'headRefuse',
        'assistRefuse',
        'review',
        'touch',
        'editDue',
        'editSource',
        'editAssigned',
        'moveDept',
        'advance',
      ].sort(),
    );
    const statuses = await queryRows<{ status: string; close_kind: string | null; n: number }>(
      t.db.db,
      sql`select status, close_kind, count(*)::int as n from items group by 1, 2 order by 1, 2`,
    );
    expect(statuses.map((s) => `${s.status}:${s.close_kind}`)).toEqual([
      'closed:completed',
      'closed:terminated',
      'open:null',
    ]);
  });

  it('拒签 counters follow any write to the refused task or its item, not only the commands', async () => {
    const registered = await org.clients.sup.post('/api/items', itemBody(org, { source: '拒签测试来源' }));
    expect(registered.statusCode).toBe(201);
    const itemId = registered.json().id as string;
    const handle = await pendingTask(org.clients.head, itemId, 'handle');
    expect(handle).toBeDefined();
    const refused = await org.clients.head.post(`/api/tasks/${handle}/complete`, {
      decision: 'refuse',
      reason: '不属于本单位职责',
    });
    expect(refused.statusCode, refused.body).toBe(200);
    const db = t.db.db;
    const refusalsOf = async (departmentId: string) => {
      const [row] = await queryRows<{ n: number }>(
        db,
        sql`select coalesce(sum(refusals), 0)::int as n from summary_refusals where department_id = ${departmentId}`,
      );
      return row?.n;
    };
    const finance = org.departments.finance.id;
    const hr = org.departments.hr.id;
    const before = await refusalsOf(finance);
    const hrBefore = await refusalsOf(hr);
    expect(before).toBeGreaterThan(0);
    await expectCountersEqualRecount();
    // The item's key: extended, then closed, then open again (SQL, as a repair or an import would).
    await db.execute(sql`update items set extension_count = extension_count + 1 where id = ${itemId}`);
    await expectCountersEqualRecount();
    await db.execute(
      sql`update items set status = 'closed', close_kind = 'terminated', closed_at = now() where id = ${itemId}`,
    );
    await expectCountersEqualRecount();
    await db.execute(
      sql`update items set status = 'open', close_kind = null, closed_at = null, extension_count = 0
        where id = ${itemId}`,
    );
    await expectCountersEqualRecount();
    // The refusal moved to a person of another department, then its decision changed: counted, then
    // uncounted; then its refuser moved to another department and back (an administrator's edit).
    await db.execute(sql`update tasks set assignee_id = ${org.users.hrHead.id} where id = ${handle}`);
    await expectCountersEqualRecount();
    expect(await refusalsOf(finance)).toBe((before ?? 0) - 1);
    expect(await refusalsOf(hr)).toBe((hrBefore ?? 0) + 1);
    await db.execute(
      sql`update tasks set input = jsonb_set(input, '{decision}', '"self"') where id = ${handle}`,
    );
    await expectCountersEqualRecount();
    await db.execute(
      sql`update tasks set input = jsonb_set(input, '{decision}', '"refuse"'), assignee_id = ${org.users.head.id}
        where id = ${handle}`,
    );
    await expectCountersEqualRecount();
    expect(await refusalsOf(finance)).toBe(before);
    await db.execute(sql`update users set department_id = ${hr} where id = ${org.users.head.id}`);
    await expectCountersEqualRecount();
    expect(await refusalsOf(hr)).toBeGreaterThan(hrBefore ?? 0);
    await expectCountersSummaryEqualsScan();
    await db.execute(sql`update users set department_id = ${finance} where id = ${org.users.head.id}`);
    await expectCountersEqualRecount();
    expect(await refusalsOf(finance)).toBe(before);
    await expectCountersSummaryEqualsScan();
  });

  it('GET /api/summary answers from the counters what the scan answers', async () => {
    const res = await org.clients.leader.get('/api/summary');
    expect(res.statusCode).toBe(200);
    const { dates } = await t.services.calendar.viewContext();
    const db = t.db.db;
    const scan = presentSummary(
      await summarize(db, itemConditions({}, { kind: 'all' }, dates), dates),
      await listDepartments(db),
      await listSources(db),
      dates.today,
    );
    const answer = res.json();
    expect(answer.totals).toMatchObject(scan.totals);
    expect(answer.byMonth).toEqual(scan.byMonth);
    expect(answer.bySource).toEqual(scan.bySource);
    expect(answer.totals.total).toBeGreaterThan(10);
  });
});

describe('情况汇总 counters in another time zone', () => {
  it('the first summary recounts them in the configured zone: closed at 01:00 Shanghai is on time in UTC', async () => {
    const u = await createTestApp({ timeZone: 'UTC' });
    try {
      u.clock.set('2026-03-02T02:00:00.000Z');
      const o = await buildOrg(u);
      const item = await o.clients.sup.post('/api/items', itemBody(o, { dueAt: '2026-03-02' }));
      // 17:21 UTC on the due date is 01:21 the next day in Shanghai: late there, on time in UTC.
      await advanceDays(u, o, 0.64);
      const done = await o.clients.dbadmin.patch(`/api/items/${item.json().id}`, {
        status: 'completed',
        remark: '书面报告已办结',
      });
      expect(done.statusCode).toBe(200);
      const before = await queryRows<{ on_time: boolean }>(
        u.db.db,
        sql`select on_time from summary_counts where items > 0 and status = 'closed'`,
      );
      expect(before).toEqual([{ on_time: false }]); // still the migration's zone
      const summary = (await o.clients.leader.get('/api/summary')).json();
      expect(summary.totals).toMatchObject({ completed: 1, onTime: 1 });
      const [zone] = await queryRows<{ time_zone: string }>(
        u.db.db,
        sql`select time_zone from summary_settings`,
      );
      expect(zone?.time_zone).toBe('UTC');
      const after = await queryRows<{ on_time: boolean }>(
        u.db.db,
        sql`select on_time from summary_counts where items > 0 and status = 'closed'`,
      );
      expect(after).toEqual([{ on_time: true }]);
    } finally {
      await u.close();
    }
  });
});
