import { describe, expect, it } from 'vitest';
import { workCalendar } from '../../../domain/calendar';
import { hasOfficialYear, OFFICIAL_DAYS } from './official';

describe('§11 the official schedule from chinese-days', () => {
  const calendar = workCalendar(OFFICIAL_DAYS, []);

  it('§11 holds 2026: 国庆 2026-10-01 off, Saturday 2026-02-14 a 调休 working day', () => {
    expect(hasOfficialYear(2026)).toBe(true);
    expect(calendar.isWorkday('2026-10-01')).toBe(false);
    expect(calendar.isWorkday('2026-02-14')).toBe(true);
    expect(OFFICIAL_DAYS.find((d) => d.date === '2026-10-01')?.note).toBe('国庆节');
  });

  it('§11 lacks 2027 (chinese-days 1.5.7): that year counts weekends only', () => {
    // When this fails after `npm i -E chinese-days@<newer>`, the package gained 2027: update the test.
    expect(hasOfficialYear(2027)).toBe(false);
    expect(calendar.isWorkday('2027-10-01')).toBe(true); // a Friday
    expect(calendar.isWorkday('2027-10-02')).toBe(false); // a Saturday
  });
});
