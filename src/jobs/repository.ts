/**
 * The reminders' queries (see reminders.ts for why they are safe to race). Jobs import no server
 * module: what they share with the server (items' aggregates, notifications) is in src/platform.
 */
import { sql } from 'drizzle-orm';
import { type Database, queryRows } from '../db/client';
import { reminderLog } from '../db/schema';

export interface ReminderKey {
  kind: 'monthly' | 'due' | 'overdue' | 'escalated';
  itemId: string;
  userId: string;
  period: string;
}

/** Open items due on or before `horizon` (YYYY-MM-DD), by id. */
export function openItemsDueBy(db: Database, horizon: string) {
  return queryRows<{ id: string; due_at: string }>(
    db,
    sql`select id, due_at from items where status = 'open' and due_at <= ${horizon} order by id`,
  );
}

/** Which of the wanted (item, kind, period) steps are already in reminder_log, for any user. */
export function loggedSteps(
  db: Database,
  wanted: readonly { item_id: string; kind: string; period: string }[],
) {
  return queryRows<{ item_id: string; kind: string; period: string }>(
    db,
    sql`select distinct r.item_id, r.kind, r.period from reminder_log r
        join json_to_recordset(${JSON.stringify(wanted)}::json) as w(item_id uuid, kind text, period text)
          on r.item_id = w.item_id and r.kind = w.kind and r.period = w.period`,
  );
}

/** Enabled leaders (领导), by id: the last step of the ladder. */
export async function enabledLeaderIds(db: Database): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select u.id from users u join role_grants g on g.user_id = u.id
        where g.role = 'leader' and not u.disabled order by u.id`,
  );
  return rows.map((r) => r.id);
}

/**
 * Open items with no lead report started in [start, end) and no monthly reminder for `month`: a
 * cheap pre-filter; the domain's monthlyRecipients decides.
 */
export async function itemsWithoutMonthlyReport(
  db: Database,
  month: string,
  start: Date,
  end: Date,
): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select i.id from items i
        where i.status = 'open'
          and not exists (select 1 from flows f where f.item_id = i.id and f.kind = 'lead_report'
                            and f.started_at >= ${start.toISOString()} and f.started_at < ${end.toISOString()})
          and not exists (select 1 from reminder_log r where r.kind = 'monthly' and r.item_id = i.id
                            and r.period = ${month})
        order by i.id`,
  );
  return rows.map((r) => r.id);
}

/** Records the reminders; answers those inserted now (the rest were sent before, by anyone). */
export function logReminders(db: Database, keys: readonly ReminderKey[], now: Date) {
  return db
    .insert(reminderLog)
    .values(
      keys.map((k) => ({ kind: k.kind, itemId: k.itemId, userId: k.userId, period: k.period, sentAt: now })),
    )
    .onConflictDoNothing()
    .returning({
      kind: reminderLog.kind,
      itemId: reminderLog.itemId,
      userId: reminderLog.userId,
      period: reminderLog.period,
    });
}
