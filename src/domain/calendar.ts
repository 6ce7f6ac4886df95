/**
 * The working-day calendar (工作日历, spec §11): weekends and China's statutory holidays are off, the
 * official make-up working days (调休) are on, and the organisation may mark any date either way.
 * Pure: the holiday data and the overrides are parameters (the server loads them from the
 * `chinese-days` package and the `calendar_days` table).
 *
 * Counting is arithmetic, not a walk over days: the number of Monday–Friday days in a range is a
 * formula, corrected by the exceptions (weekdays off, weekend days on) that fall in it, found by
 * binary search. An overdue item years past its deadline costs as much as one a day past it.
 */
import { addDays, compareDates, daysBetween } from './dates';
import type { DateString } from './types';

/** `working` counts working days; `natural` counts every calendar day (DEADLINE_DAYS=natural). */
export type DeadlineDays = 'working' | 'natural';

/** One day that departs from the Monday–Friday rule, or confirms it explicitly. */
export interface CalendarDay {
  date: DateString;
  workday: boolean;
  note?: string;
}

export interface WorkCalendar {
  readonly mode: DeadlineDays;
  isWorkday(date: DateString): boolean;
  /** Working days d with from < d ≤ to (0 when to ≤ from). */
  workdaysAfter(from: DateString, to: DateString): number;
}

const EPOCH = '1970-01-01'; // a Thursday
const dayNo = (date: DateString) => daysBetween(EPOCH, date);

/** Day of week of a day number: 0 = Monday … 6 = Sunday. */
const weekday = (n: number) => (((n + 3) % 7) + 7) % 7;

/** Monday–Friday days with n ≤ day number < n + … counted as days d with 0 ≤ d < n. */
function weekdaysBefore(n: number): number {
  // Days d in [0, n) relative to a Monday origin: shift so that day 0 (Thursday) is weekday 3.
  const shifted = n + 3; // count in [−3, n) of a Monday-aligned axis, minus the 3 days before 0
  const full = Math.floor(shifted / 7);
  const rest = shifted - full * 7;
  return full * 5 + Math.min(rest, 5) - 3; // the three days −3..−1 are Mon–Wed: all weekdays
}

/** Count of sorted numbers x with lo < x ≤ hi. */
function countIn(sorted: readonly number[], lo: number, hi: number): number {
  const upper = (v: number) => {
    let a = 0;
    let b = sorted.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if ((sorted[m] as number) <= v) a = m + 1;
      else b = m;
    }
    return a;
  };
  return Math.max(0, upper(hi) - upper(lo));
}

/** Every calendar day is a working day: DEADLINE_DAYS=natural. */
export const NATURAL_CALENDAR: WorkCalendar = {
  mode: 'natural',
  isWorkday: () => true,
  workdaysAfter: (from, to) => Math.max(0, daysBetween(from, to)),
};

/**
 * A working-day calendar from the official days (holidays and 调休 days of the years the data holds)
 * and the organisation's overrides, which win. Years missing from both count weekends only.
 */
export function workCalendar(
  official: readonly CalendarDay[],
  overrides: readonly CalendarDay[],
): WorkCalendar {
  const byDate = new Map<number, boolean>();
  for (const day of official) byDate.set(dayNo(day.date), day.workday);
  for (const day of overrides) byDate.set(dayNo(day.date), day.workday);
  const offWeekdays: number[] = [];
  const onWeekends: number[] = [];
  for (const [n, workday] of byDate) {
    const plain = weekday(n) < 5;
    if (plain && !workday) offWeekdays.push(n);
    if (!plain && workday) onWeekends.push(n);
  }
  offWeekdays.sort((a, b) => a - b);
  onWeekends.sort((a, b) => a - b);
  return {
    mode: 'working',
    isWorkday(date) {
      const n = dayNo(date);
      return byDate.get(n) ?? weekday(n) < 5;
    },
    workdaysAfter(from, to) {
      const a = dayNo(from);
      const b = dayNo(to);
      if (b <= a) return 0;
      const plain = weekdaysBefore(b + 1) - weekdaysBefore(a + 1);
      return plain - countIn(offWeekdays, a, b) + countIn(onWeekends, a, b);
    },
  };
}

/** The first working day on or after `date`. */
export function nextWorkday(calendar: WorkCalendar, date: DateString): DateString {
  let d = date;
  // Holidays last at most a few weeks even with overrides; the guard only stops a broken calendar.
  for (let guard = 0; guard < 400 && !calendar.isWorkday(d); guard++) d = addDays(d, 1);
  return d;
}

/** The last working day on or before `date`. */
export function previousWorkday(calendar: WorkCalendar, date: DateString): DateString {
  let d = date;
  for (let guard = 0; guard < 400 && !calendar.isWorkday(d); guard++) d = addDays(d, -1);
  return d;
}

/** The date `n` (≥ 0) working days after `date` (n = 0: `date` itself). */
export function addWorkdays(calendar: WorkCalendar, date: DateString, n: number): DateString {
  if (n <= 0) return date;
  // Jump by whole weeks first, then walk the rest; a week jump never overshoots by more than the
  // exceptions it crossed, which the walk then makes up.
  let d = date;
  let left = n;
  while (left > 10) {
    const jump = Math.floor(left / 5) * 7 - 7;
    const candidate = addDays(d, jump);
    const counted = calendar.workdaysAfter(d, candidate);
    if (counted >= left || counted === 0) break;
    d = candidate;
    left -= counted;
  }
  while (left > 0) {
    d = addDays(d, 1);
    if (calendar.isWorkday(d)) left -= 1;
  }
  return d;
}

/**
 * The effective due date: a `dueAt` on a day off is due at the end of the next working day. With
 * DEADLINE_DAYS=natural every day is a working day, so it is `dueAt` itself.
 */
export function effectiveDueDate(calendar: WorkCalendar, dueAt: DateString): DateString {
  return nextWorkday(calendar, dueAt);
}

/** Working days after the effective due date up to and including today (0 when not past it). */
export function overdueDays(calendar: WorkCalendar, dueAt: DateString, today: DateString): number {
  return calendar.workdaysAfter(effectiveDueDate(calendar, dueAt), today);
}

/** Working days d with today < d ≤ the effective due date (0 once it is reached or passed). */
export function workdaysLeft(calendar: WorkCalendar, dueAt: DateString, today: DateString): number {
  return calendar.workdaysAfter(today, effectiveDueDate(calendar, dueAt));
}

/**
 * The latest `dueAt` that is overdue today: an open item is overdue exactly when
 * `dueAt ≤ overdueThrough(today)`, which lets a list filter overdue items with one index range.
 * It is the working day before the last working day on or before today: `dueAt` is overdue when a
 * working day after its effective due date has come, i.e. when some working day w with
 * dueAt ≤ w < last working day exists.
 */
export function overdueThrough(calendar: WorkCalendar, today: DateString): DateString {
  const last = previousWorkday(calendar, today);
  return previousWorkday(calendar, addDays(last, -1));
}

/** Whether `a` is on or before `b`. */
export const onOrBefore = (a: DateString, b: DateString) => compareDates(a, b) <= 0;
