import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { type ExportLine, writeExport } from './excel';

const line = (n: number): ExportLine => ({
  number: `DB-2026-${String(n).padStart(5, '0')}`,
  title: `导出事项 ${n}：${'落实整改要求，'.repeat(4)}`,
  source: '领导批示',
  leadDepartment: '财务处',
  assistDepartments: '人事处、信息中心',
  assignedAt: new Date(Date.UTC(2026, 0, 5)),
  dueAt: new Date(Date.UTC(2026, 5, 30)),
  content: `请按要求落实，于办结时间前报送办理情况。${n} ${Math.random().toString(36)}`.repeat(3),
  head: '王伟',
  status: 'open',
  result: null,
  promisedAt: null,
  originalDueAt: new Date(Date.UTC(2026, 5, 30)),
  extensionCount: 0,
  overdueDays: 0,
  leadHandlers: '李娜、张敏',
  assistHandlers: '',
  reportAt: null,
  report: '',
  light: 'green',
  closedAt: null,
  attachmentCount: 0,
});

const BATCH = 500;

/** Batches of export lines, counting how many the writer has asked for. */
function source(batches: number) {
  const pulled = { batches: 0 };
  async function* lines() {
    for (let b = 0; b < batches; b++) {
      // Like a query's answer, each batch arrives in a later turn of the event loop.
      await new Promise((resolve) => setImmediate(resolve));
      pulled.batches++;
      yield Array.from({ length: BATCH }, (_, i) => line(b * BATCH + i));
    }
  }
  return { pulled, lines: lines() };
}

describe('the export workbook', () => {
  it('asks for the next batch only once the rows before it are compressed and taken by the reader', async () => {
    const out = new PassThrough();
    const { pulled, lines } = source(200);
    const writing = writeExport(out, lines);
    // Nobody reads: the writer must stop within a few batches, not make all 100,000 rows in memory.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // (Without waiting for the compressor, 7–10 batches on a loaded 2-core machine, all 200 on a fast one.)
    expect(pulled.batches).toBeLessThanOrEqual(3);
    out.destroy();
    await writing.catch(() => {});
  });

  it('writes every row when the reader takes them', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    const { lines } = source(3);
    await writeExport(out, lines);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.rowCount).toBe(1 + 3 * BATCH);
    expect(sheet.getRow(1 + 3 * BATCH).getCell(1).value).toBe('DB-2026-01499');
  });
});
