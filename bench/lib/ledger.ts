/**
 * The ledger at scale (issue 14, point 4): the Excel export (scope=all, as a supervisor) of exactly
 * `exportItems` items — a date filter chosen to select that many, checked against the list's total —
 * or of every item when the database holds fewer; time until the last byte, size, and how far the
 * server's RSS rises above where it stood (VmRSS sampled every 100 ms). Then a 1,000-row 台账 import
 * through POST /api/items/import.
 */
import ExcelJS from 'exceljs';
import type pg from 'pg';
import type { HttpClient } from './http';
import type { Org } from './org';
import type { ChildServer } from './processes';
import { round } from './stats';

export interface LedgerResult {
  export: {
    items: number;
    /** The query string exported (scope=all and the filter that selects `items`). */
    query: string;
    /** Whether `items` is the size asked for (false: the database holds fewer, everything was exported). */
    exact: boolean;
    seconds: number;
    megabytes: number;
    rssBeforeMb: number;
    rssGrowthMb: number;
  };
  import: { rows: number; created: number; failed: number; seconds: number };
}

/**
 * A filter of the list (assignedFrom/assignedTo, and dueFrom if it takes one) that selects exactly
 * `target` items, or undefined when none does. Two pointers over the items per day assigned find a
 * window of days holding exactly `target` (the counts are not negative); raising dueFrom one due date
 * at a time changes the counts, so that among a thousand or so such tries one hits.
 */
export async function filterOfSize(pool: pg.Pool, target: number) {
  const { rows } = await pool.query<{ a: string; d: string; n: number }>(
    `select assigned_at::text as a, due_at::text as d, count(*)::int as n from items group by 1, 2`,
  );
  const days = [...new Set(rows.map((r) => r.a))].sort();
  const dayIndex = new Map(days.map((d, i) => [d, i]));
  const perDay = new Array<number>(days.length).fill(0);
  const byDue = new Map<string, { day: number; n: number }[]>();
  let total = 0;
  for (const r of rows) {
    const day = dayIndex.get(r.a) as number;
    perDay[day] = (perDay[day] ?? 0) + r.n;
    total += r.n;
    const list = byDue.get(r.d) ?? [];
    list.push({ day, n: r.n });
    byDue.set(r.d, list);
  }
  const dueDates = [...byDue.keys()].sort();
  for (let k = 0; k <= dueDates.length && total >= target; k++) {
    let sum = 0;
    let left = 0;
    for (let right = 0; right < days.length; right++) {
      sum += perDay[right] as number;
      while (sum > target && left <= right) sum -= perDay[left++] as number;
      if (sum === target && left <= right) {
        const filter: Record<string, string> = {
          assignedFrom: days[left] as string,
          assignedTo: days[right] as string,
        };
        if (k > 0) filter.dueFrom = dueDates[k] as string;
        return filter;
      }
    }
    // Next: dueFrom = the next due date, i.e. without the items due on this one.
    for (const { day, n } of byDue.get(dueDates[k] as string) ?? []) {
      perDay[day] = (perDay[day] as number) - n;
      total -= n;
    }
  }
  return undefined;
}

async function exportItems(server: ChildServer, supervisor: HttpClient, items: number, query: string) {
  const rssBefore = server.rssMb();
  let peak = rssBefore;
  const sampler = setInterval(() => {
    peak = Math.max(peak, server.rssMb());
  }, 100);
  const started = performance.now();
  let bytes = 0;
  try {
    const answer = await fetch(`${server.url}/api/items/export.xlsx?${query}`, {
      headers: { cookie: supervisor.cookie as string },
    });
    if (answer.status !== 200 || !answer.body) throw new Error(`export answered ${answer.status}`);
    for await (const chunk of answer.body) bytes += (chunk as Uint8Array).byteLength;
  } finally {
    clearInterval(sampler);
  }
  const seconds = round((performance.now() - started) / 1000, 1);
  peak = Math.max(peak, server.rssMb());
  return {
    items,
    query,
    exact: false,
    seconds,
    megabytes: round(bytes / 2 ** 20, 1),
    rssBeforeMb: round(rssBefore, 1),
    rssGrowthMb: round(peak - rssBefore, 1),
  };
}

/** A 台账 of `rows` valid rows spread over the regular departments, their heads as 负责人. */
async function ledgerFile(org: Org, rows: number): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('督办台账');
  sheet.addRow([
    '督办事项',
    '督办来源',
    '承办（主办）单位',
    '协办单位',
    '交办时间',
    '办结时间',
    '督办内容及要求',
    '主办单位部处负责人',
  ]);
  const year = new Date().getFullYear();
  for (let i = 0; i < rows; i++) {
    const lead = org.regular[i % org.regular.length] as Org['regular'][number];
    sheet.addRow([
      `台账导入基准事项 ${i + 1}`,
      '领导批示',
      lead.name,
      '',
      `${year}-01-05`,
      `${year + 1}-06-30`,
      '按台账要求落实，按月报送进展。',
      org.usernames.get(lead.head),
    ]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function importRows(server: ChildServer, supervisor: HttpClient, org: Org, rows: number) {
  const file = await ledgerFile(org, rows);
  const form = new FormData();
  form.append(
    'file',
    new Blob([new Uint8Array(file)], {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    }),
    'bench-ledger.xlsx',
  );
  const started = performance.now();
  const answer = await fetch(`${server.url}/api/items/import`, {
    method: 'POST',
    headers: { cookie: supervisor.cookie as string, 'x-requested-with': 'duban' },
    body: form,
  });
  const seconds = round((performance.now() - started) / 1000, 1);
  const body = (await answer.json()) as { created?: number; failed?: number; rows?: { fields?: unknown }[] };
  if (answer.status !== 200)
    throw new Error(`import answered ${answer.status}: ${JSON.stringify(body).slice(0, 300)}`);
  if ((body.failed ?? 0) > 0) {
    const first = body.rows?.find((r) => r.fields);
    process.stderr.write(`  import: ${body.failed} rows failed, e.g. ${JSON.stringify(first)}\n`);
  }
  return { rows, created: body.created ?? 0, failed: body.failed ?? 0, seconds };
}

export async function runLedger(options: {
  server: ChildServer;
  supervisor: HttpClient;
  org: Org;
  pool: pg.Pool;
  /** Items in the database. */
  items: number;
  /** Items to export (issue 14: 100,000), when the database holds that many. */
  exportItems: number;
  importRows: number;
}): Promise<LedgerResult> {
  const filter =
    options.items >= options.exportItems ? await filterOfSize(options.pool, options.exportItems) : undefined;
  const query = new URLSearchParams({ scope: 'all', ...filter }).toString();
  // The list's own count of the filter: the export is exactly that many rows.
  const counted = await options.supervisor.get(`/api/items?${query}&pageSize=1`);
  const total = (JSON.parse(counted.body) as { total?: number }).total;
  const expected = filter ? options.exportItems : options.items;
  if (counted.status !== 200 || total !== expected)
    throw new Error(
      `GET /api/items?${query}: status ${counted.status}, total ${total}, expected ${expected}`,
    );
  const exported = {
    ...(await exportItems(options.server, options.supervisor, expected, query)),
    exact: filter !== undefined,
  };
  const imported = await importRows(options.server, options.supervisor, options.org, options.importRows);
  return { export: exported, import: imported };
}
