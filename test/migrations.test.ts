/**
 * The deadline migration (spec §11–§12) on a database that already holds items: every item gets
 * `original_due_at` = `due_at`, and each closed item a `close_kind` from its history — completed when
 * a review's 同意办结 closed it, terminated otherwise (结束). Runs the migrations before it, writes the
 * rows an older version wrote, then runs the rest — 0008's counters of 情况汇总 included.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFolder } from '../src/db/client';

let client: PGlite;
let older: string;

beforeAll(async () => {
  // The committed migrations up to (not including) the deadline one, in a folder of their own.
  older = mkdtempSync(path.join(tmpdir(), 'duban-migrations-'));
  cpSync(migrationsFolder, older, { recursive: true });
  const journalPath = path.join(older, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag.endsWith('_deadlines'));
  expect(at).toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  client = await PGlite.create({ extensions: { pg_trgm } });
  await migrate(drizzle(client), { migrationsFolder: older });
}, 120_000);
afterAll(async () => {
  await client?.close();
  rmSync(older, { recursive: true, force: true });
});

const D = '00000000-0000-7000-8000-0000000000d1';
const U = '00000000-0000-7000-8000-0000000000a1';
const item = (n: number) => `00000000-0000-7000-8000-00000000010${n}`;
const flow = (n: number) => `00000000-0000-7000-8000-00000000020${n}`;
const task = (n: number) => `00000000-0000-7000-8000-00000000030${n}`;
const closedAt = '2026-05-20 10:00:00+08';

describe('migration to deadlines and closing', () => {
  it('§11 originalDueAt = dueAt for every item; §12 closeKind from the history', async () => {
    await client.exec(`
      insert into departments (id, name, created_at) values ('${D}', '财务处', now());
      insert into users (id, username, name, password_hash, department_id, position, created_at, updated_at)
        values ('${U}', 'cw_head', '财务处长', 'x', '${D}', 'head', now(), now());
    `);
    // 1 open; 2 closed by the review's 同意办结 (same instant); 3 closed by 结束; 4 closed by 结束
    // after an earlier review acknowledged a report (a review, but not a close).
    const rows: [number, string, string | null][] = [
      [1, 'open', null],
      [2, 'closed', closedAt],
      [3, 'closed', closedAt],
      [4, 'closed', closedAt],
    ];
    for (const [n, status, closed] of rows) {
      await client.query(
        `insert into items (id, number, title, source, lead_department_id, assigned_at, due_at, content,
           head_id, registrar_id, status, closed_at, created_at, updated_at)
         values ($1, $2, '事项', '领导批示', $3, '2026-03-01', $4, '内容', $5, $5, $6, $7, now(), now())`,
        [item(n), `DB-2026-000${n}`, D, `2026-06-2${n}`, U, status, closed],
      );
      await client.query(
        `insert into flows (id, item_id, kind, status, seq, started_at) values ($1, $2, 'registration', 'completed', 1, now())`,
        [flow(n), item(n)],
      );
    }
    const review = (n: number, action: string, completed: string) =>
      client.query(
        `insert into tasks (id, flow_id, item_id, kind, assignee_id, state, seq, created_at, completed_at, input)
         values ($1, $2, $3, 'review', $4, 'done', 1, now(), $5, $6)`,
        [task(n), flow(n), item(n), U, completed, JSON.stringify({ action })],
      );
    await review(2, 'close', closedAt);
    await review(4, 'acknowledge', '2026-05-01 09:00:00+08');

    await migrate(drizzle(client), { migrationsFolder });

    const { rows: after } = await client.query<{
      id: string;
      due_at: string;
      original_due_at: string;
      close_kind: string | null;
      extension_count: number;
    }>(`select id, due_at::text, original_due_at::text, close_kind, extension_count from items order by id`);
    expect(after.map((r) => [r.id, r.close_kind])).toEqual([
      [item(1), null],
      [item(2), 'completed'],
      [item(3), 'terminated'],
      [item(4), 'terminated'],
    ]);
    for (const r of after) {
      expect(r.original_due_at).toBe(r.due_at);
      expect(r.extension_count).toBe(0);
    }
    // 0008 counted the items already there for 情况汇总: 1 open (due 06-21), 1 completed on time (closed
    // 05-20, due 06-22), 2 terminated; one month.
    const { rows: counts } = await client.query(
      `select status, close_kind, on_time, items from summary_counts order by status, close_kind`,
    );
    expect(counts).toEqual([
      { status: 'closed', close_kind: 'completed', on_time: true, items: 1 },
      { status: 'closed', close_kind: 'terminated', on_time: false, items: 2 },
      { status: 'open', close_kind: '', on_time: false, items: 1 },
    ]);
    const { rows: months } = await client.query(
      `select assigned_month::text, sum(items)::int as n from summary_months group by 1`,
    );
    expect(months).toEqual([{ assigned_month: '2026-03-01', n: 4 }]);
    const { rows: due } = await client.query(`select due_at::text, items from summary_open_due`);
    expect(due).toEqual([{ due_at: '2026-06-21', items: 1 }]);
    const { rows: dueMonths } = await client.query(
      `select due_month::text, items from summary_open_due_months`,
    );
    expect(dueMonths).toEqual([{ due_month: '2026-06-01', items: 1 }]);
    // And the column is required from now on.
    await expect(
      client.query(`update items set original_due_at = null where id = '${item(1)}'`),
    ).rejects.toThrow();
  });
});
