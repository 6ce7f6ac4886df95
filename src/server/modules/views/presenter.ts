/** JSON and workbook shapes of the views (api-contract.md: Items list, summary, export). */
import { type DeadlineRules, light, overdueDays } from '../../../domain/deadlines';
import type { Light, TaskInput } from '../../../domain/types';
import { type ExportLine, excelDate } from './excel';
import type { ExportRow, HandlerNameRow, ItemListRow, SummaryRow } from './repository';

const iso = (v: Date | string) => new Date(v).toISOString();
const isoOrNull = (v: Date | string | null) => (v === null ? null : iso(v));

export type DepartmentNames = ReadonlyMap<string, string>;

export function presentListRow(
  row: ItemListRow,
  handlers: readonly HandlerNameRow[],
  departments: DepartmentNames,
  today: string,
  rules: DeadlineRules,
) {
  const dated = { status: row.status, dueAt: row.due_at };
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    source: row.source,
    leadDepartmentId: row.lead_department_id,
    leadDepartmentName: departments.get(row.lead_department_id) ?? null,
    assistDepartmentIds: row.assist_department_ids ?? [],
    assignedAt: row.assigned_at,
    dueAt: row.due_at,
    status: row.status,
    result: row.result,
    promisedAt: row.promised_at,
    closedAt: isoOrNull(row.closed_at),
    closeKind: row.status === 'closed' ? (row.close_kind ?? 'terminated') : null,
    originalDueAt: row.original_due_at,
    extensionCount: row.extension_count,
    extensionPending: row.extension_pending === true,
    overdueDays: overdueDays(dated, today, rules),
    registrarId: row.registrar_id,
    headId: row.head_id,
    handlers: handlers.map((h) => ({ userId: h.user_id, name: h.name, role: h.role })),
    light: light(dated, today, rules) as Light,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** A wall-clock time of the time zone (`YYYY-MM-DDTHH:MI:SS`) as an Excel cell shows it: a zoneless Date. */
const wallClock = (local: string | null) => (local === null ? null : new Date(`${local}Z`));

/** 最近反馈内容: the outcome in words with the fields it required, and the opinion. */
export function reportText(input: TaskInput | null): string {
  if (!input?.outcome) return '';
  const lines: string[] = [];
  if (input.outcome === 'apply_close') lines.push(`申请办结。落实情况：${input.implementation ?? ''}`);
  if (input.outcome === 'not_done') {
    lines.push(`未办结。未办结原因：${input.reason ?? ''}；解决措施：${input.measures ?? ''}`);
  }
  if (input.outcome === 'assist') lines.push('其他单位协办');
  if (input.promisedAt) lines.push(`承诺办结时间：${input.promisedAt}`);
  if (input.opinion) lines.push(`意见：${input.opinion}`);
  return lines.join('\n');
}

/** §10: a report a deputy filed during an absence says so first, as 待办 and the timeline do. */
function onBehalfLine(row: Pick<ExportRow, 'report_by' | 'report_for' | 'report_input'>): string {
  if (row.report_for === null || !row.report_input) return '';
  return `${row.report_by ?? ''}代${row.report_for}办理\n`;
}

export function exportLine(
  row: ExportRow,
  departments: DepartmentNames,
  today: string,
  rules: DeadlineRules,
): ExportLine {
  const name = (id: string) => departments.get(id) ?? id;
  const dated = { status: row.status, dueAt: row.due_at };
  return {
    number: row.number,
    title: row.title,
    source: row.source,
    leadDepartment: name(row.lead_department_id),
    assistDepartments: (row.assist_department_ids ?? []).map(name).join('、'),
    assignedAt: excelDate(row.assigned_at),
    dueAt: excelDate(row.due_at),
    content: row.content,
    head: row.head_name ?? '',
    status: row.status === 'open' ? 'open' : row.close_kind === 'completed' ? 'completed' : 'terminated',
    result: row.result,
    promisedAt: row.promised_at ? excelDate(row.promised_at) : null,
    originalDueAt: excelDate(row.original_due_at),
    extensionCount: row.extension_count,
    overdueDays: overdueDays(dated, today, rules),
    leadHandlers: row.lead_handlers ?? '',
    assistHandlers: row.assist_handlers ?? '',
    reportAt: wallClock(row.report_local),
    report: onBehalfLine(row) + reportText(row.report_input as TaskInput | null),
    light: light(dated, today, rules),
    closedAt: wallClock(row.closed_local),
  };
}

interface Counts {
  total: number;
  open: number;
  closed: number;
  completed: number;
  terminated: number;
  overdue: number;
  onTime: number;
  onTimeOriginal: number;
  extensions: number;
}

const ZERO: Counts = {
  total: 0,
  open: 0,
  closed: 0,
  completed: 0,
  terminated: 0,
  overdue: 0,
  onTime: 0,
  onTimeOriginal: 0,
  extensions: 0,
};

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/**
 * Figures with their rates (spec §12): completion = completed ÷ (total − terminated); on time =
 * completed on or before dueAt ÷ completed, and against originalDueAt; null where the divisor is 0.
 */
function figures(c: Counts) {
  return {
    ...c,
    completionRate: ratio(c.completed, c.total - c.terminated),
    onTimeRate: ratio(c.onTime, c.completed),
    onTimeOriginalRate: ratio(c.onTimeOriginal, c.completed),
  };
}

const countsOf = (r: SummaryRow): Counts => ({
  total: r.total,
  open: r.open,
  closed: r.closed,
  completed: r.completed,
  terminated: r.terminated,
  overdue: r.overdue,
  onTime: r.on_time,
  onTimeOriginal: r.on_time_original,
  extensions: r.extensions,
});

/** Months from `first` to `last` (`YYYY-MM`), so that a chart's axis has no gaps. */
function monthRange(first: string, last: string): string[] {
  const months: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  for (let guard = 0; guard < 1200; guard++) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    months.push(month);
    if (month >= last) break;
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return months;
}

/**
 * 情况汇总: every department (zeros included, in the organisation's order), totals, counts per
 * source (the dictionary's order, then sources outside it) and per month assigned (no gaps).
 */
export function presentSummary(
  rows: readonly SummaryRow[],
  departments: readonly { id: string; name: string }[],
  dictionary: readonly string[],
  today: string,
) {
  const byDepartment = new Map<string, Counts>();
  const bySource = new Map<string, number>();
  const byMonth = new Map<string, { total: number; closed: number; completed: number; terminated: number }>();
  for (const r of rows) {
    if (r.grouping === 0 && r.lead_department_id) byDepartment.set(r.lead_department_id, countsOf(r));
    if (r.grouping === 1 && r.month) {
      byMonth.set(r.month, {
        total: r.total,
        closed: r.closed,
        completed: r.completed,
        terminated: r.terminated,
      });
    }
    if (r.grouping === 2 && r.source !== null) bySource.set(r.source, r.total);
  }
  const totals = { ...ZERO };
  for (const c of byDepartment.values()) {
    for (const key of Object.keys(totals) as (keyof Counts)[]) totals[key] += c[key];
  }
  const extraSources = [...bySource.keys()].filter((s) => !dictionary.includes(s)).sort();
  const months = [...byMonth.keys()].sort();
  return {
    departments: departments.map((d) => ({
      departmentId: d.id,
      departmentName: d.name,
      ...figures(byDepartment.get(d.id) ?? ZERO),
    })),
    totals: figures(totals),
    bySource: [...dictionary, ...extraSources].map((source) => ({
      source,
      total: bySource.get(source) ?? 0,
    })),
    byMonth:
      months.length === 0
        ? []
        : monthRange(months[0] as string, months.at(-1) as string).map((month) => ({
            month,
            ...(byMonth.get(month) ?? { total: 0, closed: 0, completed: 0, terminated: 0 }),
          })),
    today,
  };
}
