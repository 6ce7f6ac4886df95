/** Deadlines, lights, reminders (§2, §7) and the date arithmetic under them. */
import { describe, expect, it } from 'vitest';
import { addDays, compareDates, daysBetween, isValidDate, isValidMonth, localDate, monthOf } from './dates';
import { deadlineReminders, isDueSoon, isOverdue, light, monthlyRecipients } from './deadlines';
import { monthlyMessage, returnedMessage, taskMessage } from './messages';
import { assistedItem, World } from './testing';
import type { ItemStatus } from './types';

describe('dates', () => {
  it.each([
    ['2026-03-01', true],
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-3-1', false],
    ['2026/03/01', false],
    ['', false],
    [20260301, false],
    [null, false],
  ])('isValidDate(%j) is %s', (value, expected) => {
    expect(isValidDate(value)).toBe(expected);
  });

  it.each([
    ['2026-02-28', 1, '2026-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-03-29', 3, '2026-04-01'], // across a European DST change, which must not matter
    ['2026-06-30', -3, '2026-06-27'],
  ])('addDays(%s, %i) = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });

  it('compares dates and names months', () => {
    expect(compareDates('2026-03-01', '2026-02-28')).toBeGreaterThan(0);
    expect(compareDates('2026-03-01', '2026-03-01')).toBe(0);
    expect(monthOf('2026-03-31')).toBe('2026-03');
    expect(isValidMonth('2026-12')).toBe(true);
    expect(isValidMonth('2026-13')).toBe(false);
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });

  it('takes an instant’s date in the configured time zone', () => {
    const instant = new Date('2026-03-31T16:30:00Z');
    expect(localDate(instant, 'Asia/Shanghai')).toBe('2026-04-01');
    expect(localDate(instant, 'UTC')).toBe('2026-03-31');
  });
});

describe('§2/§11 lights (红黄绿灯), natural days (DEADLINE_DAYS=natural)', () => {
  const due = '2026-06-30';
  it.each([
    ['open', '2026-07-01', 'red', true, false],
    ['open', '2026-06-30', 'yellow', false, true],
    ['open', '2026-06-25', 'yellow', false, true],
    ['open', '2026-06-24', 'green', false, false],
    ['closed', '2026-07-01', 'none', false, false],
    ['closed', '2026-06-25', 'none', false, false],
  ] as [ItemStatus, string, string, boolean, boolean][])(
    '§11 an %s item due 2026-06-30, seen on %s: light %s (DUE_SOON_DAYS 5)',
    (status, today, expected, overdue, dueSoon) => {
      const item = { status, dueAt: due };
      expect(light(item, today)).toBe(expected);
      expect(isOverdue(item, today)).toBe(overdue);
      expect(isDueSoon(item, today)).toBe(dueSoon);
    },
  );
});

describe('§7 monthly supervision (每月督办)', () => {
  it('§7 lead handlers of an open item without a lead report this month are asked, assisting ones not', () => {
    const w = assistedItem();
    expect(monthlyRecipients(w.state, '2026-03')).toEqual(['H', 'D', 'S']);
  });

  it('§7 a lead report started in the month counts, whatever its approval does', () => {
    const w = assistedItem();
    w.report('S', { kind: 'lead', outcome: 'not_done', reason: '推进中', measures: '加快' });
    expect(monthlyRecipients(w.state, '2026-03')).toEqual([]);
    expect(monthlyRecipients(w.state, '2026-04')).toEqual(['H', 'D', 'S']);
  });

  it('§7 an assist report does not count as the month’s lead report', () => {
    const w = assistedItem();
    w.complete('A', 'assist_report', { outcome: 'not_done', reason: '进行中', measures: '加快' });
    w.report('A', { kind: 'assist', outcome: 'apply_close', implementation: '完成' });
    expect(monthlyRecipients(w.state, '2026-03')).toEqual(['H', 'D', 'S']);
  });

  it('§7 months are taken in the configured time zone', () => {
    const w = assistedItem();
    w.clock.setInstant('2026-03-31T16:29:00Z'); // the report is filed at 16:30Z: 1 April 00:30 in Shanghai
    w.report('S', { kind: 'lead', outcome: 'not_done', reason: '推进中', measures: '加快' });
    expect(monthlyRecipients(w.state, '2026-04')).toEqual([]);
    expect(monthlyRecipients(w.state, '2026-03')).toEqual(['H', 'D', 'S']);
    expect(monthlyRecipients(w.state, '2026-03', 'UTC')).toEqual([]);
  });

  it('§7 a closed item is not asked', () => {
    const w = assistedItem();
    w.end();
    expect(monthlyRecipients(w.state, '2026-03')).toEqual([]);
  });

  it('§7 an item still in its registration flow is not asked (it cannot report yet)', () => {
    const w = new World();
    w.register();
    expect(monthlyRecipients(w.state, '2026-03')).toEqual([]);
  });
});

describe('§7 deadline reminders', () => {
  it.each([
    ['2026-06-26', 'nothing'],
    ['2026-06-27', 'due'],
    ['2026-06-30', 'due'],
    ['2026-07-01', 'overdue'],
    ['2026-09-01', 'overdue'],
  ])('§7 on %s the lead handlers get %s', (today, kind) => {
    const w = assistedItem();
    const reminders = deadlineReminders(w.state, today);
    if (kind === 'nothing') {
      expect(reminders).toEqual([]);
      return;
    }
    expect(reminders.map((r) => [r.userId, r.kind, r.period])).toEqual([
      ['H', kind, '2026-06-30'],
      ['D', kind, '2026-06-30'],
      ['S', kind, '2026-06-30'],
    ]);
  });

  it('§7 a closed item gets no reminders', () => {
    const w = assistedItem();
    w.end();
    expect(deadlineReminders(w.state, '2026-07-01')).toEqual([]);
  });

  it('§7 reminder texts name the item and the deadline', () => {
    const w = assistedItem();
    const [due] = deadlineReminders(w.state, '2026-06-27');
    const [overdue] = deadlineReminders(w.state, '2026-07-01');
    expect(due?.message).toBe('【DB-2026-0001】推进老旧小区改造：将于2026-06-30到期，请抓紧办理');
    expect(overdue?.message).toBe(
      '【DB-2026-0001】推进老旧小区改造：已超过办结时间（2026-06-30），请尽快办理',
    );
  });
});

describe('notification texts', () => {
  const item = { number: 'DB-2026-0001', title: '推进老旧小区改造', dueAt: '2026-06-30' };
  it.each([
    [
      'a new handle task',
      () => taskMessage(item, 'handle'),
      '【DB-2026-0001】推进老旧小区改造：您有新的待办（办理）',
    ],
    [
      'a new 阅知 task',
      () => taskMessage(item, 'acknowledge'),
      '【DB-2026-0001】推进老旧小区改造：您有新的待办（阅知）',
    ],
    [
      'a returned task',
      () => returnedMessage(item, 'approve', '请核实'),
      '【DB-2026-0001】推进老旧小区改造：您有被退回的待办（审批），退回意见：请核实',
    ],
    [
      'the monthly request',
      () => monthlyMessage(item, '2026-03'),
      '【DB-2026-0001】推进老旧小区改造：请报送2026年3月的办理进展（主办反馈）',
    ],
  ])('the text of %s starts with the item number and title', (_name, message, expected) => {
    expect(message()).toBe(expected);
  });
});
