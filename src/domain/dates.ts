/**
 * Calendar arithmetic on `YYYY-MM-DD` strings. Every computation happens on UTC midnights so that
 * the machine's time zone and daylight saving never shift a date; the configured time zone only
 * matters when an instant is turned into a date (`localDate`).
 */
import type { DateString } from './types';

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_PATTERN = /^(\d{4})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a valid date, or undefined when the text is not a real calendar date. */
function toDayNumber(value: string): number | undefined {
  const match = DATE_PATTERN.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  return Math.round(date.getTime() / DAY_MS);
}

function fromDayNumber(days: number): DateString {
  const date = new Date(days * DAY_MS);
  const year = String(date.getUTCFullYear()).padStart(4, '0');
  const month = String(date.getUTCMonth() + 1).padStart(2, '0');
  const day = String(date.getUTCDate()).padStart(2, '0');
  return `${year}-${month}-${day}`;
}

function dayNumber(value: DateString): number {
  const days = toDayNumber(value);
  if (days === undefined) throw new RangeError(`Not a YYYY-MM-DD date: ${value}`);
  return days;
}

/** The years a date given to Duban may lie in (contract: anything else is a 400 naming the field). */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;

/**
 * True for a real calendar date written `YYYY-MM-DD` (2026-02-30 is not one) in the years
 * MIN_YEAR–MAX_YEAR (0000-01-01 is not one either).
 */
export function isValidDate(value: unknown): value is DateString {
  if (typeof value !== 'string' || toDayNumber(value) === undefined) return false;
  const year = Number(value.slice(0, 4));
  return year >= MIN_YEAR && year <= MAX_YEAR;
}

/** True for a month written `YYYY-MM`. */
export function isValidMonth(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = MONTH_PATTERN.exec(value);
  return match !== null && Number(match[2]) >= 1 && Number(match[2]) <= 12;
}

/** The date `days` days after `date` (negative goes back). Throws on an invalid date. */
export function addDays(date: DateString, days: number): DateString {
  return fromDayNumber(dayNumber(date) + days);
}

/** Whole days from `from` to `to`: positive when `to` is later. Throws on an invalid date. */
export function daysBetween(from: DateString, to: DateString): number {
  return dayNumber(to) - dayNumber(from);
}

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareDates(a: DateString, b: DateString): number {
  return dayNumber(a) - dayNumber(b);
}

/** The month (`YYYY-MM`) a date belongs to. */
export function monthOf(date: DateString): string {
  return date.slice(0, 7);
}

/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than using one. */
const DATE_FORMATS = new Map<string, Intl.DateTimeFormat>();

/** The last answer per time zone, by UTC minute (a request asks for the same "today" many times). */
const LAST_DATE = new Map<string, { minute: number; date: DateString }>();
/** 1980-01-01: since then every zone's offset is a whole number of minutes (earlier ones had seconds). */
const WHOLE_MINUTE_OFFSETS_SINCE = Date.UTC(1980, 0, 1);

/** The calendar date of an instant in a time zone, e.g. "today" in Asia/Shanghai. */
export function localDate(instant: Date, timeZone: string): DateString {
  const ms = instant.getTime();
  // Within one UTC minute the date is the same in every zone whose offset is in whole minutes.
  const minute = ms >= WHOLE_MINUTE_OFFSETS_SINCE ? Math.floor(ms / 60_000) : Number.NaN;
  const last = LAST_DATE.get(timeZone);
  if (last && last.minute === minute) return last.date;
  const date = formatDate(instant, timeZone);
  if (!Number.isNaN(minute)) LAST_DATE.set(timeZone, { minute, date });
  return date;
}

function formatDate(instant: Date, timeZone: string): DateString {
  let format = DATE_FORMATS.get(timeZone);
  if (!format) {
    // en-CA formats as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    DATE_FORMATS.set(timeZone, format);
  }
  return format.format(instant);
}
