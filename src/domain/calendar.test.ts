/**
 * Spec §11 working-day calendar: table tests on the 2026 schedule (国庆, 春节 and its 调休 Saturday)
 * and property tests of the arithmetic against a day-by-day walk.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkdays,
  type CalendarDay,
  effectiveDueDate,
  NATURAL_CALENDAR,
  overdueDays,
  overdueThrough,
  workCalendar,
  workdaysLeft,
} from './calendar';
import { addDays, compareDates } from './dates';
import { isOverdue, light } from './deadlines';

/** The part of the official 2026 schedule the tables use (the server loads all of it from chinese-days). */
const OFFICIAL_2026: CalendarDay[] = [
  ...[
    '2026-02-15',
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-21',
    '2026-02-22',
    '2026-02-23',
  ].map((date) => ({ date, workday: false, note: '春节' })),
  { date: '2026-02-14', workday: true, note: '春节调休上班' },
  { date: '2026-02-28', workday: true, note: '春节调休上班' },
  ...['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'].map(
    (date) => ({ date, workday: false, note: '国庆节' }),
  ),
  { date: '2026-09-20', workday: true, note: '国庆节调休上班' },
  { date: '2026-10-10', workday: true, note: '国庆节调休上班' },
];
const cal = workCalendar(OFFICIAL_2026, []);

describe('§11 working-day calendar', () => {
  it.each([
    ['2026-10-01', false], // 国庆 (a Thursday)
    ['2026-02-14', true], // Saturday, 春节调休
    ['2026-02-16', false], // Monday in 春节
    ['2026-03-07', false], // plain Saturday
    ['2026-03-09', true], // plain Monday
    // A year the data lacks counts weekends only: 2027-10-01 (a Friday) is then a working day.
    ['2027-10-01', true],
    ['2027-10-02', false],
  ])('§11 %s is a working day: %s', (date, workday) => {
    expect(cal.isWorkday(date)).toBe(workday);
  });

  it('§11 the organisation’s overrides win over the official days', () => {
    const own = workCalendar(OFFICIAL_2026, [
      { date: '2026-10-08', workday: false, note: '单位调休' },
      { date: '2026-10-03', workday: true },
    ]);
    expect(own.isWorkday('2026-10-08')).toBe(false);
    expect(own.isWorkday('2026-10-03')).toBe(true);
  });

  it('§11 a dueAt on a day off is due at the end of the next working day', () => {
    expect(effectiveDueDate(cal, '2026-10-01')).toBe('2026-10-08');
    expect(effectiveDueDate(cal, '2026-03-07')).toBe('2026-03-09');
    expect(effectiveDueDate(cal, '2026-03-09')).toBe('2026-03-09');
  });

  it.each([
    // dueAt, today, overdueDays, light
    ['2026-09-30', '2026-10-07', 0, 'yellow'], // the whole holiday is not overdue time
    ['2026-09-30', '2026-10-08', 1, 'red'],
    ['2026-10-01', '2026-10-08', 0, 'yellow'], // due on a holiday: effectively 10-08
    ['2026-10-01', '2026-10-09', 1, 'red'],
    ['2026-10-09', '2026-10-10', 1, 'red'], // Saturday 10-10 is a 调休 working day
    ['2026-03-06', '2026-03-08', 0, 'yellow'], // Friday due, seen on Sunday
    ['2026-03-06', '2026-03-09', 1, 'red'],
    ['2026-03-16', '2026-03-09', 0, 'yellow'], // 5 working days left
    ['2026-03-17', '2026-03-09', 0, 'green'], // 6 working days left
  ])('§11 due %s seen on %s: overdueDays %i, light %s', (dueAt, today, days, expected) => {
    const rules = { calendar: cal, dueSoonDays: 5 };
    expect(overdueDays(cal, dueAt, today)).toBe(days);
    expect(light({ status: 'open', dueAt }, today, rules)).toBe(expected);
    expect(light({ status: 'closed', dueAt }, today, rules)).toBe('none');
  });

  it('§11 DEADLINE_DAYS=natural counts calendar days', () => {
    expect(overdueDays(NATURAL_CALENDAR, '2026-09-30', '2026-10-07')).toBe(7);
    expect(workdaysLeft(NATURAL_CALENDAR, '2026-10-07', '2026-09-30')).toBe(7);
    expect(addWorkdays(NATURAL_CALENDAR, '2026-09-30', 3)).toBe('2026-10-03');
  });
});

const dateArb = fc.integer({ min: 0, max: 3 * 366 }).map((n) => addDays('2025-06-01', n));
const calendarArb = fc
  .array(fc.record({ date: dateArb, workday: fc.boolean() }), { maxLength: 40 })
  .map((overrides) => workCalendar(OFFICIAL_2026, overrides));

/** The reference: walk day by day. */
function walkCount(c: typeof cal, from: string, to: string): number {
  let n = 0;
  for (let d = addDays(from, 1); compareDates(d, to) <= 0; d = addDays(d, 1)) if (c.isWorkday(d)) n++;
  return n;
}

describe('§11 calendar arithmetic (properties)', () => {
  it('§11 counting working days equals a day-by-day walk', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, dateArb, (c, a, b) => {
        expect(c.workdaysAfter(a, b)).toBe(walkCount(c, a, b));
      }),
      { numRuns: 300 },
    );
  });

  it('§11 adding n working days and counting them back gives n, and lands on a working day', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, fc.integer({ min: 0, max: 120 }), (c, start, n) => {
        const end = addWorkdays(c, start, n);
        expect(c.workdaysAfter(start, end)).toBe(n);
        if (n > 0) expect(c.isWorkday(end)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('§11 overdue exactly when dueAt ≤ overdueThrough(today) (the list filter’s one comparison)', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, dateArb, (c, dueAt, today) => {
        const rules = { calendar: c, dueSoonDays: 5 };
        const overdue = isOverdue({ status: 'open', dueAt }, today, rules);
        expect(overdue).toBe(compareDates(dueAt, overdueThrough(c, today)) <= 0);
      }),
      { numRuns: 500 },
    );
  });
});
