/**
 * China's official holiday schedule (法定节假日 and 调休 working days) from the `chinese-days`
 * package, pinned in package.json. The State Council publishes next year's schedule late in the
 * year; the package follows within days. To update: `npm i -E chinese-days@<new version>`, run the
 * tests (src/server/modules/calendar/official.test.ts names the years held), commit. Until then a
 * missing year counts weekends only and 系统管理 warns about it (spec §11).
 */
import { createRequire } from 'node:module';
import type { CalendarDay } from '../../../domain/calendar';

interface ChineseDaysData {
  /** date → "English name,中文名,days" */
  holidays: Record<string, string>;
  /** 调休 working days on a weekend: date → the holiday they make up for. */
  workdays: Record<string, string>;
}

const require = createRequire(import.meta.url);
const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysData;

/** The holiday's Chinese name from the package's "English,中文,n" value. */
const noteOf = (value: string) => value.split(',')[1] ?? value;

function load(): { days: CalendarDay[]; years: Set<number> } {
  const days: CalendarDay[] = [];
  const years = new Set<number>();
  for (const [date, value] of Object.entries(data.holidays)) {
    days.push({ date, workday: false, note: noteOf(value) });
    years.add(Number(date.slice(0, 4)));
  }
  for (const [date, value] of Object.entries(data.workdays)) {
    days.push({ date, workday: true, note: `${noteOf(value)}调休上班` });
  }
  days.sort((a, b) => (a.date < b.date ? -1 : 1));
  return { days, years };
}

const official = load();

/** Every official holiday and 调休 working day the package holds. */
export const OFFICIAL_DAYS: readonly CalendarDay[] = official.days;

/** Whether the package holds the schedule of `year` (a year with at least one holiday). */
export function hasOfficialYear(year: number): boolean {
  return official.years.has(year);
}
