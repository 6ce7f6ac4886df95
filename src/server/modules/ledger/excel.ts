/**
 * The workbooks of the views: the export (督办事项导出, streamed row by row) and the 台账 import
 * (its template and reading the filled-in sheet). Layout and cell conversion only; what goes in and
 * what is done with what comes out is the service's.
 */
import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { FIELD_LABELS } from '../../../domain/inputs';
import type { Light, Outcome } from '../../../domain/types';
import { cellText, loadExcel, normalizeHeader, openWorkbook, utcDate, WorkbookProblem } from '../../workbook';

export { WorkbookProblem, XLSX_TYPE } from '../../workbook';

const DATE_FORMAT = 'yyyy-mm-dd';
const TIME_FORMAT = 'yyyy-mm-dd hh:mm';

/** 办理结果 in the manual's words (spec §12): a terminated item is never 已办结. */
const STATUS_LABEL = { open: '未办结', completed: '已办结', terminated: '已终止' } as const;
const OUTCOME_LABEL: Record<Outcome, string> = {
  apply_close: '申请办结',
  not_done: '未办结',
  assist: '其他单位协办',
};
const LIGHT_LABEL: Record<Light, string> = { red: '红灯', yellow: '黄灯', green: '绿灯', none: '—' };
const LIGHT_FILL: Partial<Record<Light, string>> = { red: 'FFF4B6B6', yellow: 'FFFFE699', green: 'FFC6EFCE' };

/** One row of the export, already in display values (names, labels, dates). */
export interface ExportLine {
  number: string;
  title: string;
  source: string;
  leadDepartment: string;
  assistDepartments: string;
  assignedAt: Date;
  dueAt: Date;
  content: string;
  head: string;
  status: keyof typeof STATUS_LABEL;
  result: Outcome | null;
  promisedAt: Date | null;
  originalDueAt: Date;
  extensionCount: number;
  overdueDays: number;
  leadHandlers: string;
  assistHandlers: string;
  reportAt: Date | null;
  report: string;
  light: Light;
  closedAt: Date | null;
  attachmentCount: number;
}

interface ExportColumn {
  header: string;
  key: keyof ExportLine;
  width: number;
  format?: string;
  wrap?: boolean;
}

/** The export's columns, in order (docs/views.md lists them). */
export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  { header: '督办编号', key: 'number', width: 15 },
  { header: '督办事项', key: 'title', width: 36, wrap: true },
  { header: '督办来源', key: 'source', width: 12 },
  { header: '承办（主办）单位', key: 'leadDepartment', width: 18 },
  { header: '协办单位', key: 'assistDepartments', width: 22 },
  { header: '交办时间', key: 'assignedAt', width: 12, format: DATE_FORMAT },
  { header: '办结时间', key: 'dueAt', width: 12, format: DATE_FORMAT },
  { header: '督办内容及要求', key: 'content', width: 50, wrap: true },
  { header: '主办单位部处负责人', key: 'head', width: 14 },
  { header: '办理结果', key: 'status', width: 10 },
  { header: '事务办理', key: 'result', width: 13 },
  { header: '承诺办结时间', key: 'promisedAt', width: 13, format: DATE_FORMAT },
  { header: '原定办结时间', key: 'originalDueAt', width: 13, format: DATE_FORMAT },
  { header: '延期次数', key: 'extensionCount', width: 9 },
  { header: '超期工作日', key: 'overdueDays', width: 10 },
  { header: '主办单位办理人', key: 'leadHandlers', width: 26, wrap: true },
  { header: '协办单位办理人', key: 'assistHandlers', width: 22, wrap: true },
  { header: '最近反馈时间', key: 'reportAt', width: 17, format: TIME_FORMAT },
  { header: '最近反馈内容', key: 'report', width: 50, wrap: true },
  { header: '红黄绿灯', key: 'light', width: 9 },
  { header: '实际办结时间', key: 'closedAt', width: 17, format: TIME_FORMAT },
  { header: '附件数', key: 'attachmentCount', width: 8 },
];

function displayValue(line: ExportLine, key: keyof ExportLine): ExcelJS.CellValue {
  switch (key) {
    case 'status':
      return STATUS_LABEL[line.status];
    case 'result':
      return line.result ? OUTCOME_LABEL[line.result] : null;
    case 'light':
      return LIGHT_LABEL[line.light];
    default: {
      // Nothing to say is an empty cell, not an empty string.
      const value = line[key] === '' ? null : (line[key] ?? null);
      return typeof value === 'string' ? textCell(value) : value;
    }
  }
}

/**
 * Text that a spreadsheet could take for a formula (`=`, `+`, `-`, `@`, or a tab or carriage
 * return before one) gets an apostrophe in front, so that it stays text even when someone edits
 * the cell (CSV/formula injection). The apostrophe shows; the text after it is unchanged.
 */
export function textCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Node's streams and the `readable-stream` copies archiver uses (which lack `writableNeedDrain`). */
type AnyWritable = Writable & { _writableState?: { needDrain?: boolean } };

/**
 * Resolves once `stream` has taken what was written to it, so that a slow download holds back the
 * queries; rejects when `out` (the download) fails or is closed first (the client went away).
 */
function drained(stream: AnyWritable, out: Writable = stream): Promise<void> {
  if (out.destroyed) return Promise.reject(new Error('export: the download was closed'));
  if (!(stream.writableNeedDrain ?? stream._writableState?.needDrain)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      stream.off('drain', done);
      out.off('error', fail);
      out.off('close', closed);
      if (error) reject(error);
      else resolve();
    };
    const done = () => settle();
    const fail = (error: Error) => settle(error);
    const closed = () => settle(new Error('export: the download was closed'));
    stream.once('drain', done);
    out.once('error', fail);
    out.once('close', closed);
  });
}

/**
 * Resolves once the zip's compressor has taken the sheet's XML written so far. exceljs hands that XML
 * to the compressor without heeding backpressure (its stream buffer ignores what write() answers), so
 * rows made faster than they were compressed and sent piled up in the compressor's queue: the server
 * grew by ~150 MiB exporting 100k items once the batches' queries had become fast. Reaches into
 * exceljs 4.4.0's streaming writer (the worksheet's `stream` and the streams it pipes to); should
 * those move, this waits for nothing and excel.test.ts fails.
 */
export async function sheetTaken(sheet: ExcelJS.Worksheet, out: Writable): Promise<void> {
  const pipes = (sheet as unknown as { stream?: { pipes?: AnyWritable[] } }).stream?.pipes ?? [];
  for (const pipe of pipes) await drained(pipe, out);
}

/**
 * Writes the export workbook to `out`, a batch at a time: each row is committed (serialised into the
 * zip stream and dropped) as soon as it is added, so memory holds about one batch whatever the count.
 * Ends `out` when done.
 */
export async function writeExport(out: Writable, batches: AsyncIterable<ExportLine[]>): Promise<void> {
  const { stream } = await loadExcel();
  const workbook = new stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    // Inline strings: a shared-strings table would keep every distinct text in memory to the end.
    useSharedStrings: false,
  });
  workbook.creator = 'Duban 督办';
  const sheet = workbook.addWorksheet('督办事项', {
    views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }],
  });
  sheet.columns = EXPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: EXPORT_COLUMNS.length } };
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center' };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
  header.commit();

  // One style object per column (and per light colour), shared by every row: exceljs caches a style's
  // id by object identity, so sharing turns a serialisation per cell into a lookup.
  const styles: Partial<ExcelJS.Style>[] = EXPORT_COLUMNS.map((c) => ({
    ...(c.format ? { numFmt: c.format } : {}),
    alignment: { vertical: 'top', ...(c.wrap ? { wrapText: true } : {}) },
  }));
  const lightIndex = EXPORT_COLUMNS.findIndex((c) => c.key === 'light');
  const lightStyles = Object.fromEntries(
    Object.entries(LIGHT_FILL).map(([light, argb]) => [
      light,
      { ...styles[lightIndex], fill: { type: 'pattern', pattern: 'solid', fgColor: { argb } } },
    ]),
  ) as Partial<Record<Light, Partial<ExcelJS.Style>>>;

  for await (const batch of batches) {
    for (const line of batch) {
      const row = sheet.addRow(EXPORT_COLUMNS.map((c) => displayValue(line, c.key)));
      styles.forEach((style, i) => {
        row.getCell(i + 1).style = style;
      });
      const lightStyle = lightStyles[line.light];
      if (lightStyle) row.getCell(lightIndex + 1).style = lightStyle;
      row.commit();
    }
    await sheetTaken(sheet, out);
    await drained(out);
  }
  sheet.commit();
  await workbook.commit();
}

/** A calendar date as Excel stores it: midnight UTC of that day (Excel dates have no time zone). */
export function excelDate(date: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}

// ---------------------------------------------------------------------------------------------
// 台账 import

/** Keys of the template's columns; each maps to a field of POST /api/items. */
export type ImportKey =
  | 'title'
  | 'source'
  | 'leadDepartment'
  | 'assistDepartments'
  | 'assignedAt'
  | 'dueAt'
  | 'content'
  | 'head';

interface ImportColumn {
  key: ImportKey;
  /** The request field the column fills (for field messages). */
  field: string;
  header: string;
  required: boolean;
  width: number;
  /** Other headers accepted for the column (older 台账 use them). */
  aliases?: string[];
  note: string;
}

export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  { key: 'title', field: 'title', header: '督办事项', required: true, width: 36, note: '不超过 200 字' },
  { key: 'source', field: 'source', header: '督办来源', required: true, width: 14, note: '如：领导批示' },
  {
    key: 'leadDepartment',
    field: 'leadDepartmentId',
    header: '承办（主办）单位',
    required: true,
    width: 18,
    aliases: ['承办(主办)单位', '承办单位', '主办单位'],
    note: '单位全称，与系统中的单位名称一致',
  },
  {
    key: 'assistDepartments',
    field: 'assistDepartmentIds',
    header: '协办单位',
    required: false,
    width: 22,
    note: '可填多个，用顿号、逗号或分号分隔',
  },
  {
    key: 'assignedAt',
    field: 'assignedAt',
    header: '交办时间',
    required: true,
    width: 12,
    note: 'Excel 日期或 YYYY-MM-DD',
  },
  {
    key: 'dueAt',
    field: 'dueAt',
    header: '办结时间',
    required: true,
    width: 12,
    note: 'Excel 日期或 YYYY-MM-DD，不早于交办时间',
  },
  {
    key: 'content',
    field: 'content',
    header: '督办内容及要求',
    required: true,
    width: 50,
    aliases: ['督办内容'],
    note: '',
  },
  {
    key: 'head',
    field: 'headId',
    header: '主办单位部处负责人',
    required: true,
    width: 18,
    aliases: ['负责人'],
    note: '姓名或用户名；须为承办（主办）单位的人员，重名时填用户名',
  },
];

/** Column header → the Chinese label of a request field, for messages. */
export function fieldLabel(field: string): string {
  return IMPORT_COLUMNS.find((c) => c.field === field)?.header ?? FIELD_LABELS[field] ?? field;
}

/** The import template: the 台账 sheet with its headers, and a sheet of instructions and valid names. */
export async function buildTemplate(departmentNames: readonly string[], sources: readonly string[]) {
  const { Workbook } = await loadExcel();
  const workbook = new Workbook();
  workbook.creator = 'Duban 督办';
  const sheet = workbook.addWorksheet('督办台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = IMPORT_COLUMNS.map((c) => ({
    header: c.required ? `${c.header}*` : c.header,
    key: c.key,
    width: c.width,
    ...(c.key === 'assignedAt' || c.key === 'dueAt' ? { style: { numFmt: DATE_FORMAT } } : {}),
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };

  const help = workbook.addWorksheet('填写说明');
  help.columns = [
    { header: '列', key: 'column', width: 22 },
    { header: '必填', key: 'required', width: 8 },
    { header: '说明', key: 'note', width: 60 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of IMPORT_COLUMNS)
    help.addRow({ column: c.header, required: c.required ? '是' : '', note: c.note });
  help.addRow({});
  help.addRow({ column: '每行登记一项督办事项，与“新建督办”相同：编号自动生成，发送给主办单位部处负责人。' });
  help.addRow({ column: '某行有误时该行不登记，其余行照常登记；导入结果逐行说明。' });
  help.addRow({});
  help.addRow({ column: '系统中的单位', note: departmentNames.join('、') });
  help.addRow({ column: '督办来源', note: sources.join('、') });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface SheetRow {
  /** Row number in the worksheet (the header is 1). */
  row: number;
  values: Partial<Record<ImportKey, string>>;
}

/** Excel's day numbers count from 1899-12-30 (the 1900 leap-year quirk included). */
const EXCEL_EPOCH_OFFSET = 25_569;

/**
 * A date cell as `YYYY-MM-DD`: an Excel date, a day number in a cell not formatted as a date, or
 * text like 2026-3-2, 2026/03/02 or 2026年3月2日. Anything else is passed on as written, and the
 * registration's check names it.
 */
function cellDate(value: ExcelJS.CellValue): string {
  if (value instanceof Date) return utcDate(value);
  if (typeof value === 'number' && value > 0 && value < 2_958_466) {
    return new Date(Math.round(value - EXCEL_EPOCH_OFFSET) * 86_400_000).toISOString().slice(0, 10);
  }
  const text = cellText(value);
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  if (!match) return text;
  return `${match[1]}-${match[2]?.padStart(2, '0')}-${match[3]?.padStart(2, '0')}`;
}

/**
 * Reads the first worksheet: headers by name in row 1 (any order; `*` and spaces ignored), then
 * every row with at least one filled cell.
 */
export async function readImportSheet(data: Buffer, maxRows: number): Promise<SheetRow[]> {
  const workbook = await openWorkbook(data);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new WorkbookProblem('文件中没有工作表');

  const columns = new Map<number, ImportKey>();
  sheet.getRow(1).eachCell((cell, col) => {
    const text = normalizeHeader(cellText(cell.value));
    const column = IMPORT_COLUMNS.find(
      (c) => normalizeHeader(c.header) === text || c.aliases?.some((a) => normalizeHeader(a) === text),
    );
    if (column) columns.set(col, column.key);
  });
  const found = new Set(columns.values());
  const missing = IMPORT_COLUMNS.filter((c) => c.required && !found.has(c.key)).map((c) => c.header);
  if (missing.length > 0) throw new WorkbookProblem(`缺少列：${missing.join('、')}（请使用导入模板）`);

  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const values: SheetRow['values'] = {};
    for (const [col, key] of columns) {
      const value = row.getCell(col).value;
      const text = key === 'assignedAt' || key === 'dueAt' ? cellDate(value) : cellText(value);
      if (text !== '') values[key] = text;
    }
    if (Object.keys(values).length > 0) rows.push({ row: rowNumber, values });
  });
  if (rows.length === 0) throw new WorkbookProblem('没有可导入的数据行');
  if (rows.length > maxRows)
    throw new WorkbookProblem(`一次最多导入 ${maxRows} 行，本文件有 ${rows.length} 行`);
  return rows;
}
