/**
 * Queries of §10 (people change): absences (委托), who is a supervisor, the 督办科待审核 pool, the
 * tasks an admin must move, and the items a leaver's handover touches.
 */
import { sql } from 'drizzle-orm';
import { type Database, queryRows } from '../../../db/client';
import type { Absence } from '../../../domain/people';
import type { TaskListRow } from '../tasks/repository';

/** What every command needs to know about people beyond the aggregate's users. */
export interface PeopleContext {
  /** Absent user → deputy, for absences in effect today. */
  deputies: Map<string, string>;
  supervisors: Set<string>;
}

/** Absences in effect on `today`. */
const inEffect = (today: string) => sql`not a.cancelled and a.ended_at is null
  and a.starts_on <= ${today}::date and a.ends_on >= ${today}::date`;

/** The deputies of today's absences (a command may redirect a task to one of them). */
export const deputiesToday = (today: string) =>
  sql`select a.deputy_id from absences a where ${inEffect(today)}`;

/** Columns `absences` and `supervisors` of a PeopleContext, to be read by `peopleFrom`. */
export const peopleColumns = (today: string) => sql`
  (select json_agg(json_build_object('user_id', a.user_id, 'deputy_id', a.deputy_id)) from absences a
    where ${inEffect(today)}) as absences,
  (select json_agg(g.user_id) from role_grants g where g.role = 'supervisor') as supervisors`;

export interface PeopleRow {
  absences: { user_id: string; deputy_id: string }[] | null;
  supervisors: string[] | null;
}

export const peopleFrom = (row: PeopleRow | undefined): PeopleContext => ({
  deputies: new Map((row?.absences ?? []).map((a) => [a.user_id, a.deputy_id])),
  supervisors: new Set(row?.supervisors ?? []),
});

/** Absences in effect on `today` and every supervisor, in one statement. */
export async function loadPeopleContext(db: Database, today: string): Promise<PeopleContext> {
  const [row] = await queryRows<PeopleRow>(db, sql`select ${peopleColumns(today)}`);
  return peopleFrom(row);
}

interface AbsenceRow {
  id: string;
  user_id: string;
  deputy_id: string;
  starts_on: string;
  ends_on: string;
  reason: string | null;
  ended_at: string | Date | null;
  cancelled: boolean;
  created_by_id: string;
  created_at: string | Date;
  user_name: string | null;
  deputy_name: string | null;
}

export type AbsenceWithNames = Absence & { userName: string | null; deputyName: string | null };

const toAbsence = (r: AbsenceRow): AbsenceWithNames => ({
  id: r.id,
  userId: r.user_id,
  deputyId: r.deputy_id,
  startsOn: String(r.starts_on).slice(0, 10),
  endsOn: String(r.ends_on).slice(0, 10),
  reason: r.reason,
  endedAt: r.ended_at === null ? null : new Date(r.ended_at),
  cancelled: r.cancelled,
  createdById: r.created_by_id,
  createdAt: new Date(r.created_at),
  userName: r.user_name,
  deputyName: r.deputy_name,
});

const ABSENCE_COLUMNS = sql`a.id, a.user_id, a.deputy_id, to_char(a.starts_on, 'YYYY-MM-DD') as starts_on,
  to_char(a.ends_on, 'YYYY-MM-DD') as ends_on, a.reason, a.ended_at, a.cancelled, a.created_by_id, a.created_at,
  u.name as user_name, d.name as deputy_name`;

/** Absences, newest first: of one user, or (userId undefined) everybody's; `activeOn` = in effect that day. */
export async function listAbsences(
  db: Database,
  filter: { userId?: string; activeOn?: string },
): Promise<AbsenceWithNames[]> {
  const rows = await queryRows<AbsenceRow>(
    db,
    sql`select ${ABSENCE_COLUMNS}
      from absences a join users u on u.id = a.user_id join users d on d.id = a.deputy_id
      where true
        ${filter.userId ? sql`and a.user_id = ${filter.userId}` : sql``}
        ${
          filter.activeOn
            ? sql`and not a.cancelled and a.ended_at is null
                and a.starts_on <= ${filter.activeOn}::date and a.ends_on >= ${filter.activeOn}::date`
            : sql``
        }
      order by a.starts_on desc, a.created_at desc
      limit 500`,
  );
  return rows.map(toAbsence);
}

/** One absence, locked for the transaction (ending it). */
export async function findAbsenceForUpdate(db: Database, id: string): Promise<AbsenceWithNames | undefined> {
  const [row] = await queryRows<AbsenceRow>(
    db,
    sql`select ${ABSENCE_COLUMNS}
      from absences a join users u on u.id = a.user_id join users d on d.id = a.deputy_id
      where a.id = ${id} for update of a`,
  );
  return row ? toAbsence(row) : undefined;
}

/** Takes the user's row lock so that two overlapping absences recorded at once cannot both pass. */
export async function lockUser(db: Database, userId: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(db, sql`select id from users where id = ${userId} for update`);
  return rows.length > 0;
}

export async function insertAbsence(db: Database, a: Absence): Promise<void> {
  await db.execute(sql`insert into absences
    (id, user_id, deputy_id, starts_on, ends_on, reason, ended_at, cancelled, created_by_id, created_at)
    values (${a.id}, ${a.userId}, ${a.deputyId}, ${a.startsOn}::date, ${a.endsOn}::date, ${a.reason},
      ${a.endedAt?.toISOString() ?? null}::timestamptz, ${a.cancelled}, ${a.createdById},
      ${a.createdAt.toISOString()}::timestamptz)`);
}

export async function saveAbsenceEnd(db: Database, a: Absence): Promise<void> {
  await db.execute(sql`update absences set ends_on = ${a.endsOn}::date,
    ended_at = ${a.endedAt?.toISOString() ?? null}::timestamptz, cancelled = ${a.cancelled}
    where id = ${a.id}`);
}

/** Items a leaver's handover touches: pending tasks, a handler seat or the registrar of an open item. */
export async function itemsOfLeaver(db: Database, userId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select distinct x.id from (
        select t.item_id as id from tasks t where t.assignee_id = ${userId} and t.state = 'pending'
        union select h.item_id from item_handlers h join items i on i.id = h.item_id
          where h.user_id = ${userId} and i.status = 'open'
        union select i.id from items i where i.registrar_id = ${userId} and i.status = 'open'
      ) x order by x.id`,
  );
  return rows.map((r) => r.id);
}

/** A row of 待办's list (tasks/repository) that is still pending, with whose it is. */
export type PoolRow = Omit<TaskListRow, 'state' | 'completed_at'> & {
  state: 'pending';
  assignee_id: string;
  assignee_name: string | null;
};

/**
 * 督办科待审核: pending reviews still with their registrar (not claimed), except the caller's own,
 * oldest first (the longest waiting on top); and (`stuck`) pending tasks of disabled users on open
 * items, for the admin to move.
 */
export async function listPool(
  db: Database,
  which: { pool: 'review'; exceptUserId: string } | { pool: 'stuck' },
  limit: number,
  offset: number,
): Promise<{ rows: PoolRow[]; total: number }> {
  const where =
    which.pool === 'review'
      ? sql`t.kind = 'review' and t.state = 'pending' and t.assignee_id = i.registrar_id
          and t.assignee_id <> ${which.exceptUserId} and i.status = 'open'`
      : sql`t.state = 'pending' and a.disabled and i.status = 'open'`;
  const rows = await queryRows<PoolRow & { total: number }>(
    db,
    sql`select t.id, t.kind, t.state, t.item_id, i.number as item_number, i.title as item_title,
        i.status as item_status, i.due_at as item_due_at, t.flow_id, f.kind as flow_kind, t.sender_id,
        s.name as sender_name, t.assignee_id, a.name as assignee_name, t.created_at, t.returned, t.read_at,
        t.on_behalf_of_id, o.name as on_behalf_of_name, count(*) over ()::int as total
      from tasks t
      join items i on i.id = t.item_id
      join flows f on f.id = t.flow_id
      join users a on a.id = t.assignee_id
      left join users s on s.id = t.sender_id
      left join users o on o.id = t.on_behalf_of_id
      where ${where}
      order by t.created_at, t.id
      limit ${limit} offset ${offset}`,
  );
  return { rows, total: rows[0]?.total ?? 0 };
}

/** 已读: the assignee opened the task for the first time. */
export async function markTaskRead(db: Database, taskId: string, userId: string, at: Date): Promise<void> {
  await db.execute(sql`update tasks set read_at = ${at.toISOString()}::timestamptz
    where id = ${taskId} and assignee_id = ${userId} and read_at is null`);
}
