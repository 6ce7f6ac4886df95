import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(timezone);

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Calendar date `YYYY-MM-DD` of an instant in a time zone ("today" for deadlines). */
export { localDate as dateInZone } from '../domain/dates';

/**
 * An instant from a filter value: a timestamp as given, or a date as the start (or end) of that
 * day in the time zone, so that `to=2026-03-02` includes all of 2 March.
 */
export function instant(value: string, timeZone: string, edge: 'start' | 'end'): Date {
  if (!DATE_ONLY.test(value)) return new Date(value);
  const day = dayjs.tz(value, timeZone);
  return (edge === 'start' ? day.startOf('day') : day.endOf('day')).toDate();
}

/** The instants where a calendar month (`YYYY-MM`) begins and the next one begins, in a time zone. */
export function monthBounds(month: string, timeZone: string): { start: Date; end: Date } {
  const start = dayjs.tz(`${month}-01`, timeZone).startOf('month');
  return { start: start.toDate(), end: start.add(1, 'month').toDate() };
}
