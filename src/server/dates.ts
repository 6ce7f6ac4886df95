import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(timezone);

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Calendar date `YYYY-MM-DD` of an instant in a time zone ("today" for deadlines). */
export function dateInZone(at: Date, timeZone: string): string {
  return dayjs(at).tz(timeZone).format('YYYY-MM-DD');
}

/**
 * An instant from a filter value: a timestamp as given, or a date as the start (or end) of that
 * day in the time zone, so that `to=2026-03-02` includes all of 2 March.
 */
export function instant(value: string, timeZone: string, edge: 'start' | 'end'): Date {
  if (!DATE_ONLY.test(value)) return new Date(value);
  const day = dayjs.tz(value, timeZone);
  return (edge === 'start' ? day.startOf('day') : day.endOf('day')).toDate();
}
