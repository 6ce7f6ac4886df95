/**
 * 系统管理 › 工作日历 (spec §11) in the browser, and the login page's HELP_CONTACT (§12): the year view marks 国庆 off and the 调休 Saturday as a
 * working day, names a year the holiday data lacks, and the sysadmin's own day is saved, listed and
 * reverted.
 */
import dayjs from 'dayjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, apiAs, type E2E, newContext, screenshot, signIn, startE2E } from './support';

const HELP = '督办科 0571-12345678';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E({ helpContact: HELP });
}, 900_000);
afterAll(async () => {
  await e2e?.close();
});

describe('working-day calendar', { timeout: 180_000 }, () => {
  it('§12 the login page shows HELP_CONTACT (and no hard-coded contact)', async () => {
    const context = await newContext(e2e);
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByText(HELP).waitFor();
    expect(await page.getByText('王磊').count()).toBe(0);
    await context.close();
  });

  it('§11 the year view, the missing-year warning, and a day the sysadmin marks and reverts', async () => {
    const page = await signIn(e2e, 'admin', ADMIN_PASSWORD);
    await page.goto('/system');
    await page.getByRole('heading', { name: '系统管理' }).waitFor();
    await page.getByRole('tab', { name: '工作日历' }).click();
    // chinese-days 1.5.7 lacks 2027; from October on the warning names next year.
    if (dayjs().month() >= 9 && dayjs().year() === 2026) {
      await page.getByText(/节假日数据缺少 .*2027 年/).waitFor();
    }
    const year = String(dayjs().year());
    if (year === '2026') {
      await page.getByRole('button', { name: '2026-10-01 休息日' }).waitFor();
      await page.getByRole('button', { name: '2026-02-14 调休上班' }).waitFor();
      await page.getByRole('button', { name: '2026-10-09 工作日' }).waitFor();
    }
    // A Wednesday later this year (or next January) becomes the organisation's day off.
    let day = dayjs().add(20, 'day');
    while (day.day() !== 3) day = day.add(1, 'day');
    const date = day.format('YYYY-MM-DD');
    if (day.year() !== dayjs().year()) {
      await page.getByLabel('年份', { exact: true }).click();
      await page
        .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: `${day.year()} 年` })
        .click();
    }
    await page.getByRole('button', { name: `${date} 工作日` }).click();
    await page.getByLabel('说明', { exact: true }).fill('单位活动');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByRole('button', { name: `${date} 休息日` }).waitFor();
    const row = page.locator('tr.ant-table-row', { hasText: date });
    await row.getByText('本单位设置').waitFor();
    await row.getByText('单位活动').waitFor();
    await screenshot(page, 'calendar-year');
    const admin = await apiAs(e2e, 'admin', ADMIN_PASSWORD);
    const calendar = await admin.request<{ days: { date: string; workday: boolean; source: string }[] }>(
      'GET',
      `/api/calendar?year=${day.year()}`,
    );
    expect(calendar.days.find((d) => d.date === date)).toMatchObject({
      workday: false,
      source: 'organisation',
    });

    await row.getByRole('button', { name: /恢\s*复/ }).click();
    await page.getByRole('button', { name: `${date} 工作日` }).waitFor();
    expect(await page.locator('tr.ant-table-row', { hasText: date }).count()).toBe(0);
    await page.context().close();
  });
});
