/**
 * Scheduled reminders (spec §7, §11): 每月督办 on the configured day of each month, and the deadline
 * ladder (催办升级): `due` before the effective due date, `overdue` on overdue working day 1 and every
 * OVERDUE_REPEAT_DAYS after, `escalated` to the lead head and the registrar, then to every leader —
 * on working days only, each step once per (item, dueAt, step) and recipient.
 *
 * Exactly once, however many instances run: every reminder is a row of `reminder_log` keyed by
 * (kind, item, user, period), inserted in the same transaction as its notification with
 * ON CONFLICT DO NOTHING. Two instances racing on the same reminder both try the insert; the second
 * waits on the unique index until the first commits and then inserts nothing, so sends nothing.
 * This needs no leader election and no queue, works the same on the embedded database, and a
 * missed run (a restart, a deploy) is caught up at the next one. pg-boss would give the same
 * guarantee with more moving parts and a Node 22 requirement.
 */
import type { Database } from '../db/client';
import { addDays } from '../domain/dates';
import { deadlineReminders, ladderSteps, monthlyRecipients, type ReminderRules } from '../domain/deadlines';
import { monthlyMessage } from '../domain/messages';
import type { NotificationEffect } from '../domain/types';
import { dateInZone, monthBounds } from '../platform/dates';
import { newId } from '../platform/ids';
import { insertNotifications, loadItemStates, loadUserRefs } from '../platform/repository';
import {
  enabledLeaderIds,
  itemsWithoutMonthlyReport,
  loggedSteps,
  logReminders,
  openItemsDueBy,
  type ReminderKey,
} from './repository';

const BATCH = 200;

export interface ReminderSettings {
  timeZone: string;
  monthlyDay: number;
  /** The calendar and the ladder (working or natural days); the ladder is off without it. */
  reminderRules?: () => Promise<ReminderRules>;
}

interface Candidate extends ReminderKey {
  notification: NotificationEffect;
}

/**
 * Records and notifies the candidates not sent before; answers the notifications actually sent.
 * One transaction: a reminder row never exists without its notification, nor the reverse.
 */
async function sendOnce(db: Database, all: readonly Candidate[], now: Date) {
  if (all.length === 0) return [];
  // A disabled user cannot sign in to act on a reminder.
  const users = await loadUserRefs(
    db,
    all.map((c) => c.userId),
  );
  const candidates = all.filter((c) => users.get(c.userId)?.disabled === false);
  if (candidates.length === 0) return [];
  return db.transaction(async (tx) => {
    const inserted = await logReminders(tx, candidates, now);
    const fresh = new Set(inserted.map((r) => `${r.kind}|${r.itemId}|${r.userId}|${r.period}`));
    const toSend = candidates
      .filter((c) => fresh.has(`${c.kind}|${c.itemId}|${c.userId}|${c.period}`))
      .map((c) => c.notification);
    return insertNotifications(tx, toSend, now, newId);
  });
}

async function inBatches(
  db: Database,
  itemIds: readonly string[],
  toCandidates: (loaded: Awaited<ReturnType<typeof loadItemStates>>) => Candidate[],
  now: Date,
) {
  const sent: { userId: string; message: string }[] = [];
  for (let i = 0; i < itemIds.length; i += BATCH) {
    const states = await loadItemStates(db, itemIds.slice(i, i + BATCH));
    sent.push(...(await sendOnce(db, toCandidates(states), now)));
  }
  return sent;
}

/**
 * The deadline ladder. One cheap pass over the open items' (id, dueAt) finds the steps due today (pure
 * date arithmetic); steps already in reminder_log are dropped in one query; only the items left are
 * loaded whole to find the recipients. Each (kind, item, user, `dueAt#n`) row is inserted with the
 * notification, ON CONFLICT DO NOTHING, so two instances never send a step twice.
 */
export async function sendDeadlineReminders(db: Database, now: Date, settings: ReminderSettings) {
  if (!settings.reminderRules) return [];
  const rules = await settings.reminderRules();
  const today = dateInZone(now, settings.timeZone);
  if (!rules.calendar.isWorkday(today)) return [];
  // A due reminder comes at most dueRemindDays working days ahead; holidays and weekends in between
  // stretch that to at most about three times as many calendar days, plus a long holiday.
  const horizon = addDays(today, rules.dueRemindDays * 3 + 14);
  const open = await openItemsDueBy(db, horizon);
  const wanted = open.flatMap((row) =>
    ladderSteps(row.due_at, today, rules).map((step) => ({
      item_id: row.id,
      kind: step.kind,
      period: step.period,
    })),
  );
  if (wanted.length === 0) return [];
  const logged = await loggedSteps(db, wanted);
  const done = new Set(logged.map((r) => `${r.item_id}|${r.kind}|${r.period}`));
  const itemIds = [
    ...new Set(wanted.filter((w) => !done.has(`${w.item_id}|${w.kind}|${w.period}`)).map((w) => w.item_id)),
  ];
  if (itemIds.length === 0) return [];
  const leaderIds = await enabledLeaderIds(db);
  return inBatches(
    db,
    itemIds,
    (states) =>
      [...states.values()].flatMap(({ state }) =>
        deadlineReminders(state, today, rules, leaderIds)
          .filter((r) => !done.has(`${r.itemId}|${r.kind}|${r.period}`))
          .map((r) => ({
            kind: r.kind,
            itemId: r.itemId,
            userId: r.userId,
            period: r.period,
            notification: {
              userId: r.userId,
              kind: r.kind,
              itemId: r.itemId,
              taskId: null,
              message: r.message,
            },
          })),
      ),
    now,
  );
}

/**
 * 每月督办: from the configured day of the month on, the lead handlers of every open item with no
 * lead report filed this month are asked for one, once per month.
 */
export async function sendMonthlyReminders(db: Database, now: Date, settings: ReminderSettings) {
  const today = dateInZone(now, settings.timeZone);
  if (Number(today.slice(8, 10)) < settings.monthlyDay) return [];
  const month = today.slice(0, 7);
  const { start, end } = monthBounds(month, settings.timeZone);
  // Cheap pre-filter in SQL; the domain's monthlyRecipients decides.
  const itemIds = await itemsWithoutMonthlyReport(db, month, start, end);
  return inBatches(
    db,
    itemIds,
    (states) =>
      [...states.values()].flatMap(({ state }) =>
        monthlyRecipients(state, month, settings.timeZone).map((userId) => ({
          kind: 'monthly' as const,
          itemId: state.item.id,
          userId,
          period: month,
          notification: {
            userId,
            kind: 'monthly' as const,
            itemId: state.item.id,
            taskId: null,
            message: monthlyMessage(state.item, month),
          },
        })),
      ),
    now,
  );
}
