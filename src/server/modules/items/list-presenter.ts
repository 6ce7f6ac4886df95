/** The item list's rows as the API answers them (api-contract.md: Items list). */
import { type DeadlineRules, light, overdueDays } from '../../../domain/deadlines';
import type { Light } from '../../../domain/types';
import type { HandlerNameRow, ItemListRow } from './list-repository';

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
    attachmentCount: row.attachment_count,
  };
}
