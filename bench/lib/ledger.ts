/**
 * The ledger at scale (issue 14, point 4): the Excel export of every item (scope=all, as a
 * supervisor) — time until the last byte, size, and how far the server's RSS rises above where it
 * stood (VmRSS sampled every 100 ms) — and a 1,000-row 台账 import through POST /api/items/import.
 */
import ExcelJS from 'exceljs';
import type { HttpClient } from './http';
import type { Org } from './org';
import type { ChildServer } from './processes';
import { round } from './stats';

export interface LedgerResult {
  export: { items: number; seconds: number; megabytes: number; rssBeforeMb: number; rssGrowthMb: number };
  import: { rows: number; created: number; failed: number; seconds: number };
}

async function exportAll(server: ChildServer, supervisor: HttpClient, items: number) {
  const rssBefore = server.rssMb();
  let peak = rssBefore;
  const sampler = setInterval(() => {
    peak = Math.max(peak, server.rssMb());
  }, 100);
  const started = performance.now();
  let bytes = 0;
  try {
    const answer = await fetch(`${server.url}/api/items/export.xlsx?scope=all`, {
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
  items: number;
  importRows: number;
}): Promise<LedgerResult> {
  const exported = await exportAll(options.server, options.supervisor, options.items);
  const imported = await importRows(options.server, options.supervisor, options.org, options.importRows);
  return { export: exported, import: imported };
}
