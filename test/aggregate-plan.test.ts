/**
 * The plan of a command's aggregate read (items/repository.ts: aggregateStatement) at an office's
 * shape: thousands of users, items of many tasks. The users it names must be found by primary key.
 * A rewrite of its `participants` (one LATERAL pass over the item's tasks, 3 December) looked faster
 * on a small database but was estimated at tasks-per-item × 6 rows once items held ~14 tasks: the
 * planner then hashed all 5,000 users (a sequential scan) for the two it needed, and PostgreSQL's CPU
 * per completion in the bench rose by 0.24–0.48 ms (docs/query-plans.md). Planned as the server runs
 * it: a named statement whose cached plan is generic.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, rawRows } from '../src/db/client';
import { aggregateStatement } from '../src/server/modules/items/repository';
import { createTestDatabase } from './db';

const USERS = 5000;
const ITEMS = 400;
const TASKS_PER_ITEM = 14;

describe('the aggregate read at scale', () => {
  let handle: DatabaseHandle;
  let taskId: string;
  let someUsers: string[];

  beforeAll(async () => {
    handle = await createTestDatabase();
    const run = (text: string) => rawRows(handle.db, text, []);
    await run(`insert into departments (id, name, created_at) values
      ('00000000-0000-4000-8000-000000000001', '办公室', now())`);
    await run(`insert into users (id, username, name, department_id, position, created_at, updated_at)
      select gen_random_uuid(), 'u' || n, '用户' || n, '00000000-0000-4000-8000-000000000001',
        'staff', now(), now()
      from generate_series(1, ${USERS}) n`);
    await run(`create table plan_people as
      select row_number() over (order by id) as n, id from users`);
    await run(`insert into items (id, number, title, source, lead_department_id, assigned_at, due_at,
        content, head_id, registrar_id, status, original_due_at, created_at, updated_at)
      select gen_random_uuid(), 'P' || g.n, '事项' || g.n, '其他', '00000000-0000-4000-8000-000000000001',
        date '2026-01-01', date '2026-12-31', '内容', h.id, r.id, 'open', date '2026-12-31', now(), now()
      from generate_series(1, ${ITEMS}) g(n)
      join plan_people h on h.n = g.n join plan_people r on r.n = g.n + ${ITEMS}`);
    await run(`insert into flows (id, item_id, kind, status, initiator_id, seq, started_at)
      select gen_random_uuid(), i.id, 'handle', 'active', i.registrar_id, 1, now() from items i`);
    await run(`insert into tasks (id, flow_id, item_id, kind, assignee_id, sender_id, state, seq, created_at)
      select gen_random_uuid(), f.id, f.item_id, 'handle', p.id, f.initiator_id,
        case when k = ${TASKS_PER_ITEM} then 'pending' else 'done' end, k, now()
      from flows f cross join generate_series(1, ${TASKS_PER_ITEM}) k
      join plan_people p on p.n = 1 + (hashtext(f.id::text || k) & 2147483647) % ${USERS}`);
    await run('drop table plan_people');
    await run('analyze');
    [{ id: taskId }] = (await run(`select id from tasks where state = 'pending' limit 1`)) as [
      { id: string },
    ];
    someUsers = ((await run('select id from users limit 2')) as { id: string }[]).map((u) => u.id);
  }, 120_000);
  afterAll(() => handle?.close());

  /** The generic plan of the statement, as the plan cache keeps it for a named statement. */
  async function genericPlan(requested: string[]): Promise<string> {
    const { text, values } = aggregateStatement({ taskId }, requested, {
      departments: false,
      today: '2026-12-03',
    });
    return handle.db.transaction(async (tx) => {
      await rawRows(tx, 'set local plan_cache_mode = force_generic_plan', []);
      await rawRows(tx, `prepare aggregate_plan as ${text}`, []);
      try {
        const args = values.map((v) => `'${v}'`).join(', ');
        const rows = await rawRows<{ 'QUERY PLAN': string }>(
          tx,
          `explain execute aggregate_plan(${args})`,
          [],
        );
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      } finally {
        await rawRows(tx, 'deallocate aggregate_plan', []);
      }
    });
  }

  it('finds the users it names by primary key, never by reading every user', async () => {
    for (const requested of [[], someUsers]) {
      const plan = await genericPlan(requested);
      expect(plan, `request names ${requested.length}`).toContain('using users_pkey on users');
      expect(plan, `request names ${requested.length}`).not.toMatch(/Seq Scan on users/);
    }
  });
});
