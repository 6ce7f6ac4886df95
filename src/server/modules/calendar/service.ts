/**
 * The working-day calendar (spec §11): the official schedule from `chinese-days`, the organisation's
 * overrides from `calendar_days` (系统管理), and DEADLINE_DAYS. Everything that counts deadlines —
 * lights, overdueDays, the overdue filter, the summary, reminders — asks this service for its rules.
 *
 * The overrides are a few rows; each instance keeps them for `CACHE_MS` and drops them at once when
 * it changes one itself, so another instance sees a sysadmin's change within that time.
 */
import { asc, eq } from 'drizzle-orm';
import { calendarDays } from '../../../db/schema';
import {
  type CalendarDay,
  NATURAL_CALENDAR,
  overdueThrough,
  type WorkCalendar,
  workCalendar,
} from '../../../domain/calendar';
import { isValidDate } from '../../../domain/dates';
import type { DeadlineRules } from '../../../domain/deadlines';
import { forbidden, notFound, validation } from '../../../domain/errors';
import { hasRole } from '../../../domain/permissions';
import type { Actor } from '../../../domain/types';
import { dateInZone } from '../../../platform/dates';
import type { AppContext } from '../../context';
import { insertAuditEvents } from '../audit/repository';
import type { ViewDates } from '../items/list-repository';
import { hasOfficialYear, OFFICIAL_DAYS } from './official';

const CACHE_MS = 30_000;
const MIN_YEAR = 1900;
const MAX_YEAR = 2999;

export interface CalendarYear {
  year: number;
  official: boolean;
  days: { date: string; workday: boolean; note?: string; source: 'official' | 'organisation' }[];
}

export function createCalendarService(ctx: AppContext) {
  const { db, config } = ctx;
  let cached: { at: number; overrides: CalendarDay[]; calendar: WorkCalendar } | undefined;

  async function overrides(): Promise<{ overrides: CalendarDay[]; calendar: WorkCalendar }> {
    const now = Date.now();
    if (cached && now - cached.at < CACHE_MS) return cached;
    const rows = await db.select().from(calendarDays).orderBy(asc(calendarDays.date));
    const list = rows.map((r) => ({ date: r.date, workday: r.workday, ...(r.note ? { note: r.note } : {}) }));
    cached = { at: now, overrides: list, calendar: workCalendar(OFFICIAL_DAYS, list) };
    return cached;
  }

  /** The calendar deadlines count on: working days (official + overrides) or every day. */
  async function calendar(): Promise<WorkCalendar> {
    if (config.deadlines.days === 'natural') return NATURAL_CALENDAR;
    return (await overrides()).calendar;
  }

  async function rules(): Promise<DeadlineRules> {
    return { calendar: await calendar(), dueSoonDays: config.deadlines.dueSoonDays };
  }

  function assertSysadmin(actor: Actor) {
    if (!hasRole(actor, 'sysadmin')) throw forbidden('只有系统管理员可以维护工作日历');
  }

  function checkDate(date: string) {
    if (!isValidDate(date) || Number(date.slice(0, 4)) < MIN_YEAR || Number(date.slice(0, 4)) > MAX_YEAR) {
      throw validation({ date: '日期应为 YYYY-MM-DD（1900–2999 年）' });
    }
  }

  return {
    calendar,
    rules,

    /** Today, the overdue threshold and this month's start: what the list filters need. */
    async viewContext(): Promise<{ dates: ViewDates; rules: DeadlineRules }> {
      const r = await rules();
      const today = dateInZone(ctx.clock(), config.timeZone);
      return {
        rules: r,
        dates: {
          today,
          overdueThrough: overdueThrough(r.calendar, today),
          monthStart: `${today.slice(0, 7)}-01`,
          timeZone: config.timeZone,
        },
      };
    },

    /**
     * GET /api/calendar?year=: every official holiday and 调休 day of the year and every override
     * (an override replaces the official entry of its date). `official` is false when the package
     * lacks the year: then only weekends are off, unless the sysadmin entered the year's holidays.
     */
    async year(yearValue: number): Promise<CalendarYear> {
      if (!Number.isInteger(yearValue) || yearValue < MIN_YEAR || yearValue > MAX_YEAR) {
        throw validation({ year: '年份应为 1900–2999' });
      }
      const prefix = `${yearValue}-`;
      const { overrides: own } = await overrides();
      const byDate = new Map<string, CalendarYear['days'][number]>();
      for (const d of OFFICIAL_DAYS) {
        if (d.date.startsWith(prefix)) byDate.set(d.date, { ...d, source: 'official' });
      }
      for (const d of own) {
        if (d.date.startsWith(prefix)) byDate.set(d.date, { ...d, source: 'organisation' });
      }
      const days = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
      return { year: yearValue, official: hasOfficialYear(yearValue), days };
    },

    /** The years from this one on that the package lacks and the sysadmin has not filled in. */
    async missingYears(): Promise<number[]> {
      const year = Number(dateInZone(ctx.clock(), config.timeZone).slice(0, 4));
      const { overrides: own } = await overrides();
      const missing: number[] = [];
      for (const y of [year, year + 1]) {
        // Only warn about next year once it is near: the schedule is published in the autumn.
        if (y === year + 1 && Number(dateInZone(ctx.clock(), config.timeZone).slice(5, 7)) < 10) continue;
        const entered = own.some((d) => d.date.startsWith(`${y}-`) && !d.workday);
        if (!hasOfficialYear(y) && !entered) missing.push(y);
      }
      return missing;
    },

    /** PUT /api/calendar/:date (sysadmin): mark a date a working day or a day off, audited. */
    async setDay(actor: Actor & { ip?: string | null }, date: string, workday: unknown, note: unknown) {
      assertSysadmin(actor);
      checkDate(date);
      const errors: Record<string, string> = {};
      if (typeof workday !== 'boolean') errors.workday = '请选择工作日或休息日';
      if (note !== undefined && note !== null && (typeof note !== 'string' || note.length > 100)) {
        errors.note = '备注最多 100 字';
      }
      if (Object.keys(errors).length > 0) throw validation(errors);
      const text = typeof note === 'string' && note.trim() !== '' ? note.trim() : null;
      const now = ctx.clock();
      await db.transaction(async (tx) => {
        await tx
          .insert(calendarDays)
          .values({ date, workday: workday as boolean, note: text, updatedById: actor.id, updatedAt: now })
          .onConflictDoUpdate({
            target: calendarDays.date,
            set: { workday: workday as boolean, note: text, updatedById: actor.id, updatedAt: now },
          });
        await insertAuditEvents(tx, [
          {
            at: now,
            actorId: actor.id,
            ip: actor.ip ?? null,
            action: 'calendar.set',
            detail: { date, workday, ...(text ? { note: text } : {}) },
          },
        ]);
      });
      cached = undefined;
      return {
        date,
        workday: workday as boolean,
        ...(text ? { note: text } : {}),
        source: 'organisation' as const,
      };
    },

    /** DELETE /api/calendar/:date (sysadmin): back to the official or plain rule. 404 when no override. */
    async clearDay(actor: Actor & { ip?: string | null }, date: string) {
      assertSysadmin(actor);
      checkDate(date);
      const now = ctx.clock();
      await db.transaction(async (tx) => {
        const removed = await tx.delete(calendarDays).where(eq(calendarDays.date, date)).returning();
        if (removed.length === 0) throw notFound('该日期没有本单位的设置');
        await insertAuditEvents(tx, [
          { at: now, actorId: actor.id, ip: actor.ip ?? null, action: 'calendar.clear', detail: { date } },
        ]);
      });
      cached = undefined;
    },
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
