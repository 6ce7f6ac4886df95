/** 情况汇总's queries, over the items the list's filters select (items/list-repository.ts). */
import { type SQL, sql } from 'drizzle-orm';
import { type Database, queryRows } from '../../../db/client';
import type { ItemFilter, ViewDates } from '../items/list-repository';

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
 * 情况汇总 in one pass over the items (the fallback for filters the counters cannot answer, see
 * `summarizeCounters`): figures per lead department, per month assigned and per
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

/** The filters the counters (summary_counts, summary_months, summary_open_due[_months]) have columns for. */
type CounterFilter = Pick<ItemFilter, 'status' | 'closeKind' | 'extended'>;

/**
 * Whether `summarizeCounters` can answer these filters: none, or only status, closeKind and
 * extended. The others (department and source: summary_months has no such columns, to stay a few
 * rows per month; dates, keyword, result, 本月未反馈) go to the scan.
 */
export function countersAnswer(filter: ItemFilter): filter is CounterFilter {
  const { status: _s, closeKind: _c, extended: _e, notReportedThisMonth, ...rest } = filter;
  return notReportedThisMonth !== true && Object.values(rest).every((v) => v === undefined);
}

/** A counter filter as conditions on summary_counts and summary_months (`c`), and on the open-due counters (`d`). */
function counterConditions(filter: CounterFilter) {
  const counts: SQL[] = [];
  const openDue: SQL[] = [];
  if (filter.status) {
    counts.push(sql`c.status = ${filter.status}`);
    if (filter.status !== 'open') openDue.push(sql`false`);
  }
  if (filter.closeKind) {
    counts.push(sql`c.status = 'closed' and c.close_kind = ${filter.closeKind}`);
    openDue.push(sql`false`);
  }
  if (filter.extended !== undefined) {
    counts.push(sql`c.extended = ${filter.extended}`);
    openDue.push(sql`d.extended = ${filter.extended}`);
  }
  const and = (c: SQL[]) => (c.length > 0 ? sql.join(c, sql` and `) : sql`true`);
  return { counts: and(counts), openDue: and(openDue) };
}

/**
 * 情况汇总 from the counters the trigger keeps (migration 0008): the rows of `summarize` — per source
 * only `total`, all the presenter reads there — from a few hundred counter rows, in one statement
 * (one snapshot). Overdue = open − the open items due after `overdueThrough`: per department the
 * days left in that month and the months after, so neither history nor the open backlog adds rows.
 */
export function summarizeCounters(db: Database, filter: CounterFilter, dates: ViewDates) {
  const where = counterConditions(filter);
  const completed = sql`c.status = 'closed' and c.close_kind = 'completed'`;
  const terminated = sql`c.status = 'closed' and c.close_kind <> 'completed'`;
  const sum = (condition: SQL) => sql`coalesce(sum(c.items) filter (where ${condition}), 0)::int`;
  const through = sql`${dates.overdueThrough}::date`;
  /** The first day of the month after the overdue date's: days before it, months from it. */
  const monthAfter = sql`(date_trunc('month', ${through}) + interval '1 month')::date`;
  return queryRows<SummaryRow>(
    db,
    sql`with later as (
        select d.lead_department_id, sum(d.items)::int as items from (
          select d.lead_department_id, d.items, d.extended from summary_open_due d
          where d.due_at > ${through} and d.due_at < ${monthAfter}
          union all
          select d.lead_department_id, d.items, d.extended from summary_open_due_months d
          where d.due_month >= ${monthAfter}) d
        where ${where.openDue}
        group by d.lead_department_id)
      select case when grouping(c.lead_department_id) = 0 then 0 else 2 end as grouping,
        c.lead_department_id, null::text as month, c.source,
        sum(c.items)::int as total,
        ${sum(sql`c.status = 'open'`)} as open,
        ${sum(sql`c.status = 'closed'`)} as closed,
        ${sum(completed)} as completed,
        ${sum(terminated)} as terminated,
        (${sum(sql`c.status = 'open'`)} - coalesce(max(l.items), 0))::int as overdue,
        ${sum(sql`c.on_time`)} as on_time,
        ${sum(sql`c.on_time_original`)} as on_time_original,
        sum(c.extensions)::int as extensions
      from summary_counts c left join later l on l.lead_department_id = c.lead_department_id
      where ${where.counts}
      group by grouping sets ((c.lead_department_id), (c.source))
      having sum(c.items) > 0
      union all
      select 1, null::uuid, to_char(c.assigned_month, 'YYYY-MM'), null::text,
        sum(c.items)::int, 0, ${sum(sql`c.status = 'closed'`)}, ${sum(completed)}, ${sum(terminated)},
        0, 0, 0, 0
      from summary_months c
      where ${where.counts}
      group by c.assigned_month
      having sum(c.items) > 0`,
  );
}

/**
 * Makes the counters' on-time flags those of `timeZone` (config TIME_ZONE): recounts them all when
 * they were computed in another (the migration's backfill used the default).
 */
export async function syncCounterTimeZone(db: Database, timeZone: string) {
  const [row] = await queryRows<{ time_zone: string }>(db, sql`select time_zone from summary_settings`);
  if (row?.time_zone !== timeZone) await db.execute(sql`select summary_rebuild(${timeZone})`);
}

export interface RefusalRow {
  department_id: string;
  refusals: number;
}

/**
 * 拒签 per department (spec §13) from summary_refusals (migration 0013), for the filters the counters
 * answer (`countersAnswer`): per the refuser's department and the item's state, as `countRefusals`
 * groups them — at most departments × item states rows, whatever the history.
 */
export function countRefusalCounters(db: Database, filter: CounterFilter) {
  const where = counterConditions(filter);
  return queryRows<RefusalRow>(
    db,
    sql`select c.department_id, sum(c.refusals)::int as refusals
      from summary_refusals c
      where ${where.counts}
      group by c.department_id
      having sum(c.refusals) > 0`,
  );
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
