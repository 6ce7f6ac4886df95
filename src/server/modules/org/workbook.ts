/**
 * The 组织架构 workbooks: the import template (sheets 部门 and 人员), reading a filled-in one into
 * text lines for the planner (src/domain/org-import.ts), and the one-time passwords result.
 */
import type ExcelJS from 'exceljs';
import {
  type DepartmentLine,
  type PersonLine,
  POSITION_LABELS,
  ROLE_LABELS,
  type RowError,
} from '../../../domain/org-import';
import { cellText, loadExcel, normalizeHeader, openWorkbook, WorkbookProblem } from '../../workbook';

export const DEPARTMENT_SHEET = '部门';
export const PEOPLE_SHEET = '人员';
/** Rows per sheet: an office of 5,000 people fits four times over. */
export const ORG_IMPORT_MAX_ROWS = 20_000;

interface Column<K extends string> {
  key: K;
  header: string;
  required: boolean;
  width: number;
  note: string;
}

const DEPARTMENT_COLUMNS: readonly Column<'path' | 'order'>[] = [
  {
    key: 'path',
    header: '部门',
    required: true,
    width: 40,
    note: '完整路径，上下级之间用 / 分隔，如“市政府办公室/督查室”；上级部门须在本表中或已存在；部门名称不能重复',
  },
  {
    key: 'order',
    header: '排序',
    required: false,
    width: 8,
    note: '整数，小的在前；不填则为 0（已有部门不变）',
  },
];

type PersonKey = 'username' | 'name' | 'department' | 'position' | 'roles' | 'email' | 'phone';
const PEOPLE_COLUMNS: readonly Column<PersonKey>[] = [
  {
    key: 'username',
    header: '用户名',
    required: true,
    width: 16,
    note: '登录名：字母、数字和 _ . @ -；与已有用户相同（不区分大小写）则更新该用户',
  },
  { key: 'name', header: '姓名', required: true, width: 12, note: '' },
  { key: 'department', header: '部门', required: true, width: 32, note: '完整路径，同“部门”表' },
  {
    key: 'position',
    header: '职务',
    required: true,
    width: 16,
    note: Object.values(POSITION_LABELS).join(' | '),
  },
  {
    key: 'roles',
    header: '角色',
    required: false,
    width: 24,
    note: `${Object.values(ROLE_LABELS).join(' | ')}；多个用逗号或顿号分隔；已有用户留空则取消其角色`,
  },
  { key: 'email', header: '邮箱', required: false, width: 26, note: '接收通知邮件（可不填）' },
  { key: 'phone', header: '手机', required: false, width: 16, note: '可不填' },
];

function addSheet<K extends string>(workbook: ExcelJS.Workbook, name: string, columns: readonly Column<K>[]) {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.width,
    style: { numFmt: '@' },
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
  return sheet;
}

/** GET /api/org/import/template.xlsx: the two sheets to fill, and the instructions. */
export async function buildOrgTemplate(): Promise<Buffer> {
  const { Workbook } = await loadExcel();
  const workbook = new Workbook();
  workbook.creator = 'Duban 督办';
  addSheet(workbook, DEPARTMENT_SHEET, DEPARTMENT_COLUMNS);
  addSheet(workbook, PEOPLE_SHEET, PEOPLE_COLUMNS);
  const help = workbook.addWorksheet('填写说明');
  help.columns = [
    { header: '表', key: 'sheet', width: 8 },
    { header: '列', key: 'column', width: 10 },
    { header: '必填', key: 'required', width: 6 },
    { header: '说明', key: 'note', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of DEPARTMENT_COLUMNS)
    help.addRow({
      sheet: DEPARTMENT_SHEET,
      column: c.header,
      required: c.required ? '是' : '',
      note: c.note,
    });
  for (const c of PEOPLE_COLUMNS)
    help.addRow({ sheet: PEOPLE_SHEET, column: c.header, required: c.required ? '是' : '', note: c.note });
  help.addRow({});
  for (const line of [
    '第 1 行为列名（顺序不限，多余的列忽略）；从第 2 行起每行一个部门或一个人。',
    '导入前先“预检”：列出每一处错误（表、行、列、原因）；有任何错误则什么也不导入。',
    '导入只新增和更新，从不删除或停用部门和用户，也不修改已有用户的密码。',
    '新用户获得一次性初始密码，导入后在结果文件中下载（只能下载一次，一小时内有效）；首次登录须修改密码。',
  ])
    help.addRow({ note: line });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** What a workbook holds for the planner; a sheet that is absent is undefined. */
export interface OrgWorkbook {
  departments: DepartmentLine[] | undefined;
  people: PersonLine[] | undefined;
  /** Missing columns (row 1). */
  errors: RowError[];
}

function findSheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet | undefined {
  return workbook.worksheets.find((sheet) => sheet.name.trim() === name);
}

/**
 * The sheet's rows keyed by column (headers matched by name in row 1), or the missing required
 * columns as row-1 errors (then no rows: every one of them would fail the same way).
 */
function readSheet<K extends string>(
  sheet: ExcelJS.Worksheet,
  columns: readonly Column<K>[],
  errors: RowError[],
): { row: number; values: Partial<Record<K, string>> }[] {
  const found = new Map<number, K>();
  sheet.getRow(1).eachCell((cell, col) => {
    const text = normalizeHeader(cellText(cell.value));
    const column = columns.find((c) => normalizeHeader(c.header) === text);
    if (column && ![...found.values()].includes(column.key)) found.set(col, column.key);
  });
  const present = new Set(found.values());
  const missing = columns.filter((c) => c.required && !present.has(c.key));
  for (const c of missing) {
    errors.push({
      sheet: sheet.name.trim(),
      row: 1,
      field: c.header,
      message: `缺少列“${c.header}”（请使用导入模板）`,
    });
  }
  if (missing.length > 0) return [];
  const rows: { row: number; values: Partial<Record<K, string>> }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const values: Partial<Record<K, string>> = {};
    let filled = false;
    for (const [col, key] of found) {
      const text = cellText(row.getCell(col).value);
      values[key] = text;
      if (text !== '') filled = true;
    }
    if (filled) rows.push({ row: rowNumber, values });
  });
  if (rows.length > ORG_IMPORT_MAX_ROWS) {
    throw new WorkbookProblem(
      `“${sheet.name.trim()}”表有 ${rows.length} 行，一次最多导入 ${ORG_IMPORT_MAX_ROWS} 行，请分批导入`,
    );
  }
  return rows;
}

/**
 * Reads sheets 部门 and 人员 (either may be absent, not both). An optional column that is absent
 * leaves that field undefined for every row (kept as it is); a present but empty cell is ''.
 */
export async function readOrgWorkbook(data: Buffer): Promise<OrgWorkbook> {
  const workbook = await openWorkbook(data);
  const departmentSheet = findSheet(workbook, DEPARTMENT_SHEET);
  const peopleSheet = findSheet(workbook, PEOPLE_SHEET);
  if (!departmentSheet && !peopleSheet) {
    throw new WorkbookProblem(`文件中没有“${DEPARTMENT_SHEET}”表和“${PEOPLE_SHEET}”表（请使用导入模板）`);
  }
  const errors: RowError[] = [];
  const departments = departmentSheet
    ? readSheet(departmentSheet, DEPARTMENT_COLUMNS, errors).map(({ row, values }) => ({
        row,
        path: values.path ?? '',
        order: values.order,
      }))
    : undefined;
  const people = peopleSheet
    ? readSheet(peopleSheet, PEOPLE_COLUMNS, errors).map(({ row, values }) => ({
        row,
        username: values.username ?? '',
        name: values.name ?? '',
        department: values.department ?? '',
        position: values.position ?? '',
        roles: values.roles,
        email: values.email,
        phone: values.phone,
      }))
    : undefined;
  return { departments, people, errors };
}

export interface PasswordLine {
  username: string;
  name: string;
  department: string;
  password: string;
}

/** The one-time passwords of the users an import created: 用户名, 姓名, 部门, 初始密码. */
export async function buildPasswordsWorkbook(lines: readonly PasswordLine[]): Promise<Buffer> {
  const { Workbook } = await loadExcel();
  const workbook = new Workbook();
  workbook.creator = 'Duban 督办';
  const sheet = workbook.addWorksheet('初始密码', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: '用户名', key: 'username', width: 16 },
    { header: '姓名', key: 'name', width: 12 },
    { header: '部门', key: 'department', width: 32 },
    { header: '初始密码', key: 'password', width: 18, style: { font: { name: 'Consolas' } } },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const line of lines) sheet.addRow(line);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
