/** Deadlines, lights, reminders (§2, §7) and the date arithmetic under them. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { workCalendar } from './calendar';
import { addDays, compareDates, daysBetween, isValidDate, isValidMonth, localDate, monthOf } from './dates';
import {
  DEFAULT_REMINDER_RULES,
  deadlineReminders,
  isDueSoon,
  isOverdue,
  ladderSteps,
  light,
  monthlyRecipients,
} from './deadlines';
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
    ['0000-01-01', false],
    ['1899-12-31', false],
    ['1900-01-01', true],
    ['2999-12-31', true],
    ['3000-01-01', false],
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

  it('answers from its per-minute memory exactly what the formatter answers', () => {
    const zones = ['Asia/Shanghai', 'UTC', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham'];
    const fresh = (instant: Date, timeZone: string) =>
      new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }).format(instant);
    fc.assert(
      fc.property(
        // Around local midnights and offset changes: any second of 1900–2100, then 0–3 s later.
        fc.integer({ min: Date.UTC(1900, 0, 1) / 1000, max: Date.UTC(2100, 0, 1) / 1000 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(...zones),
        (seconds, steps, zone) => {
          let t = seconds * 1000;
          for (const step of steps) {
            t += step * 1000;
            const instant = new Date(t);
            if (localDate(instant, zone) !== fresh(instant, zone)) return false;
          }
          return true;
        },
      ),
      { numRuns: 2000 },
    );
    // Each side of a local midnight in the same process (the memory must not carry the date over).
    expect(localDate(new Date('2026-03-31T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-03-31');
    expect(localDate(new Date('2026-03-31T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-04-01');
    expect(localDate(new Date('2026-03-31T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2026-03-31');
    // A zone whose midnight is not on the hour (+05:45), and two zones in the same minute.
    expect(localDate(new Date('2026-03-31T18:14:59Z'), 'Asia/Kathmandu')).toBe('2026-03-31');
    expect(localDate(new Date('2026-03-31T18:15:00Z'), 'Asia/Kathmandu')).toBe('2026-04-01');
    expect(localDate(new Date('2026-03-31T18:15:30Z'), 'UTC')).toBe('2026-03-31');
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

describe('§11 deadline reminders and escalation (催办升级)', () => {
  // Weekends only (no holiday near 2026-06-30, a Tuesday); ladder defaults R 5, head 3, leaders 10.
  const rules = { ...DEFAULT_REMINDER_RULES, calendar: workCalendar([], []), dueSoonDays: 5 };
  const at = (today: string) =>
    ladderSteps('2026-06-30', today, rules).map((s) => `${s.kind}#${s.n}:${s.audience.join('+')}`);

  it.each([
    ['2026-06-24', []], // 4 working days left
    ['2026-06-25', ['due#0:lead']], // 3 working days left
    ['2026-06-27', []], // Saturday: nothing on a day off
    ['2026-06-30', ['due#0:lead']],
    ['2026-07-01', ['overdue#1:lead']], // overdue working day 1
    ['2026-07-03', ['overdue#1:lead', 'escalated#3:head']], // day 3: head and registrar
    ['2026-07-08', ['overdue#6:lead+head', 'escalated#3:head']], // repeat on 1 + 5, to everyone so far
    ['2026-07-14', ['overdue#6:lead+head', 'escalated#3:head', 'escalated#10:leaders']],
    ['2026-07-22', ['overdue#16:lead+head+leaders', 'escalated#3:head', 'escalated#10:leaders']],
  ])('§11 due 2026-06-30, on %s the ladder’s latest steps are %j', (today, expected) => {
    expect(at(today)).toEqual(expected);
  });

  it('§11 a holiday never gets a reminder (property: no step on a day off)', () => {
    const calendar = workCalendar([{ date: '2026-07-01', workday: false }], []);
    expect(ladderSteps('2026-06-30', '2026-07-01', { ...rules, calendar })).toEqual([]);
    for (let i = 0; i < 60; i++) {
      const today = addDays('2026-06-01', i);
      if (!calendar.isWorkday(today))
        expect(ladderSteps('2026-06-30', today, { ...rules, calendar })).toEqual([]);
    }
  });

  it('§11 recipients: lead handlers; head and registrar; leaders; nobody twice on one day', () => {
    const w = assistedItem();
    const who = (today: string) =>
      deadlineReminders(w.state, today, rules, ['ldr']).map((r) => `${r.userId}:${r.kind}:${r.period}`);
    expect(who('2026-07-01')).toEqual([
      'H:overdue:2026-06-30#1',
      'D:overdue:2026-06-30#1',
      'S:overdue:2026-06-30#1',
    ]);
    // Day 3: H gets the escalation instead of that day's overdue line; the registrar is told too.
    expect(who('2026-07-03')).toEqual([
      'D:overdue:2026-06-30#1',
      'S:overdue:2026-06-30#1',
      'H:escalated:2026-06-30#3',
      'sup:escalated:2026-06-30#3',
    ]);
    expect(who('2026-07-14')).toContain('ldr:escalated:2026-06-30#10');
  });

  it('§11 a changed dueAt starts the ladder afresh; a closed item gets nothing', () => {
    const w = assistedItem();
    w.edit({ dueAt: '2026-07-31' });
    expect(deadlineReminders(w.state, '2026-07-28', rules).map((r) => r.period)).toEqual([
      '2026-07-31#0',
      '2026-07-31#0',
      '2026-07-31#0',
    ]);
    w.end();
    expect(deadlineReminders(w.state, '2026-08-03', rules)).toEqual([]);
  });

  it('§11 reminder texts name the item, the deadline and the overdue working days', () => {
    const w = assistedItem();
    const [due] = deadlineReminders(w.state, '2026-06-29', rules);
    const [overdue] = deadlineReminders(w.state, '2026-07-01', rules);
    expect(due?.message).toBe('【DB-2026-0001】推进老旧小区改造：将于2026-06-30到期，请抓紧办理');
    expect(overdue?.message).toBe(
      '【DB-2026-0001】推进老旧小区改造：已超过办结时间（2026-06-30），已超期1个工作日，请尽快办理',
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
