/**
 * Query plans of the views at scale, for docs/query-plans.md: creates a scratch database on a
 * PostgreSQL server, migrates it, fills it with 100k items and 1M tasks by SQL (generate_series),
 * prints EXPLAIN (ANALYZE, BUFFERS) of the lists' queries exactly as the repositories build them,
 * measures an export of every item, and drops the database again.
 *
 *   npx tsx scripts/explain-views.ts [postgres://postgres@127.0.0.1:5432/postgres]
 *
 * A quick generator for plans only; the benchmark suite has the realistic one.
 */
import { Writable } from 'node:stream';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { type Database, openPostgres, queryRows } from '../src/db/client';
import * as schema from '../src/db/schema';
import { noMailer } from '../src/platform/mailer';
import { loadConfig } from '../src/server/config';
import type { AppContext } from '../src/server/context';
import { findAuditEvents } from '../src/server/modules/audit/repository';
import { createCalendarService } from '../src/server/modules/calendar/service';
import { createCommandRunner } from '../src/server/modules/items/commands';
import {
  countItems,
  exportBatch,
  itemConditions,
  listItems,
  type Visibility,
} from '../src/server/modules/items/list-repository';
import { loadForCommand } from '../src/server/modules/items/repository';
import { createLedgerService } from '../src/server/modules/ledger/service';
import { createNotificationsService } from '../src/server/modules/notifications/service';
import { itemsOfLeaver, listPool } from '../src/server/modules/people/repository';
import { listEligibleItems } from '../src/server/modules/reports/repository';
import {
  countRefusalCounters,
  countRefusals,
  summarize,
  summarizeCounters,
} from '../src/server/modules/summary/repository';
import { countTasksOf, listTasksOf } from '../src/server/modules/tasks/repository';
import type { SessionUser } from '../src/server/session';

const base = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Set to reuse (and keep) a database an earlier run generated, while tuning queries. */
const reuse = process.env.DUBAN_PLANS_DB;
const name = reuse ?? `duban_plans_${process.pid}`;
/** DUBAN_PLANS_ITEMS: another size (情况汇总 at 100k against 200k, scripts/summary-timing.ts). */
const ITEMS = Number(process.env.DUBAN_PLANS_ITEMS ?? 100_000);
const TASKS_PER_ITEM = 10;

function urlOf(database: string) {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const GENERATE = [
  sql`insert into departments (id, name, parent_id, sort_order, created_at)
    select gen_random_uuid(), '部门' || lpad(g::text, 3, '0'), null, g, now() from generate_series(1, 50) g`,
  sql`insert into users (id, username, name, pinyin, password_hash, department_id, position, disabled, created_at, updated_at)
    select gen_random_uuid(), 'u' || d.sort_order || '_' || k, '用户' || d.sort_order || '_' || k, '', 'x', d.id,
      case when k = 1 then 'head' when k = 2 then 'deputy' else 'staff' end, false, now(), now()
    from departments d, generate_series(1, 40) k`,
  sql`create table dept_ix as select sort_order as ix, id from departments`,
  sql`create table user_ix as select d.ix, row_number() over (partition by u.department_id order by u.username) as k, u.id
    from users u join dept_ix d on d.id = u.department_id`,
  sql`create index on user_ix (ix, k)`,
  // 100k items over 900 days, 70 % closed, a third with an assisting department.
  sql`insert into items (id, number, title, source, lead_department_id, assist_department_ids, assigned_at, due_at,
      content, head_id, registrar_id, status, result, promised_at, closed_at, close_kind, original_due_at,
      extension_count, created_at, updated_at)
    select gen_random_uuid(), 'DB-' || extract(year from x.a)::int || '-' || lpad(g::text, 6, '0'),
      (array['落实年度预算执行情况','推进档案数字化','完善安全生产责任制','加强队伍建设','优化营商环境',
        '推进信息化改造','落实巡视整改','做好防汛准备'])[1 + g % 8] || '（' || g || '）',
      (array['上级交办','领导批示','会议决定','重点工作','其他'])[1 + g % 5],
      ld.id, case when g % 3 = 0 then array[ad.id] else '{}'::uuid[] end,
      x.a, x.a + (30 + g % 300),
      repeat('按季度报告执行进度，按时完成各项任务，', 1 + g % 5) || '编号' || g,
      head.id, head.id,
      case when x.r < 7 then 'closed' else 'open' end,
      (array['apply_close','not_done','assist',null])[1 + abs(hashtext('r' || g)) % 4],
      case when g % 2 = 0 then x.a + 60 end,
      case when x.r < 7 then (x.a + (g % 330))::timestamptz + interval '10 hours' end,
      case when x.r < 7 then (case when g % 10 = 0 then 'terminated' else 'completed' end) end,
      x.a + (30 + g % 300) - (case when g % 7 = 0 then 15 else 0 end),
      case when g % 7 = 0 then 1 else 0 end,
      x.a::timestamptz, x.a::timestamptz
    from generate_series(1, ${ITEMS}) g
    -- hashtext() spreads dates and states independently of the department (g % 50).
    cross join lateral (
      select date '2024-01-01' + abs(hashtext('a' || g)) % 900 as a, abs(hashtext('s' || g)) % 10 as r) x
    join dept_ix ld on ld.ix = 1 + g % 50
    join dept_ix ad on ad.ix = 1 + (g + 17) % 50
    join user_ix head on head.ix = ld.ix and head.k = 1`,
  sql`insert into item_departments select id, lead_department_id, 'lead' from items`,
  sql`insert into item_departments select i.id, a, 'assist' from items i, unnest(i.assist_department_ids) a
    where a <> i.lead_department_id`,
  sql`create table item_ix as select row_number() over (order by number) as g, id, lead_department_id, status, created_at from items`,
  sql`insert into flows (id, item_id, kind, status, initiator_id, parent_flow_id, seq, started_at, ended_at)
    select gen_random_uuid(), i.id, f.kind, 'completed', null, null, f.seq, i.created_at, i.created_at
    from item_ix i, (values (1, 'registration'), (2, 'lead_report')) f(seq, kind)`,
  // 10 tasks per item, spread over the lead department's 40 people (about 500 each); the last one of an
  // open item is pending.
  sql`insert into tasks (id, flow_id, item_id, kind, level, assignee_id, sender_id, state, version, seq,
      created_at, completed_at, input, prefill, returned)
    select gen_random_uuid(), f.id, i.id, case when s.n in (5, 10) then 'handle' else 'approve' end, null, u.id, null,
      case when s.n = ${TASKS_PER_ITEM} and i.status = 'open' then 'pending' else 'done' end, 1, s.n,
      i.created_at + s.n * interval '1 hour',
      case when s.n = ${TASKS_PER_ITEM} and i.status = 'open' then null else i.created_at + s.n * interval '1 hour' + interval '30 minutes' end,
      -- One item in 20 was refused (拒签) once by its head: 情况汇总's 拒签 counts have rows to count.
      case when s.n in (5, 10) then jsonb_build_object('decision', case when s.n = 5 and i.g % 20 = 0 then 'refuse' else 'self' end,
        'outcome', 'not_done', 'reason', '进度滞后', 'measures', '加快推进') end,
      null, false
    from item_ix i
    cross join generate_series(1, ${TASKS_PER_ITEM}) s(n)
    join dept_ix d on d.id = i.lead_department_id
    join user_ix u on u.ix = d.ix and u.k = 1 + abs(hashtext(i.g || ':' || s.n)) % 40
    join flows f on f.item_id = i.id and f.seq = case when s.n <= 5 then 1 else 2 end`,
  sql`insert into item_handlers (item_id, user_id, role, since)
    select i.id, u.id, (array['head','deputy','staff'])[u.k], i.created_at
    from item_ix i join dept_ix d on d.id = i.lead_department_id join user_ix u on u.ix = d.ix and u.k <= 3`,
  sql`drop table item_ix`,
  // The log as the server writes it: one audit event per task (its completion, or its creation while
  // pending), inserted in time order, so that the bigserial id grows with \`at\`; 40 actions.
  sql`insert into audit_events (at, actor_id, action, item_id, ip, detail)
    select coalesce(t.completed_at, t.created_at), t.assignee_id,
      case when t.state = 'pending' then 'task.created' else 'task.' || (abs(hashtext(t.id::text)) % 39)::text end,
      t.item_id, '10.0.0.1', '{}'::jsonb
    from tasks t order by coalesce(t.completed_at, t.created_at)`,
  // One notification per task, for its assignee; the done ones read.
  sql`insert into notifications (id, user_id, kind, item_id, task_id, message, created_at, read_at)
    select gen_random_uuid(), t.assignee_id, 'task', t.item_id, t.id, '您有一项新的待办', t.created_at,
      case when t.state = 'done' then t.completed_at end
    from tasks t order by t.created_at`,
];

/** A database whose `execute` answers the plan of the query instead of its rows. */
function explaining(db: Database, plans: string[]): Database {
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== 'execute') return Reflect.get(target, prop, receiver);
      return async (query: SQL) => {
        const explain = sql`explain (analyze, buffers) ${query}`;
        await target.execute(explain); // warm the cache: the second run is what a busy server sees
        const result = (await target.execute(explain)) as unknown as { rows: { 'QUERY PLAN': string }[] };
        plans.push(result.rows.map((r) => r['QUERY PLAN']).join('\n'));
        return { rows: [] };
      };
    },
  });
}

async function plansOf(db: Database, title: string, run: (db: Database) => Promise<unknown>) {
  const plans: string[] = [];
  await run(explaining(db, plans));
  console.log(`\n### ${title}\n`);
  for (const plan of plans) console.log(`\`\`\`\n${plan}\n\`\`\`\n`);
}

/**
 * Plans of statements built by Drizzle's query builder (which does not go through `execute`): the
 * calls run for real on a Drizzle instance that records each statement (reads only), then each one is
 * explained with its parameters, twice (the second, warm run is shown).
 */
async function plansOfRecorded(pool: pg.Pool, title: string, run: (db: Database) => Promise<unknown>) {
  const captured: { text: string; params: unknown[] }[] = [];
  const recording = drizzle(pool, {
    schema,
    logger: { logQuery: (text, params) => captured.push({ text, params: [...params] }) },
  }) as unknown as Database;
  await run(recording);
  console.log(`\n### ${title}\n`);
  for (const { text, params } of captured) {
    const explain = `explain (analyze, buffers) ${text}`;
    await pool.query(explain, params);
    const { rows } = await pool.query<{ 'QUERY PLAN': string }>(explain, params);
    console.log(`\`\`\`\n${rows.map((r) => r['QUERY PLAN']).join('\n')}\n\`\`\`\n`);
  }
}

/**
 * `DUBAN_PLANS_OLD_INDEXES=1` (with DUBAN_PLANS_DB): the task indexes as they were before migration
 * 0009, for the before/after comparison in docs/query-plans.md.
 */
const OLD_TASK_INDEXES = [
  sql`drop index if exists tasks_pending_idx`,
  sql`drop index if exists tasks_done_idx`,
  sql`drop index if exists tasks_cancelled_idx`,
  sql`create index if not exists tasks_assignee_state_idx on tasks (assignee_id, state, created_at, id)`,
  sql`create index if not exists tasks_assignee_done_idx on tasks (assignee_id, state, completed_at, id)`,
  sql`create unique index if not exists tasks_flow_seq_unique on tasks (flow_id, seq)`,
  sql`analyze tasks`,
];

async function main() {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
  await client.end();
  if (!rowCount) await admin(`create database ${name}`);
  const handle = openPostgres(urlOf(name), 4);
  try {
    await handle.migrate();
    const { db } = handle;
    const started = Date.now();
    const [existing] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from items`);
    if (!existing?.n) {
      // Without the per-row triggers (item_access, 情况汇总's counters: hours at a million tasks on a
      // busy machine), as the benchmark's COPY loads; then their tables filled in one pass each.
      await db.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        for (const statement of GENERATE) await tx.execute(statement);
      });
      await db.execute(sql`select item_access_rebuild()`);
      await db.execute(sql`select summary_rebuild((select time_zone from summary_settings))`);
      await db.execute(sql`vacuum analyze`);
    }
    if (process.env.DUBAN_PLANS_OLD_INDEXES)
      for (const statement of OLD_TASK_INDEXES) await db.execute(statement);
    const [sizes] = await queryRows<Record<string, string>>(
      db,
      sql`select (select json_object_agg(c.relname, pg_size_pretty(pg_relation_size(c.oid)) order by c.relname)
          from pg_index x join pg_class c on c.oid = x.indexrelid join pg_class r on r.oid = x.indrelid
          where r.relname in ('tasks', 'audit_events', 'notifications')) as sizes`,
    );
    console.log(`<!-- index sizes: ${JSON.stringify(sizes?.sizes)} -->`);
    const [counts] = await queryRows<Record<string, number>>(
      db,
      sql`select (select count(*) from items)::int as items, (select count(*) from tasks)::int as tasks,
        (select count(*) from item_departments)::int as item_departments,
        (select count(*) from item_handlers)::int as item_handlers, (select count(*) from users)::int as users,
        (select version()) as version`,
    );
    console.log(
      `<!-- generated in ${Math.round((Date.now() - started) / 1000)} s: ${JSON.stringify(counts)} -->`,
    );

    // DUBAN_PLANS_ONLY_GENERATE (with DUBAN_PLANS_DB): make the database for summary-timing.ts, no plans.
    if (process.env.DUBAN_PLANS_ONLY_GENERATE) return;
    // The staff member with the most pending tasks (the longest 待办 list).
    const [user] = await queryRows<{ id: string; department_id: string; pending: number; done: number }>(
      db,
      sql`select u.id, u.department_id,
          (select count(*) from tasks t where t.assignee_id = u.id and t.state = 'pending')::int as pending,
          (select count(*) from tasks t where t.assignee_id = u.id and t.state = 'done')::int as done
        from users u where u.position = 'staff' order by pending desc, u.username limit 1`,
    );
    if (!user) throw new Error('no user');
    console.log(`<!-- user: ${JSON.stringify(user)} -->`);
    const today = '2026-03-02';
    const dates = {
      today,
      overdueThrough: '2026-02-26',
      monthStart: '2026-03-01',
      timeZone: 'Asia/Shanghai',
    };
    const department: Visibility = { kind: 'department', departmentId: user.department_id, userId: user.id };
    const all: Visibility = { kind: 'all' };
    const byAssigned = { field: 'assignedAt', descending: true } as const;

    await plansOf(db, '待办事项 (GET /api/tasks?state=pending): page 1 and total', async (x) => {
      await listTasksOf(x, user.id, 'pending', 20, 0);
      await countTasksOf(x, user.id, 'pending');
    });
    await plansOf(db, '已办事项 (GET /api/tasks?state=done): page 1 and total', async (x) => {
      await listTasksOf(x, user.id, 'done', 20, 0);
      await countTasksOf(x, user.id, 'done');
    });
    await tasksAuditNotifications(db, urlOf(name), user, dates);
    if (process.env.DUBAN_PLANS_ONLY_INDEXES) return;

    await plansOf(db, '督办查询 with status=open and q=档案 (scope=department)', async (x) => {
      const where = itemConditions({ status: 'open', q: '档案' }, department, dates);
      await listItems(x, where, byAssigned, 20, 0);
    });
    await plansOf(db, '督办列表 (scope=all): page 1 and total', async (x) => {
      const where = itemConditions({}, all, dates);
      await listItems(x, where, byAssigned, 20, 0);
      await countItems(x, where);
    });
    await plansOf(db, '督办列表 (scope=all) page 500, sort=-dueAt', async (x) => {
      await listItems(x, itemConditions({}, all, dates), { field: 'dueAt', descending: true }, 20, 20 * 499);
    });
    await plansOf(db, 'keyword q=推进档案数字化（12345） (scope=all): page and total', async (x) => {
      const where = itemConditions({ q: '推进档案数字化（12345）' }, all, dates);
      await listItems(x, where, byAssigned, 20, 0);
      await countItems(x, where);
    });
    await plansOf(
      db,
      'keyword q=档案 (two characters: no trigram) (scope=all): page and total',
      async (x) => {
        const where = itemConditions({ q: '档案' }, all, dates);
        await listItems(x, where, byAssigned, 20, 0);
        await countItems(x, where);
      },
    );
    await plansOf(db, 'overdue=true (scope=all): page and total', async (x) => {
      const where = itemConditions({ overdue: true }, all, dates);
      await listItems(x, where, byAssigned, 20, 0);
      await countItems(x, where);
    });
    await plansOf(db, '情况汇总 (GET /api/summary), no filter: the counters and 拒签', async (x) => {
      await summarizeCounters(x, {}, dates);
      await countRefusalCounters(x, {});
    });
    await plansOf(db, '情况汇总 拒签 by the partial index (before migration 0015)', async (x) => {
      await countRefusals(x, itemConditions({}, all, dates));
    });
    await plansOf(db, '情况汇总 by a scan (the fallback), no filter', async (x) => {
      await summarize(x, itemConditions({}, all, dates), dates);
    });
    await plansOf(db, '情况汇总 with assignedFrom=2025-01-01&assignedTo=2025-03-31', async (x) => {
      await summarize(
        x,
        itemConditions({ assignedFrom: '2025-01-01', assignedTo: '2025-03-31' }, all, dates),
        dates,
      );
    });
    await plansOf(db, 'Export batch (500 rows) deep in the keyset, scope=all', async (x) => {
      const [middle] = await queryRows<{ sort_key: string; id: string }>(
        db,
        sql`select assigned_at::text as sort_key, id from items order by assigned_at desc, id desc offset 50000 limit 1`,
      );
      await exportBatch(
        x,
        itemConditions({}, all, dates),
        byAssigned,
        middle && { sortKey: middle.sort_key, id: middle.id },
        500,
        'Asia/Shanghai',
      );
    });

    // The export of every item, to a sink that counts bytes: time and memory.
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    const log = { error: console.error } as never;
    const ctx = { db, config, clock: () => new Date('2026-03-02T02:00:00Z'), log };
    const views = createLedgerService(ctx, createCommandRunner(ctx, noMailer), createCalendarService(ctx));
    const actor = {
      id: user.id,
      departmentId: user.department_id,
      position: 'staff',
      roles: ['leader'],
      username: 'x',
      name: 'x',
      ip: null,
    } as SessionUser;
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
    /** Exports to a sink that only counts bytes, sampling memory meanwhile. */
    async function measureExport(label: string, query: Parameters<typeof views.exportWorkbook>[1]) {
      global.gc?.();
      const baseline = process.memoryUsage();
      let peakRss = baseline.rss;
      let peakHeap = baseline.heapUsed;
      const sampler = setInterval(() => {
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakHeap = Math.max(peakHeap, m.heapUsed);
      }, 20);
      const t0 = Date.now();
      const { stream } = await views.exportWorkbook(actor, query);
      let bytes = 0;
      await new Promise<void>((resolve, reject) => {
        const sink = new Writable({
          write(chunk: Buffer, _encoding, done) {
            bytes += chunk.length;
            done();
          },
        });
        stream.pipe(sink).on('finish', resolve).on('error', reject);
        stream.on('error', reject);
      });
      clearInterval(sampler);
      console.log(
        `<!-- export ${label}: ${mb(bytes)} xlsx in ${((Date.now() - t0) / 1000).toFixed(1)} s; ` +
          `rss ${mb(baseline.rss)} → peak ${mb(peakRss)}; heap used ${mb(baseline.heapUsed)} → peak ${mb(peakHeap)} -->`,
      );
    }
    await measureExport('10k items (assigned in 90 days)', {
      scope: 'all',
      assignedFrom: '2025-01-01',
      assignedTo: '2025-03-31',
    });
    await measureExport(`all ${counts?.items} items`, { scope: 'all' });
  } finally {
    await handle.close();
    if (!reuse) await admin(`drop database if exists ${name} with (force)`);
  }
}

/** The other readers of tasks, audit_events and notifications (docs/query-plans.md, "Indexes on …"). */
async function tasksAuditNotifications(
  db: Database,
  url: string,
  user: { id: string; department_id: string },
  dates: Parameters<typeof itemConditions>[2],
) {
  const department: Visibility = { kind: 'department', departmentId: user.department_id, userId: user.id };
  await plansOf(db, '督办查询 (GET /api/items, scope=department): page 1 and total', async (x) => {
    const where = itemConditions({}, department, dates);
    await listItems(x, where, { field: 'assignedAt', descending: true }, 20, 0);
    await countItems(x, where);
  });
  await plansOf(db, "移交 (people: the items a leaver's handover touches)", (x) => itemsOfLeaver(x, user.id));
  const [registrar] = await queryRows<{ id: string }>(db, sql`select registrar_id as id from items limit 1`);
  await plansOf(db, '督办科待审核 (the review pool) and the stuck pool', async (x) => {
    await listPool(x, { pool: 'review', exceptUserId: registrar?.id ?? user.id }, 20, 0);
    await listPool(x, { pool: 'stuck' }, 20, 0);
  });
  const [handler] = await queryRows<{ id: string }>(
    db,
    sql`select h.user_id as id from item_handlers h where h.role = 'head' limit 1`,
  );
  await plansOf(db, '主办反馈: the items a handler may report on, with the last report', (x) =>
    listEligibleItems(x, handler?.id ?? user.id, 'lead'),
  );
  await plansOf(db, '拒签 per department (情况汇总), no filter', (x) =>
    countRefusals(x, itemConditions({}, { kind: 'all' }, dates)),
  );
  const [task] = await queryRows<{ id: string }>(
    db,
    sql`select id from tasks where assignee_id = ${user.id} and state = 'pending' limit 1`,
  );
  await plansOf(
    db,
    "A command's load (a completion: the item for update, then its flows, tasks, handlers)",
    (x) => loadForCommand(x, { taskId: task?.id ?? '' }, [], { departments: false }),
  );

  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    const [event] = await queryRows<{ at: Date; item_id: string }>(
      db,
      sql`select at, item_id from audit_events order by id desc offset 200000 limit 1`,
    );
    const at = new Date(event?.at ?? Date.now());
    await plansOfRecorded(pool, '安全审计 (GET /api/audit): page 1 and total, no filter', (x) =>
      findAuditEvents(x, {}, 20, 0),
    );
    await plansOfRecorded(pool, '安全审计 filtered by 操作人 (actorId)', (x) =>
      findAuditEvents(x, { actorId: user.id }, 20, 0),
    );
    await plansOfRecorded(pool, '安全审计 filtered by 操作 (action)', (x) =>
      findAuditEvents(x, { action: 'task.7' }, 20, 0),
    );
    await plansOfRecorded(pool, '安全审计 over one week (from, to)', (x) =>
      findAuditEvents(x, { from: new Date(at.getTime() - 7 * 86_400_000), to: at }, 20, 0),
    );
    await plansOfRecorded(pool, "The item's trail (GET /api/items/:id/history)", (x) =>
      findAuditEvents(x, { itemId: event?.item_id }, 10_000, 0),
    );
    const bell = (x: Database) =>
      createNotificationsService({ db: x, clock: () => new Date() } as unknown as AppContext);
    const actor = { id: user.id } as SessionUser;
    await plansOfRecorded(
      pool,
      '通知 (GET /api/notifications): all, unread only, unread count',
      async (x) => {
        await bell(x).list(actor, false);
        await bell(x).list(actor, true);
        await bell(x).unreadCount(actor);
      },
    );
  } finally {
    await pool.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
