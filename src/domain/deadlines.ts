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
import { localDate, monthOf } from './dates';
import { dueMessage, escalatedMessage, overdueMessage } from './messages';
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

/** The escalation ladder's settings (催办升级, spec §11), in working days. */
export interface LadderSettings {
  /** The `due` reminder this many working days before the effective due date. */
  dueRemindDays: number;
  /** Overdue reminders repeat on n = 1 + k·overdueRepeatDays. */
  overdueRepeatDays: number;
  /** On overdue working day n = this, the lead head and the registrar are told, and get the repeats. */
  escalateHeadDays: number;
  /** On overdue working day n = this, every leader is told, and gets the repeats. */
  escalateLeaderDays: number;
}

export const DEFAULT_LADDER: LadderSettings = {
  dueRemindDays: 3,
  overdueRepeatDays: 5,
  escalateHeadDays: 3,
  escalateLeaderDays: 10,
};

export type ReminderRules = DeadlineRules & LadderSettings;

export const DEFAULT_REMINDER_RULES: ReminderRules = { ...NATURAL_RULES, ...DEFAULT_LADDER };

/** Whom a step of the ladder goes to. */
export type LadderAudience = 'lead' | 'head' | 'leaders';

/** One step of the ladder: sent once per (item, dueAt, kind, n), `period` = `dueAt#n`. */
export interface LadderStep {
  kind: 'due' | 'overdue' | 'escalated';
  /** Overdue working day of the step (0 for the `due` reminder). */
  n: number;
  period: string;
  audience: LadderAudience[];
}

/**
 * The ladder steps due on `today` for an open item due `dueAt` (pure; no people). Only on working
 * days. Before the deadline: `due` from `dueRemindDays` working days before the effective due date up
 * to it. After it, by overdue working day n: the latest `overdue` step 1 + k·R ≤ n (to the lead
 * handlers, plus whoever has been escalated to by then), and each escalation whose day has come. A
 * day the scheduler missed is caught up once — the latest step only — because each step is sent once
 * and older repeats are never due again. A changed `dueAt` gives every step a new period.
 */
export function ladderSteps(dueAt: DateString, today: DateString, rules: ReminderRules): LadderStep[] {
  const { calendar } = rules;
  if (!calendar.isWorkday(today)) return [];
  const n = countOverdueDays(calendar, dueAt, today);
  if (n === 0) {
    const left = workdaysLeft(calendar, dueAt, today);
    return left <= rules.dueRemindDays
      ? [{ kind: 'due', n: 0, period: `${dueAt}#0`, audience: ['lead'] }]
      : [];
  }
  const repeat = Math.max(1, rules.overdueRepeatDays);
  const s = 1 + Math.floor((n - 1) / repeat) * repeat;
  const overdueAudience: LadderAudience[] = ['lead'];
  if (s >= rules.escalateHeadDays) overdueAudience.push('head');
  if (s >= rules.escalateLeaderDays) overdueAudience.push('leaders');
  const steps: LadderStep[] = [{ kind: 'overdue', n: s, period: `${dueAt}#${s}`, audience: overdueAudience }];
  if (n >= rules.escalateHeadDays) {
    const h = rules.escalateHeadDays;
    steps.push({ kind: 'escalated', n: h, period: `${dueAt}#${h}`, audience: ['head'] });
  }
  if (n >= rules.escalateLeaderDays) {
    const l = rules.escalateLeaderDays;
    steps.push({ kind: 'escalated', n: l, period: `${dueAt}#${l}`, audience: ['leaders'] });
  }
  return steps;
}

export interface DeadlineReminder {
  itemId: string;
  userId: string;
  kind: 'due' | 'overdue' | 'escalated';
  /** `dueAt#n`: the deadline and the ladder step; a changed `dueAt` starts the ladder afresh. */
  period: DateString;
  message: string;
}

/**
 * The deadline reminders due today for an item, one per recipient and step (催办升级, spec §11):
 * `lead` = the lead handlers; `head` = the lead head (the handler with role head, else the person the
 * item was sent to) and the registrar; `leaders` = every leader. A person reached by an `escalated`
 * step today does not also get that day's `overdue` repeat.
 */
export function deadlineReminders(
  state: ItemState,
  today: DateString,
  rules: ReminderRules = DEFAULT_REMINDER_RULES,
  leaderIds: readonly string[] = [],
): DeadlineReminder[] {
  const { item } = state;
  if (item.status !== 'open') return [];
  const lead = leadHandlers(state.handlers).map((h) => h.userId);
  const head = state.handlers.find((h) => h.role === 'head')?.userId ?? item.headId;
  const people = (audience: LadderAudience[]) =>
    new Set(
      audience.flatMap((a) =>
        a === 'lead' ? lead : a === 'head' ? [head, item.registrarId] : [...leaderIds],
      ),
    );
  const steps = ladderSteps(item.dueAt, today, rules);
  const escalatedToday = new Set(
    steps.filter((s) => s.kind === 'escalated').flatMap((s) => [...people(s.audience)]),
  );
  const reminders: DeadlineReminder[] = [];
  for (const step of steps) {
    const message =
      step.kind === 'due'
        ? dueMessage(item)
        : step.kind === 'overdue'
          ? overdueMessage(item, step.n)
          : escalatedMessage(item, step.n);
    for (const userId of people(step.audience)) {
      if (step.kind === 'overdue' && escalatedToday.has(userId)) continue;
      reminders.push({ itemId: item.id, userId, kind: step.kind, period: step.period, message });
    }
  }
  return reminders;
}
