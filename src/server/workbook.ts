/**
 * What every Excel upload and download shares: exceljs loaded on first use, the checks an uploaded
 * .xlsx passes before exceljs unpacks it (a zip bomb guard), plain cell text and header matching.
 * The 台账 import (views) and the 组织架构 import (org) both read their workbooks through here.
 */
import type ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { DOWNLOAD_HEADERS } from './plugins/edge';
import { zipEntries } from './zip';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * What an import's .xlsx may unpack to. A 1,000-row 台账 or a 5,000-person organisation unpacks to well
 * under 5 MB; exceljs holds the unpacked workbook in memory, several times over while parsing.
 */
export const IMPORT_MAX_UNPACKED_BYTES = 50 * 1024 * 1024;

/** exceljs takes ~25 MB once loaded: it is loaded on the first export or import, not at start-up. */
let excelModule: Promise<typeof ExcelJS> | undefined;
export const loadExcel = () => {
  excelModule ??= import('exceljs').then((m) => m.default);
  return excelModule;
};

/**
 * Why an upload cannot be read as a workbook: `type` — it is not an .xlsx at all (415 where the
 * contract says so); `content` — it is one, but too large unpacked or damaged (400 `file`).
 */
export class WorkbookProblem extends Error {
  constructor(
    message: string,
    readonly kind: 'type' | 'content' = 'content',
  ) {
    super(message);
    this.name = 'WorkbookProblem';
  }
}

/**
 * Loads an uploaded .xlsx: the zip's central directory is read first (is it a workbook at all, and
 * how large would it unpack), so that exceljs never unpacks a bomb.
 */
export async function openWorkbook(data: Buffer): Promise<ExcelJS.Workbook> {
  const entries = zipEntries(data);
  if (entries === undefined || !entries.some((e) => e.name === 'xl/workbook.xml')) {
    throw new WorkbookProblem('不是 .xlsx 文件（请用 Excel 另存为 .xlsx 格式）', 'type');
  }
  const size = entries.reduce((sum, e) => sum + e.size, 0);
  if (size > IMPORT_MAX_UNPACKED_BYTES) throw new WorkbookProblem('文件解压后过大，请拆分后分批导入');
  const { Workbook } = await loadExcel();
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new WorkbookProblem('文件已损坏，无法读取');
  }
  return workbook;
}

/** A header as typed, made comparable: `*`, spaces dropped, half-width brackets made full-width. */
export const normalizeHeader = (text: string) =>
  text
    .replace(/[*＊\s]/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）');

/** The calendar date of an Excel date cell (exceljs reads those as UTC instants). */
export function utcDate(value: Date): string {
  // A date typed with a time of day still belongs to its day; a second's slack absorbs rounding.
  const day = Math.floor((value.getTime() + 1000) / 86_400_000);
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** Plain text of a cell whatever Excel stored (rich text, formula result, hyperlink, number). */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return utcDate(value);
  if (typeof value === 'object') {
    if ('richText' in value)
      return value.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('formula' in value || 'sharedFormula' in value)
      return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in value) return String(value.text).trim();
    return '';
  }
  return String(value).trim();
}

/** `attachment` with an ASCII fallback and the Chinese name in RFC 5987 form, which browsers prefer. */
export function xlsxAttachment(reply: FastifyReply, fileName: string, asciiName: string) {
  return reply
    .headers(DOWNLOAD_HEADERS)
    .type(XLSX_TYPE)
    .header('cache-control', 'no-store')
    .header(
      'content-disposition',
      `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    );
}
