/**
 * Usability as a new user meets it (issue 13, point 4), measured in the real built UI at the sizes
 * offices use: 1366 × 1000 on a desktop, 390 px on a phone. Each step fails on the defect it names.
 */
import dayjs from 'dayjs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import {
  type ApiClient,
  apiAs,
  completeTask,
  createOrganisation,
  dumpPages,
  type E2E,
  formItem,
  listRows,
  type Org,
  openTask,
  pickPerson,
  registerItem,
  screenshot,
  signIn,
  startE2E,
} from './support';

let e2e: E2E;
let org: Org;
let supervisor: ApiClient;
let openItem: string;
let closedItem: string;
const pages = new Map<string, Page>();
const day = (n: number) => dayjs().add(n, 'day').format('YYYY-MM-DD');

async function as(username: string): Promise<Page> {
  let page = pages.get(username);
  if (!page) {
    page = await signIn(e2e, username);
    await page.setViewportSize({ width: 1366, height: 1000 });
    pages.set(username, page);
  }
  return page;
}

beforeAll(async () => {
  e2e = await startE2E();
  org = await createOrganisation(e2e);
  supervisor = await apiAs(e2e, 'dbk');
  const head = await apiAs(e2e, 'cw_head');
  // Every item of this office was assigned this month: 按月趋势 has exactly one month.
  openItem = await registerItem(supervisor, org, { title: '核查专项资金使用情况', dueAt: day(30) });
  closedItem = await registerItem(supervisor, org, { title: '完成办公用房清理', dueAt: day(10) });
  await completeTask(head, closedItem, 'handle', {
    decision: 'self',
    promisedAt: day(5),
    outcome: 'apply_close',
    implementation: '已清理完毕并登记台账',
  });
  await completeTask(supervisor, closedItem, 'review', { action: 'close' });
  // Two reports waiting for 督办科: one applies to close, one does not.
  for (const [title, outcome] of [
    ['整改审计发现问题', 'apply_close'],
    ['推进档案数字化', 'not_done'],
  ] as const) {
    const id = await registerItem(supervisor, org, { title, dueAt: day(20) });
    await completeTask(head, id, 'handle', {
      decision: 'self',
      promisedAt: day(15),
      outcome,
      ...(outcome === 'apply_close'
        ? { implementation: '问题已整改' }
        : { reason: '尚在推进', measures: '按月推进' }),
    });
  }
  // Signed in here, under the hook's longer timeout, so that each step measures its page only.
  await as('dbk');
  await as('cw_head');
});
afterAll(() => e2e?.close());
beforeEach(({ task }) => {
  onTestFailed(() => dumpPages(pages, task.name));
});

/** Scrolls to the bottom and measures the side menu's rail and the menu inside it. */
async function sideMenuAtBottom(page: Page) {
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  return page.evaluate(() => {
    const rail = document.querySelector('.app-sider-rail')?.getBoundingClientRect();
    const menu = document.querySelector('.app-sider')?.getBoundingClientRect();
    return {
      pageHeight: document.documentElement.scrollHeight,
      viewport: window.innerHeight,
      railBottom: rail?.bottom ?? 0,
      menuTop: menu?.top ?? -1,
      menuBottom: menu?.bottom ?? 0,
    };
  });
}

/** The labels whose text runs over more than one line. */
async function wrappedLabels(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((labels) =>
    labels
      .filter((label) => {
        const range = document.createRange();
        range.selectNodeContents(label);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        return tops.size > 1;
      })
      .map((label) => label.textContent ?? ''),
  );
}

describe('usability at 1366 × 1000', () => {
  it.each([
    ['情况汇总', '/summary', '情况汇总'],
    ['事项详情', '/items/:open', '核查专项资金使用情况'],
  ])(
    'the dark side menu fills the height of %s when it is taller than the window, and stays in view',
    async (_name, url, heading) => {
      const page = await as('dbk');
      await page.goto(url.replace(':open', openItem));
      await page
        .getByRole('heading', { name: new RegExp(heading) })
        .first()
        .waitFor();
      // A page made taller than the window, the way a long 办理记录 or the charts make it.
      await page.setViewportSize({ width: 1366, height: 500 });
      try {
        const m = await sideMenuAtBottom(page);
        expect(m.pageHeight, 'the page is taller than the window').toBeGreaterThan(m.viewport);
        expect(m.railBottom, "the menu's colour reaches the bottom").toBeGreaterThanOrEqual(m.viewport - 1);
        expect(m.menuTop, 'the menu stays at the top of the window').toBeLessThanOrEqual(1);
        expect(m.menuBottom, "the menu reaches the window's bottom").toBeGreaterThanOrEqual(m.viewport - 1);
      } finally {
        await page.setViewportSize({ width: 1366, height: 1000 });
      }
    },
  );

  it('基本信息 labels stay on one line and a closed item says when it closed, not "—"', async () => {
    const page = await as('dbk');
    await page.goto(`/items/${closedItem}`);
    await page.getByRole('heading', { name: /完成办公用房清理/ }).waitFor();
    const labels = page.locator('.item-info .ant-descriptions-item-label');
    await expect.poll(() => labels.allTextContents()).toContain('承办（主办）单位');
    expect(await labels.allTextContents()).toContain('督办内容及要求');
    expect(await wrappedLabels(page, '.item-info .ant-descriptions-item-label')).toEqual([]);
    const result = page
      .locator('.item-info .ant-descriptions-row')
      .filter({ hasText: '办理结果' })
      .locator('.ant-descriptions-item-content');
    const text = (await result.textContent())?.trim() ?? '';
    expect(text).toMatch(/^已办结\s*于 \d{4}-\d{2}-\d{2}$/);
    expect(text).not.toContain('—');
  });

  it('form labels stay on one line: 新建督办 and the 办理 panel', async () => {
    const page = await as('dbk');
    await page.goto('/items/new');
    await page.getByRole('heading', { name: '新建督办' }).waitFor();
    const newLabels = '.ant-form-item-label > label';
    await expect.poll(() => page.locator(newLabels).allTextContents()).toContain('承办（主办）单位');
    expect(await wrappedLabels(page, newLabels)).toEqual([]);
    const head = await as('cw_head');
    await openTask(head, '核查专项资金使用情况', '办理');
    const panelLabels = '.action-panel .ant-form-item-label > label';
    await expect.poll(() => head.locator(panelLabels).allTextContents()).toContain('选择向下办理人员');
    expect(await wrappedLabels(head, panelLabels)).toEqual([]);
  });

  it("新建督办: 督办内容及要求 grows with its text from five to fourteen lines, and 附件's hint describes its button", async () => {
    const page = await as('dbk');
    await page.goto('/items/new');
    await page.getByRole('heading', { name: '新建督办' }).waitFor();
    // Grown by CSS (field-sizing), no longer by antd's autoSize, which measured as the page mounted.
    const box = page.getByLabel('督办内容及要求', { exact: true });
    const height = async () => (await box.boundingBox())?.height ?? 0;
    const lineHeight = await box.evaluate((el) => Number.parseFloat(getComputedStyle(el).lineHeight));
    const empty = await height();
    expect(empty, 'five lines when empty').toBeGreaterThanOrEqual(5 * lineHeight);
    expect(empty).toBeLessThan(6 * lineHeight + 10);
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `第 ${i + 1} 行`).join('\n');
    await box.fill(lines(9));
    await expect.poll(height).toBeGreaterThanOrEqual(9 * lineHeight);
    await box.fill(lines(30));
    await expect.poll(height).toBeGreaterThanOrEqual(14 * lineHeight);
    expect(await height(), 'no taller than fourteen lines').toBeLessThan(15 * lineHeight + 10);

    // The file input is hidden behind the button (antd's form rules displayed it over `hidden`).
    expect(await page.locator('input[type="file"]').isVisible()).toBe(false);
    const choose = page.getByRole('button', { name: '选择附件' });
    const hintId = await choose.getAttribute('aria-describedby');
    expect(hintId).toBeTruthy();
    expect(await page.locator(`[id="${hintId}"]`).textContent()).toBe('领导批示扫描件等，发送后上传；可多选');
  });

  it('按月趋势 with one month of data shows its points', async () => {
    const page = await as('dbk');
    await page.goto('/summary');
    const card = page.locator('.ant-card').filter({ hasText: '按月趋势' });
    const canvas = card.locator('canvas');
    await canvas.waitFor();
    // The canvas is drawn after the chart's first frame: count the series' blue below the legend.
    const bluePixels = () =>
      canvas.evaluate((el) => {
        const c = el as HTMLCanvasElement;
        const ctx = c.getContext('2d');
        if (!ctx) return 0;
        const legend = Math.round(36 * (c.width / c.clientWidth));
        const { data } = ctx.getImageData(0, legend, c.width, c.height - legend);
        let n = 0;
        for (let i = 0; i < data.length; i += 4) {
          // #1d5fbf, the 交办数 series
          if (
            Math.abs((data[i] ?? 0) - 29) < 40 &&
            Math.abs((data[i + 1] ?? 0) - 95) < 40 &&
            Math.abs((data[i + 2] ?? 0) - 191) < 40
          )
            n++;
        }
        return n;
      });
    await expect.poll(bluePixels, { timeout: 15_000 }).toBeGreaterThanOrEqual(30);
  });

  it('a message goes when its field is filled, says 请选择向下办理人员 once, and a required field in error stays yellow', async () => {
    const page = await as('cw_head');
    await openTask(page, '核查专项资金使用情况', '办理');
    const panel = page.locator('.action-panel');
    const errorOf = (label: string) => formItem(page, label).locator('.ant-form-item-explain-error');
    // 向下办理 without a person: the message names the field once.
    await panel.getByLabel('向下办理').check();
    await panel.getByRole('button', { name: /提\s*交/ }).click();
    await expect.poll(() => errorOf('选择向下办理人员').allTextContents()).toEqual(['请选择向下办理人员']);
    await pickPerson(page, '选择向下办理人员', ['赵专员']);
    await expect.poll(() => errorOf('选择向下办理人员').count()).toBe(0);
    // 自办 · 申请办结 without 落实情况: the message shows, the field keeps the yellow band under the red
    // border, and typing takes the message away.
    await panel.getByLabel('自办').check();
    await panel.getByLabel('申请办结').check();
    await panel.getByRole('button', { name: /提\s*交/ }).click();
    await expect.poll(() => errorOf('落实情况').allTextContents()).toEqual(['请填写落实情况']);
    const textarea = formItem(page, '落实情况').locator('textarea');
    // Polled: antd animates the colour when the status changes.
    const background = () => textarea.evaluate((el) => getComputedStyle(el).backgroundColor);
    await expect.poll(background).toBe('rgb(255, 247, 204)');
    await textarea.fill('已完成资金核查');
    await expect.poll(() => errorOf('落实情况').count()).toBe(0);
    await expect.poll(background).toBe('rgb(255, 247, 204)');
  });

  it('督办科审核 says what 确认 does, and why 同意办结 is absent when the report did not apply to close', async () => {
    const page = await as('dbk');
    const hint = page.locator('.action-panel .action-buttons .ant-form-item-extra');
    await openTask(page, '整改审计发现问题', '督办科审核');
    await expect.poll(() => hint.textContent()).toContain('同意办结：事项办结，流程结束');
    expect(await hint.textContent()).toContain('确认：已阅悉本次反馈，事项继续办理');
    await openTask(page, '推进档案数字化', '督办科审核');
    await expect.poll(() => hint.textContent()).toContain('本次反馈未申请办结，因此没有“同意办结”');
    expect(await page.locator('.action-panel').getByRole('button', { name: '同意办结' }).count()).toBe(0);
  });
});

describe('usability on a 390 px phone', () => {
  it('待办 shows who sent each task and when; the 办理 panel comes first and the record is folded', async () => {
    const page = await signIn(e2e, 'cw_head', undefined, 'phone');
    pages.set('cw_head (phone)', page);
    await page.goto('/tasks/pending');
    const row = listRows(page, '待办事项', '核查专项资金使用情况');
    await expect
      .poll(() => row.locator('.task-meta').textContent())
      .toMatch(/^王督办 · \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    await row.getByRole('link').click();
    await page.getByText('督办事项基本信息').waitFor();
    const top = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((el) => el.getBoundingClientRect().top);
    const panelTop = await top('.action-panel');
    expect(panelTop, 'the 办理 panel is above the item').toBeLessThan(
      await top('.ant-card:has-text("督办事项基本信息")'),
    );
    expect(panelTop, 'the 办理 panel starts on the first screen').toBeLessThan(844);
    const record = page.locator('.flow-record');
    const toggle = record.getByRole('button', { name: /展\s*开/ });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await record.locator('.timeline-step').count()).toBe(0);
    await toggle.click();
    await record.getByText('张部长').first().waitFor();
    expect(await record.getByRole('button', { name: /收\s*起/ }).getAttribute('aria-expanded')).toBe('true');
    await screenshot(page, 'handling-phone-action-first');
    await page.context().close();
    pages.delete('cw_head (phone)');
  });
});
