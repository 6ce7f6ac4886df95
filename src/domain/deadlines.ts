/**
 * Deadlines (办结时间): the red/yellow/green light (红黄绿灯, spec §2) and the reminder rules the
 * scheduler applies (每月督办 and deadline reminders, spec §7). Pure: "today" and the month are
 * parameters; the scheduler persists what it has sent and dedupes.
 */
import {
  overdueDays as countOverdueDays,
  NATURAL_CALENDAR,
  type WorkCalendar,
  workdaysLeft,
} from './calendar';
import { daysBetween, localDate, monthOf } from './dates';
import { dueMessage, overdueMessage } from './messages';
import { isOpenForReports, leadHandlers } from './state';
import type { DateString, Item, ItemState, Light } from './types';

/** Working days before the effective due date in which an open item counts as due soon (yellow, DUE_SOON_DAYS). */
export const DUE_SOON_DAYS = 5;
/** Days before `dueAt` when the lead handlers get the "due" reminder. */
export const DUE_REMINDER_DAYS = 3;
/** The time zone "today" and months are taken in unless configured otherwise. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

type Dated = Pick<Item, 'status' | 'dueAt'>;

/** How deadlines are counted: the calendar (working or natural days) and the yellow window. */
export interface DeadlineRules {
  calendar: WorkCalendar;
  dueSoonDays: number;
}

export const NATURAL_RULES: DeadlineRules = { calendar: NATURAL_CALENDAR, dueSoonDays: DUE_SOON_DAYS };

/**
 * Working days past the effective due date up to and including today (超期工作日, `overdueDays`);
 * 0 when closed or not past it. A `dueAt` on a day off is due at the end of the next working day.
 */
export function overdueDays(item: Dated, today: DateString, rules: DeadlineRules = NATURAL_RULES): number {
  if (item.status !== 'open') return 0;
  return countOverdueDays(rules.calendar, item.dueAt, today);
}

/** Open and at least one working day past the effective due date (超期). */
export function isOverdue(item: Dated, today: DateString, rules: DeadlineRules = NATURAL_RULES): boolean {
  return overdueDays(item, today, rules) >= 1;
}

/** Open, not overdue, and at most `dueSoonDays` working days left (临期). */
export function isDueSoon(item: Dated, today: DateString, rules: DeadlineRules = NATURAL_RULES): boolean {
  if (item.status !== 'open' || isOverdue(item, today, rules)) return false;
  return workdaysLeft(rules.calendar, item.dueAt, today) <= rules.dueSoonDays;
}

/** The list light (spec §11): red overdue, yellow due soon, green otherwise, none once closed. */
export function light(item: Dated, today: DateString, rules: DeadlineRules = NATURAL_RULES): Light {
  if (item.status !== 'open') return 'none';
  if (isOverdue(item, today, rules)) return 'red';
  if (isDueSoon(item, today, rules)) return 'yellow';
  return 'green';
}

/**
 * 每月督办: the lead handlers to ask for a report for `month` (`YYYY-MM`), or none. An item needs a
 * report when it is open, open for reports (an item still in its registration flow is being handled
 * and could not report yet) and no lead report was started in that month, in `timeZone`; a report
 * counts as submitted when filed, whatever its approval later does.
 */
export function monthlyRecipients(
  state: ItemState,
  month: string,
  timeZone: string = DEFAULT_TIME_ZONE,
): string[] {
  if (state.item.status !== 'open' || !isOpenForReports(state)) return [];
  const reported = state.flows.some(
    (f) => f.kind === 'lead_report' && monthOf(localDate(f.startedAt, timeZone)) === month,
  );
  return reported ? [] : leadHandlers(state.handlers).map((h) => h.userId);
}

export interface DeadlineReminder {
  itemId: string;
  userId: string;
  kind: 'due' | 'overdue';
  /** The deadline the reminder is about: a changed `dueAt` earns new reminders. */
  period: DateString;
  message: string;
}

/**
 * Deadline reminders due today for the item's lead handlers: `due` from 3 days before `dueAt` up to
 * `dueAt`, `overdue` from the day after. Windows rather than single days, so a scheduler that missed
 * a day (a restart, an item registered two days before its deadline) still sends them; the scheduler
 * sends each (kind, item, user, period) once.
 */
export function deadlineReminders(state: ItemState, today: DateString): DeadlineReminder[] {
  const { item } = state;
  if (item.status !== 'open') return [];
  const left = daysBetween(today, item.dueAt);
  let kind: DeadlineReminder['kind'] | undefined;
  if (left < 0) kind = 'overdue';
  else if (left <= DUE_REMINDER_DAYS) kind = 'due';
  if (!kind) return [];
  const message = kind === 'due' ? dueMessage(item) : overdueMessage(item);
  return leadHandlers(state.handlers).map((h) => ({
    itemId: item.id,
    userId: h.userId,
    kind,
    period: item.dueAt,
    message,
  }));
}
