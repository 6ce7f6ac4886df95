/**
 * 情况汇总's latency on an existing database (one that scripts/explain-views.ts generated and kept with
 * DUBAN_PLANS_DB, or the benchmark's): the service's answer (from the counters) against the scan of
 * every item it replaced, p50 and p95 over `samples` sequential calls, with the load average — for
 * docs/benchmarks.md. Also checks that both give the same answer.
 *
 *   npx tsx scripts/summary-timing.ts postgres://postgres@127.0.0.1:5432/<database> [samples]
 */
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { sql } from 'drizzle-orm';
import { openPostgres, queryRows } from '../src/db/client';
import { loadConfig } from '../src/server/config';
import { createCalendarService } from '../src/server/modules/calendar/service';
import { itemConditions } from '../src/server/modules/items/list-repository';
import { listDepartments, listSources } from '../src/server/modules/org/repository';
import { presentSummary, withRefusals } from '../src/server/modules/summary/presenter';
import { countRefusals, summarize } from '../src/server/modules/summary/repository';
import { createSummaryService } from '../src/server/modules/summary/service';
import type { SessionUser } from '../src/server/session';

const url = process.argv[2];
const samples = Number(process.argv[3] ?? 100);
if (!url) throw new Error('usage: summary-timing.ts <database url> [samples]');

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function timed(run: () => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(1);
  return `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms`;
}

async function main() {
  const handle = openPostgres(url as string, 4);
  try {
    const { db } = handle;
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    const ctx = { db, config, clock: () => new Date('2026-03-02T02:00:00Z'), log: console as never };
    const calendars = createCalendarService(ctx);
    const service = createSummaryService(ctx, calendars);
    const actor = {
      id: 'x',
      departmentId: 'x',
      roles: ['leader'],
      position: 'staff',
    } as unknown as SessionUser;
    const [count] = await queryRows<{ items: number; counters: number }>(
      db,
      sql`select (select count(*) from items)::int as items,
        (select count(*) from summary_counts)::int + (select count(*) from summary_months)::int
          + (select count(*) from summary_open_due)::int + (select count(*) from summary_open_due_months)::int
          as counters`,
    );

    /** The service as it was: every figure from one scan of the items. */
    async function scanned() {
      const { dates } = await calendars.viewContext();
      const where = itemConditions({}, { kind: 'all' }, dates);
      const [rows, departments, sources, refusals] = await Promise.all([
        summarize(db, where, dates),
        listDepartments(db),
        listSources(db),
        countRefusals(db, where),
      ]);
      return withRefusals(presentSummary(rows, departments, sources, dates.today), refusals);
    }

    const same = isDeepStrictEqual(await service.summary(actor, {}), await scanned());
    console.log(`${count?.items} items, ${count?.counters} counter rows; same answer: ${same}`);
    console.log(`counters: ${await timed(() => service.summary(actor, {}))} (load ${loadAverage()})`);
    console.log(`scan:     ${await timed(scanned)} (load ${loadAverage()})`);
  } finally {
    await handle.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
