/** 情况汇总's queries, over the items the list's filters select (items/list-repository.ts). */
import { type SQL, sql } from 'drizzle-orm';
import { type Database, queryRows } from '../../../db/client';
import type { ViewDates } from '../items/list-repository';

/** The month an item was assigned in, as a group key: half the cost of formatting every row. */
const MONTH = sql`date_trunc('month', i.assigned_at::timestamp)`;

export interface SummaryRow {
  /** 0 = per lead department, 1 = per month assigned, 2 = per source. */
  grouping: number;
  lead_department_id: string | null;
  month: string | null;
  source: string | null;
  total: number;
  open: number;
  closed: number;
  completed: number;
  terminated: number;
  overdue: number;
  on_time: number;
  on_time_original: number;
  extensions: number;
}

/**
 * 情况汇总 in one pass over the items: figures per lead department, per month assigned and per
 * source (GROUPING SETS). Only completed items (办结) count as on time: completed on or before dueAt
 * (and, separately, originalDueAt), the closing instant's date taken in `timeZone`; terminated
 * items (终止) are counted on their own.
 */
export function summarize(db: Database, where: SQL, dates: ViewDates) {
  const { timeZone } = dates;
  const completed = sql`i.status = 'closed' and i.close_kind = 'completed'`;
  return queryRows<SummaryRow>(
    db,
    sql`select
        case when grouping(i.lead_department_id) = 0 then 0 when grouping(${MONTH}) = 0 then 1 else 2 end as grouping,
        i.lead_department_id, to_char(${MONTH}, 'YYYY-MM') as month, i.source,
        count(*)::int as total,
        count(*) filter (where i.status = 'open')::int as open,
        count(*) filter (where i.status = 'closed')::int as closed,
        count(*) filter (where ${completed})::int as completed,
        count(*) filter (where i.status = 'closed' and i.close_kind is distinct from 'completed')::int as terminated,
        count(*) filter (where i.status = 'open' and i.due_at <= ${dates.overdueThrough}::date)::int as overdue,
        count(*) filter (
          where ${completed} and (i.closed_at at time zone ${timeZone})::date <= i.due_at)::int as on_time,
        count(*) filter (
          where ${completed} and (i.closed_at at time zone ${timeZone})::date <= i.original_due_at)::int
          as on_time_original,
        coalesce(sum(i.extension_count), 0)::int as extensions
      from items i
      where ${where}
      group by grouping sets ((i.lead_department_id), (${MONTH}), (i.source))`,
  );
}

export interface RefusalRow {
  department_id: string;
  refusals: number;
}

/**
 * 拒签 per department (spec §13), over the items matching the filters: the head's refusals of a
 * registration and the assisting handlers' refusals of a 协办反馈, counted for the refuser's
 * department.
 */
export function countRefusals(db: Database, where: SQL) {
  return queryRows<RefusalRow>(
    db,
    sql`select u.department_id, count(*)::int as refusals
      from tasks t
      join items i on i.id = t.item_id
      join users u on u.id = t.assignee_id
      where ${where} and t.state = 'done'
        and ((t.kind = 'handle' and t.input->>'decision' = 'refuse')
          or (t.kind = 'assist_report' and t.input->>'outcome' = 'refuse'))
      group by u.department_id`,
  );
}
