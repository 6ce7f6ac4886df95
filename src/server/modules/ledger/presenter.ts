/** The export's lines of the ledger (台账): one workbook row per item (api-contract.md: export). */
import { type DeadlineRules, light, overdueDays } from '../../../domain/deadlines';
import type { TaskInput } from '../../../domain/types';
import type { DepartmentNames } from '../items/list-presenter';
import type { ExportRow } from '../items/list-repository';
import { type ExportLine, excelDate } from './excel';

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
    attachmentCount: row.attachment_count,
  };
}
