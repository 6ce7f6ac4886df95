/**
 * The queries behind the item lists (and the ledger's export and the summary, which filter alike). The visibility rule of
 * `canSeeItem` (domain/permissions.ts) is mirrored here as SQL so that a list is one query and never
 * shows an item its detail would answer 404 for.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { SortField } from '../../../contract/item-list';
import { type Database, queryRows } from '../../../db/client';
import type { HandlerRole, Outcome } from '../../../domain/types';

export interface ItemFilter {
  status?: 'open' | 'closed' | undefined;
  closeKind?: 'completed' | 'terminated' | undefined;
  /** The last handling's outcome (事务办理); `result` in the query is its alias. */
  result?: Outcome | 'none' | undefined;
  extended?: boolean | undefined;
  notReportedThisMonth?: boolean | undefined;
  leadDepartmentId?: string | undefined;
  source?: string | undefined;
  overdue?: boolean | undefined;
  assignedFrom?: string | undefined;
  assignedTo?: string | undefined;
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
  q?: string | undefined;
}

/**
 * Which items a query may return: all of them (leaders, admins, supervisors), or those of 督办查询 —
 * the department is lead or assisting, or the user is a handler or has or had a task on the item.
 */
export type Visibility =
  | { kind: 'all' }
  | { kind: 'department'; departmentId: string; userId: string }
  /** 我登记的: the items the user registered (督办人). */
  | { kind: 'registered'; userId: string };

/**
 * The dates a query's filters depend on, computed by the service from the clock and the calendar:
 * an open item is overdue when `due_at <= overdueThrough` (working days: the working day before the
 * last working day on or before today — see domain/deadlines.ts `overdueThrough`); 本月未反馈 counts
 * from `monthStart` (the first day of this month, in `timeZone`).
 */
export interface ViewDates {
  today: string;
  overdueThrough: string;
  monthStart: string;
  timeZone: string;
}

export interface Sort {
  field: SortField;
  descending: boolean;
}

interface SortColumn {
  expr: SQL;
  /** SQL type a keyset value is cast back to. */
  type: SQL;
}

/**
 * Sort expressions. Nullable columns are coalesced to a value above every other, which is where
 * PostgreSQL puts NULL anyway (last ascending, first descending), so that keyset paging can compare
 * rows without special cases.
 */
const SORT_COLUMNS: Record<SortField, SortColumn> = {
  number: { expr: sql`i.number`, type: sql`text` },
  title: { expr: sql`i.title`, type: sql`text` },
  source: { expr: sql`i.source`, type: sql`text` },
  assignedAt: { expr: sql`i.assigned_at`, type: sql`date` },
  dueAt: { expr: sql`i.due_at`, type: sql`date` },
  promisedAt: { expr: sql`coalesce(i.promised_at, 'infinity'::date)`, type: sql`date` },
  closedAt: { expr: sql`coalesce(i.closed_at, 'infinity'::timestamptz)`, type: sql`timestamptz` },
  status: { expr: sql`i.status`, type: sql`text` },
  createdAt: { expr: sql`i.created_at`, type: sql`timestamptz` },
  updatedAt: { expr: sql`i.updated_at`, type: sql`timestamptz` },
};

/** `%`, `_` and `\` in a keyword are literal characters, not patterns. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

type DepartmentVisibility = Extract<Visibility, { kind: 'department' }>;

/**
 * The ids of every item 督办查询 shows (`canSeeItem` in domain/permissions.ts): three index lookups
 * (item_departments, item_handlers, tasks by assignee), the user's tasks state by state, one partial
 * index each.
 */
function visibleIds(v: DepartmentVisibility): SQL {
  return sql`select d.item_id from item_departments d where d.department_id = ${v.departmentId}
      union select h.item_id from item_handlers h where h.user_id = ${v.userId}
      union select t.item_id from tasks t where t.assignee_id = ${v.userId} and t.state = 'pending'
      union select t.item_id from tasks t where t.assignee_id = ${v.userId} and t.state = 'done'
      union select t.item_id from tasks t where t.assignee_id = ${v.userId} and t.state = 'cancelled'`;
}

/** The same rule for one row `i`: a few primary-key probes, to recheck an item_access candidate. */
function visibleTo(v: DepartmentVisibility): SQL {
  return sql`(exists (select 1 from item_departments d where d.item_id = i.id and d.department_id = ${v.departmentId})
    or exists (select 1 from item_handlers h where h.item_id = i.id and h.user_id = ${v.userId})
    or exists (select 1 from tasks t where t.item_id = i.id and t.assignee_id = ${v.userId}))`;
}

/** WHERE of every item query: visibility and the filters; `dates` decide what is overdue. */
export function itemConditions(filter: ItemFilter, visibility: Visibility, dates: ViewDates): SQL {
  const c: SQL[] = [];
  if (visibility.kind === 'registered') c.push(sql`i.registrar_id = ${visibility.userId}`);
  if (visibility.kind === 'department') {
    // Collected into an array first, so that the items are then fetched by primary key: `IN
    // (subquery)` lets the planner hash-join against a scan of every item instead (2× slower at
    // 100k items, see docs/query-plans.md).
    c.push(sql`i.id = any(array(${visibleIds(visibility)}))`);
  }
  c.push(filterConditions(filter, dates));
  return sql.join(c, sql` and `);
}

/** True when `filter` filters nothing (then a count needs no item rows). */
export function isUnfiltered(filter: ItemFilter): boolean {
  return Object.values(filter).every((value) => value === undefined);
}

/** The filters alone, without the visibility: `true` when there are none. */
export function filterConditions(filter: ItemFilter, dates: ViewDates): SQL {
  const c: SQL[] = [];
  if (filter.status) c.push(sql`i.status = ${filter.status}`);
  if (filter.closeKind) c.push(sql`i.status = 'closed' and i.close_kind = ${filter.closeKind}`);
  if (filter.result === 'none') c.push(sql`i.result is null`);
  else if (filter.result) c.push(sql`i.result = ${filter.result}`);
  if (filter.extended === true) c.push(sql`i.extension_count > 0`);
  if (filter.extended === false) c.push(sql`i.extension_count = 0`);
  if (filter.notReportedThisMonth === true) c.push(notReportedThisMonth(dates));
  if (filter.leadDepartmentId) c.push(sql`i.lead_department_id = ${filter.leadDepartmentId}`);
  if (filter.source) c.push(sql`i.source = ${filter.source}`);
  if (filter.overdue === true) c.push(sql`i.status = 'open' and i.due_at <= ${dates.overdueThrough}::date`);
  if (filter.overdue === false) {
    c.push(sql`not (i.status = 'open' and i.due_at <= ${dates.overdueThrough}::date)`);
  }
  if (filter.assignedFrom) c.push(sql`i.assigned_at >= ${filter.assignedFrom}::date`);
  if (filter.assignedTo) c.push(sql`i.assigned_at <= ${filter.assignedTo}::date`);
  if (filter.dueFrom) c.push(sql`i.due_at >= ${filter.dueFrom}::date`);
  if (filter.dueTo) c.push(sql`i.due_at <= ${filter.dueTo}::date`);
  if (filter.q) {
    // The same expression as items_keyword_trgm_idx, so the trigram index answers it (LIKE and ILIKE
    // alike). A keyword without upper and lower case (Chinese, digits) needs no ILIKE, and LIKE is
    // twice as fast where the index cannot help: keywords under three characters have no trigram.
    const caseless = filter.q.toLowerCase() === filter.q.toUpperCase();
    const keyword = sql`(i.number || ' ' || i.title || ' ' || i.content)`;
    const pattern = likePattern(filter.q);
    c.push(caseless ? sql`${keyword} like ${pattern}` : sql`${keyword} ilike ${pattern}`);
  }
  return c.length > 0 ? sql.join(c, sql` and `) : sql`true`;
}

/**
 * 本月未反馈 (spec §11): open, its registration flow ended before the first day of this month, and no
 * lead report (主办反馈) started this month — the month's bounds taken in the configured time zone.
 */
function notReportedThisMonth(dates: ViewDates): SQL {
  const start = sql`(${dates.monthStart}::timestamp at time zone ${dates.timeZone})`;
  return sql`i.status = 'open'
    and exists (select 1 from flows f where f.item_id = i.id and f.kind = 'registration'
      and f.status <> 'active' and f.ended_at < ${start})
    and not exists (select 1 from flows f where f.item_id = i.id and f.kind = 'lead_report'
      and f.started_at >= ${start})`;
}

function orderBy(sort: Sort): SQL {
  const dir = sort.descending ? sql`desc` : sql`asc`;
  return sql`${SORT_COLUMNS[sort.field].expr} ${dir}, i.id ${dir}`;
}

export interface ItemListRow {
  id: string;
  number: string;
  title: string;
  source: string;
  lead_department_id: string;
  assist_department_ids: string[];
  assigned_at: string;
  due_at: string;
  status: 'open' | 'closed';
  result: Outcome | null;
  promised_at: string | null;
  closed_at: Date | string | null;
  close_kind: 'completed' | 'terminated' | null;
  original_due_at: string;
  extension_count: number;
  extension_pending: boolean;
  registrar_id: string;
  head_id: string;
  created_at: Date | string;
  updated_at: Date | string;
  /** 附件数 (spec §13): the item's files, its steps' included. */
  attachment_count: number;
}

const LIST_COLUMNS = sql`i.id, i.number, i.title, i.source, i.lead_department_id, i.assist_department_ids,
  i.assigned_at, i.due_at, i.status, i.result, i.promised_at, i.closed_at, i.close_kind, i.original_due_at,
  i.extension_count, i.registrar_id, i.head_id, i.created_at, i.updated_at,
  -- Not exists(…): the planner costs that subquery for every row the WHERE matches, not for the page,
  -- and at 100k items hashed it, a parallel scan of all flows (~57 ms) on every page and export batch.
  -- A scalar subquery is never hashed: one probe of flows_item_seq_unique per row shown (0.4 ms a page).
  (select true from flows ef where ef.item_id = i.id and ef.kind = 'extension' and ef.status = 'active' limit 1)
    is not null as extension_pending,
  (select count(*)::int from attachments a where a.item_id = i.id and a.state = 'ready') as attachment_count`;

/**
 * 督办查询's page in its default order (assigned_at, either direction), in a time that does not grow
 * with the department: item_access is walked in (assigned_at, item_id) order once for the department
 * and once for the user, each candidate rechecked with the exact rule and the filters, each walk
 * stopping after offset + limit rows. The page is the first rows of the two walks merged: any row of
 * it is among the first offset + limit of a walk that holds it, since every row before it in that
 * walk is visible and before it in the list too.
 */
export function listDepartmentItems(
  db: Database,
  visibility: DepartmentVisibility,
  filters: SQL,
  descending: boolean,
  limit: number,
  offset: number,
) {
  const dir = descending ? sql`desc` : sql`asc`;
  const walk = (subject: string) => sql`(select a.item_id from item_access a join items i on i.id = a.item_id
      where a.subject_id = ${subject} and ${visibleTo(visibility)} and ${filters}
      order by a.assigned_at ${dir}, a.item_id ${dir} limit ${offset + limit})`;
  return queryRows<ItemListRow>(
    db,
    sql`select ${LIST_COLUMNS} from items i
      where i.id in (${walk(visibility.departmentId)} union all ${walk(visibility.userId)})
      order by i.assigned_at ${dir}, i.id ${dir} limit ${limit} offset ${offset}`,
  );
}

/**
 * 督办查询's total without filters, from the counters of migration 0011: the department's items plus
 * those the user sees outside it (a handful of rows), instead of counting the department's items.
 */
export async function countVisibleItems(db: Database, visibility: DepartmentVisibility): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select coalesce((select c.items from department_item_counts c
        where c.department_id = ${visibility.departmentId}), 0)
      + (select count(*) from item_outside_access o where o.user_id = ${visibility.userId})::int as n`,
  );
  return row?.n ?? 0;
}

/** One page of a list, in the requested order with the id breaking ties. */
export function listItems(db: Database, where: SQL, sort: Sort, limit: number, offset: number) {
  return queryRows<ItemListRow>(
    db,
    sql`select ${LIST_COLUMNS} from items i where ${where}
      order by ${orderBy(sort)} limit ${limit} offset ${offset}`,
  );
}

export async function countItems(db: Database, where: SQL): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from items i where ${where}`,
  );
  return row?.n ?? 0;
}

export interface HandlerNameRow {
  item_id: string;
  user_id: string;
  name: string;
  role: HandlerRole;
}

/** The handlers of several items with their names, in one query. */
export function listHandlerNames(db: Database, itemIds: readonly string[]) {
  if (itemIds.length === 0) return Promise.resolve([]);
  return queryRows<HandlerNameRow>(
    db,
    sql`select h.item_id, h.user_id, u.name, h.role from item_handlers h join users u on u.id = h.user_id
      where h.item_id in ${[...itemIds]}
      order by h.item_id, h.since, h.user_id`,
  );
}

export interface ExportRow extends ItemListRow {
  content: string;
  /** closed_at and the last report's time as wall-clock time of the time zone, `YYYY-MM-DDTHH:MI:SS`. */
  closed_local: string | null;
  report_local: string | null;
  head_name: string | null;
  lead_handlers: string | null;
  assist_handlers: string | null;
  report_input: Record<string, unknown> | null;
  /** §10: the last report was filed by a deputy (委托): who, and for whom (代 <name> 办理). */
  report_by: string | null;
  report_for: string | null;
  sort_key: string;
}

const WALL_CLOCK = 'YYYY-MM-DD"T"HH24:MI:SS';

/** Where a keyset batch starts: after the last row of the previous one. */
export interface Cursor {
  sortKey: string;
  id: string;
}

/**
 * One batch of the export, with everything a row of the workbook shows: names of the head and the
 * handlers and the latest submitted handling result (最近反馈: the last done step that carried an
 * outcome, whether of the registration flow or of a report). Keyset paging (after `cursor`) keeps
 * every batch an index range however deep the export goes.
 */
export function exportBatch(
  db: Database,
  where: SQL,
  sort: Sort,
  cursor: Cursor | undefined,
  limit: number,
  timeZone: string,
) {
  const column = SORT_COLUMNS[sort.field];
  const after = cursor
    ? sort.descending
      ? sql`and (${column.expr}, i.id) < (${cursor.sortKey}::${column.type}, ${cursor.id}::uuid)`
      : sql`and (${column.expr}, i.id) > (${cursor.sortKey}::${column.type}, ${cursor.id}::uuid)`
    : sql``;
  return queryRows<ExportRow>(
    db,
    sql`select ${LIST_COLUMNS}, i.content, ${column.expr}::text as sort_key, head.name as head_name,
        hs.lead_handlers, hs.assist_handlers, r.input as report_input, r.report_by, r.report_for,
        -- Converted here: the database does time zones far faster than a JavaScript library per row.
        to_char(i.closed_at at time zone ${timeZone}, ${WALL_CLOCK}) as closed_local,
        to_char(r.completed_at at time zone ${timeZone}, ${WALL_CLOCK}) as report_local
      from items i
      left join users head on head.id = i.head_id
      left join lateral (
        select string_agg(u.name, '、' order by h.since, h.user_id) filter (where h.role <> 'assist') as lead_handlers,
          string_agg(u.name, '、' order by h.since, h.user_id) filter (where h.role = 'assist') as assist_handlers
        from item_handlers h join users u on u.id = h.user_id where h.item_id = i.id
      ) hs on true
      left join lateral (
        select t.completed_at, t.input, by_user.name as report_by, for_user.name as report_for from tasks t
        left join users by_user on by_user.id = t.assignee_id and t.on_behalf_of_id is not null
        left join users for_user on for_user.id = t.on_behalf_of_id
        where t.item_id = i.id and t.state = 'done' and t.input->>'outcome' is not null
        order by t.completed_at desc, t.seq desc limit 1
      ) r on true
      where ${where} ${after}
      order by ${orderBy(sort)} limit ${limit}`,
  );
}
