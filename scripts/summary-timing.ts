/**
 * 情况汇总's latency on existing databases (ones that scripts/explain-views.ts generated and kept with
 * DUBAN_PLANS_DB — DUBAN_PLANS_ITEMS sets their size — or the benchmark's), for docs/benchmarks.md.
 * Per database: the service's answer (from the counters) checked against the scan of every item it
 * replaced, and EXPLAIN ANALYZE of the counters' statements. Then the service's summary() on all the
 * databases side by side — calls alternating between them (a, b, a, b, …), `samples` each, so that
 * the shared machine's load falls on all alike — p50 and p95 each, the ratio of each database's
 * p95 to the first's, and the load average before and after. `--scan` also times the scan.
 *
 *   npx tsx scripts/summary-timing.ts [--samples N] [--scan] <database url> [<database url> …]
 */
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { type SQL, sql } from 'drizzle-orm';
import { type Database, openPostgres, queryRows } from '../src/db/client';
import { loadConfig } from '../src/server/config';
import { createCalendarService } from '../src/server/modules/calendar/service';
import { itemConditions } from '../src/server/modules/items/list-repository';
import { listDepartments, listSources } from '../src/server/modules/org/repository';
import { presentSummary, withRefusals } from '../src/server/modules/summary/presenter';
import {
  countRefusalCounters,
  countRefusals,
  summarize,
  summarizeCounters,
} from '../src/server/modules/summary/repository';
import { createSummaryService } from '../src/server/modules/summary/service';
import type { SessionUser } from '../src/server/session';

const args = process.argv.slice(2);
let samples = 200;
let withScan = false;
const urls: string[] = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i] as string;
  if (arg === '--samples') samples = Number(args[++i]);
  else if (arg === '--scan') withScan = true;
  else if (/^\d+$/.test(arg))
    samples = Number(arg); // the old positional form: <url> [samples]
  else urls.push(arg);
}
if (urls.length === 0 || !(samples > 0))
  throw new Error('usage: summary-timing.ts [--samples N] [--scan] <database url> [<database url> …]');

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

function stats(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  return { p50: at(0.5), p95: at(0.95) };
}

const ms = (n: number) => n.toFixed(1);

/** EXPLAIN ANALYZE's execution time of a statement the repository builds (its last line). */
async function executionMs(db: Database, build: (x: Database) => Promise<unknown>) {
  let statement: SQL | undefined;
  // Catch the statement as queryRows would run it, then explain it.
  const capture = {
    execute: (q: SQL) => {
      statement = q;
      return Promise.resolve({ rows: [] });
    },
  } as unknown as Database;
  await build(capture);
  if (!statement) throw new Error('no statement');
  const plan = await queryRows<{ 'QUERY PLAN': string }>(db, sql`explain (analyze, buffers) ${statement}`);
  const lines = plan.map((r) => r['QUERY PLAN']);
  return { lines, execution: lines.find((l) => l.startsWith('Execution Time')) ?? '?' };
}

async function main() {
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  const actor = {
    id: 'x',
    departmentId: 'x',
    roles: ['leader'],
    position: 'staff',
  } as unknown as SessionUser;
  const handles = urls.map((url) => openPostgres(url, 4));
  try {
    const targets = [];
    for (const [n, handle] of handles.entries()) {
      const { db } = handle;
      const ctx = { db, config, clock: () => new Date('2026-03-02T02:00:00Z'), log: console as never };
      const calendars = createCalendarService(ctx);
      const service = createSummaryService(ctx, calendars);
      const [count] = await queryRows<{ items: number; counters: number; refusals: number }>(
        db,
        sql`select (select count(*) from items)::int as items,
          (select count(*) from summary_counts)::int + (select count(*) from summary_months)::int
            + (select count(*) from summary_open_due)::int + (select count(*) from summary_open_due_months)::int
            + (select count(*) from summary_refusals)::int as counters,
          (select coalesce(sum(refusals), 0) from summary_refusals)::int as refusals`,
      );

      /** The service as it was before the counters: every figure from one scan of the items. */
      const scanned = async () => {
        const { dates } = await calendars.viewContext();
        const where = itemConditions({}, { kind: 'all' }, dates);
        const [rows, departments, sources, refusals] = await Promise.all([
          summarize(db, where, dates),
          listDepartments(db),
          listSources(db),
          countRefusals(db, where),
        ]);
        return withRefusals(presentSummary(rows, departments, sources, dates.today), refusals);
      };
      const same = isDeepStrictEqual(await service.summary(actor, {}), await scanned());
      const { dates } = await calendars.viewContext();
      // Twice each: the first warms the connection's caches.
      await executionMs(db, (x) => summarizeCounters(x, {}, dates));
      const counters = await executionMs(db, (x) => summarizeCounters(x, {}, dates));
      await executionMs(db, (x) => countRefusalCounters(x, {}));
      const refusals = await executionMs(db, (x) => countRefusalCounters(x, {}));
      const oldRefusals = await executionMs(db, (x) =>
        countRefusals(x, itemConditions({}, { kind: 'all' }, dates)),
      );
      console.log(
        `[${n}] ${count?.items} items, ${count?.counters} counter rows, ${count?.refusals} 拒签; same answer as the scan: ${same}`,
      );
      console.log(
        `[${n}] EXPLAIN ANALYZE: counters ${counters.execution}; 拒签 from summary_refusals ${refusals.execution}; ` +
          `拒签 by the partial index (before) ${oldRefusals.execution}`,
      );
      if (process.env.SUMMARY_TIMING_PLANS)
        console.log([...counters.lines, '', ...refusals.lines].join('\n'));
      targets.push({ n, items: count?.items ?? 0, run: () => service.summary(actor, {}), scan: scanned });
    }

    for (const t of targets) for (let i = 0; i < 10; i++) await t.run();
    const times = targets.map(() => [] as number[]);
    const before = loadAverage();
    for (let i = 0; i < samples; i++) {
      for (const t of targets) {
        const t0 = performance.now();
        await t.run();
        (times[t.n] as number[]).push(performance.now() - t0);
      }
    }
    const after = loadAverage();
    const first = stats(times[0] as number[]);
    for (const t of targets) {
      const s = stats(times[t.n] as number[]);
      console.log(
        `[${t.n}] ${t.items} items: summary() p50 ${ms(s.p50)} ms, p95 ${ms(s.p95)} ms over ${samples} calls; ` +
          `ratio to [0]: p50 ${(s.p50 / first.p50).toFixed(2)}, p95 ${(s.p95 / first.p95).toFixed(2)}`,
      );
    }
    console.log(`load average before / after: ${before} / ${after}`);
    if (withScan) {
      for (const t of targets) {
        const scanTimes: number[] = [];
        for (let i = 0; i < Math.min(samples, 20); i++) {
          const t0 = performance.now();
          await t.scan();
          scanTimes.push(performance.now() - t0);
        }
        const s = stats(scanTimes);
        console.log(`[${t.n}] the scan: p50 ${ms(s.p50)} ms, p95 ${ms(s.p95)} ms (load ${loadAverage()})`);
      }
    }
  } finally {
    for (const handle of handles) await handle.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
