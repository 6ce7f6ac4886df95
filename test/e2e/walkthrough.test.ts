/**
 * The manual's whole walkthrough in the browser, each user in turn (督办登记 → 向下办理 → 其他单位协办 →
 * 审批 → 督办科确认 → 协办反馈 → 阅知 → 主办反馈 → 结束), with screenshots and axe checks on the way.
 * When people change (请假委托 → 代办 → 领取审核 → 离职交接), the walkthrough is `people.test.ts › 办公生活走查`.
 */
import dayjs from 'dayjs';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import {
  choose,
  createOrganisation,
  cspViolations,
  dumpPages,
  type E2E,
  expectAccessible,
  fillDate,
  formItem,
  ITEM_PAGE,
  listRows,
  type Org,
  openTask,
  pickPerson,
  screenshot,
  signIn,
  startE2E,
  submitTask,
} from './support';

let e2e: E2E;
let org: Org;
const pages = new Map<string, Page>();
const TITLE = '推进年度预算执行进度督办';
let itemUrl = '';

/** One signed-in browser per user, kept for the whole walkthrough. */
async function as(username: string): Promise<Page> {
  let page = pages.get(username);
  if (!page) {
    page = await signIn(e2e, username);
    pages.set(username, page);
  }
  return page;
}

const yellow = async (page: Page, label: string) =>
  (await formItem(page, label).getAttribute('class'))?.includes('field-required') ?? false;

beforeAll(async () => {
  e2e = await startE2E();
  org = await createOrganisation(e2e);
}, 900_000);

afterAll(async () => {
  await e2e?.close();
});

describe.sequential('督办 walkthrough', { timeout: 180_000 }, () => {
  beforeEach((context) => {
    onTestFailed(() => dumpPages(pages, context.task.name));
  });

  it('督办科 registers the item and sends it to the head with the picker', async () => {
    const page = await as('dbk');
    await screenshot(page, 'home-supervisor-desktop');
    await expectAccessible(page, '督办空间');
    const menu = page.getByRole('navigation', { name: '督办管理菜单' });
    expect(await menu.getByText('新建督办').count()).toBe(1);
    expect(await menu.getByText('督办列表').count()).toBe(0);

    await menu.getByText('新建督办').click();
    await page.getByRole('heading', { name: '新建督办' }).waitFor();
    for (const label of [
      '督办事项',
      '督办来源',
      '承办（主办）单位',
      '交办时间',
      '办结时间',
      '督办内容及要求',
    ]) {
      expect(await yellow(page, label), label).toBe(true);
    }
    expect(await yellow(page, '协办单位')).toBe(false);
    await expectAccessible(page, '新建督办');

    // 发送 with nothing filled is refused, naming the fields.
    await page
      .getByRole('button', { name: /发\s*送/ })
      .first()
      .click();
    await page.getByText('请填写督办事项').waitFor();
    await page.getByText('请填写督办内容及要求').waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);

    await page.getByLabel('督办事项', { exact: true }).fill(TITLE);
    await page.getByLabel('督办来源', { exact: true }).fill('领导批示');
    await choose(page, '承办（主办）单位', '财务部');
    await choose(page, '协办单位', '人力资源部', true);
    await fillDate(page, '办结时间', dayjs().add(60, 'day').format('YYYY-MM-DD'));
    await page
      .getByLabel('督办内容及要求', { exact: true })
      .fill('按季度推进预算执行，每月报送进展。\n年底前完成全部项目支出。');
    await screenshot(page, 'new-item-desktop');

    await page
      .getByRole('button', { name: /发\s*送/ })
      .first()
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('选择主办单位部处负责人').waitFor();
    await dialog.locator('.ant-tree-title', { hasText: '张部长' }).click();
    await dialog.getByRole('button', { name: '添加到已选' }).click();
    await screenshot(page, 'new-item-picker-desktop');
    // The answer comes late, as on a busy machine: the item's page is what to wait for, not a URL
    // the form's own page matches too.
    await page.route('**/api/items', (route) => setTimeout(() => void route.continue(), 500));
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await page.waitForURL(ITEM_PAGE);
    await page.unroute('**/api/items');
    itemUrl = new URL(page.url()).pathname;
    await page.getByText('基本信息').first().waitFor();
    await page
      .getByText(/DB-\d{4}-\d{4}/)
      .first()
      .waitFor();
  });

  it('the head chooses 向下办理 after the 自办 fields refuse to go empty', async () => {
    const page = await as('cw_head');
    // A retry meets what its first attempt did: the notice read already. Unread again (as it was
    // when the item was sent), so that every attempt checks the same thing.
    const itemId = itemUrl.split('/').at(-1) as string;
    await e2e.server.db.db.execute(
      sql`update notifications set read_at = null where user_id = ${org.users.cw_head} and item_id = ${itemId}`,
    );
    // The bell counts the unread notice of the new task (it names the item); reading it takes it off.
    await page.reload();
    const bell = page.getByRole('button', { name: /消息提醒，[1-9]\d* 条未读/ });
    await bell.click();
    const notices = page.locator('.notification-list li');
    const notice = notices.filter({ hasText: TITLE });
    await notice.first().waitFor();
    const unread = await notices.count();
    const ofItem = await notice.count();
    await notice.first().getByRole('button', { name: '标为已读' }).click();
    await expect.poll(() => notices.count()).toBe(unread - 1);
    await expect.poll(() => notice.count()).toBe(ofItem - 1);
    await page.keyboard.press('Escape');
    await page.goto('/tasks/pending');
    await listRows(page, '待办事项', TITLE).waitFor();
    await screenshot(page, 'tasks-pending-desktop');
    await openTask(page, TITLE, '办理');
    expect(await yellow(page, '办理方式')).toBe(true);
    expect(await yellow(page, '承诺办结时间')).toBe(false);

    await page.getByLabel('自办', { exact: true }).check();
    expect(await yellow(page, '承诺办结时间')).toBe(true);
    expect(await yellow(page, '事务办理')).toBe(true);
    await page
      .locator('.action-panel')
      .getByRole('button', { name: /提\s*交/ })
      .click();
    await page.getByText('请选择承诺办结时间').waitFor();
    await page.getByText('请选择事务办理').waitFor();
    await page.getByLabel('申请办结', { exact: true }).check();
    expect(await yellow(page, '落实情况')).toBe(true);
    await page.getByLabel('未办结', { exact: true }).check();
    expect(await yellow(page, '落实情况')).toBe(false);
    expect(await yellow(page, '未办结原因')).toBe(true);
    expect(await yellow(page, '解决措施')).toBe(true);
    await screenshot(page, 'handling-self-desktop');

    await page.getByLabel('向下办理', { exact: true }).check();
    expect(await yellow(page, '选择向下办理人员')).toBe(true);
    expect(await yellow(page, '承诺办结时间')).toBe(false);
    await expectAccessible(page, '处理界面');
    await pickPerson(page, '选择向下办理人员', ['李分管']);
    await page.getByLabel('意见', { exact: true }).fill('请李分管牵头落实。');
    await screenshot(page, 'handling-delegate-desktop');
    await submitTask(page, /提\s*交/);
  });

  it('the deputy delegates to the staff member', async () => {
    const page = await as('cw_deputy');
    await openTask(page, TITLE, '办理');
    await page.getByLabel('向下办理', { exact: true }).check();
    await pickPerson(page, '选择向下办理人员', ['赵专员']);
    await submitTask(page, /提\s*交/);
  });

  it('the staff member handles it and asks another unit to assist (其他单位协办)', async () => {
    const page = await as('cw_staff');
    await openTask(page, TITLE, '办理');
    expect(await page.getByLabel('向下办理', { exact: true }).count()).toBe(0);
    expect(await yellow(page, '承诺办结时间')).toBe(true);
    await fillDate(page, '承诺办结时间', dayjs().add(45, 'day').format('YYYY-MM-DD'));
    await page.getByLabel('其他单位协办', { exact: true }).check();
    expect(await yellow(page, '协办单位办理人')).toBe(true);
    await pickPerson(page, '选择协办单位办理人', ['孙协办']);
    await page.getByLabel('意见', { exact: true }).fill('需人力资源部协助核定人员经费。');
    await submitTask(page, /提\s*交/);
  });

  it('the deputy and the head approve (同意)', async () => {
    for (const username of ['cw_deputy', 'cw_head']) {
      const page = await as(username);
      await openTask(page, TITLE, '审批');
      await submitTask(page, /同\s*意/);
    }
  });

  it('督办科 confirms (确认); 同意办结 is not offered for 其他单位协办', async () => {
    const page = await as('dbk');
    await openTask(page, TITLE, '审核');
    expect(await page.locator('.action-panel').getByRole('button', { name: '同意办结' }).count()).toBe(0);
    await submitTask(page, /确\s*认/);
  });

  it('the assisting handler files 协办反馈 from the task the system started', async () => {
    const page = await as('hr_staff');
    await page.goto('/tasks/pending');
    await listRows(page, '待办事项', TITLE).filter({ hasText: '系统' }).waitFor();
    await openTask(page, TITLE, '协办反馈');
    expect(await page.getByLabel('其他单位协办', { exact: true }).count()).toBe(0);
    await page.getByLabel('申请办结', { exact: true }).check();
    expect(await yellow(page, '落实情况')).toBe(true);
    await page.getByLabel('落实情况', { exact: true }).fill('已核定人员经费 120 万元。');
    await submitTask(page, /提\s*交/);
  });

  it('the three lead handlers each 阅知', async () => {
    for (const username of ['cw_staff', 'cw_deputy', 'cw_head']) {
      const page = await as(username);
      await openTask(page, TITLE, '阅知');
      await submitTask(page, /阅\s*知/);
    }
  });

  it('the staff member files 主办反馈 on the 关联 item; approvals and review follow', async () => {
    const page = await as('cw_staff');
    await page.getByRole('navigation', { name: '督办管理菜单' }).getByText('主办反馈').click();
    await page.getByRole('heading', { name: '主办反馈' }).waitFor();
    await choose(page, '关联督办事项', new RegExp(TITLE));
    await page.getByText('督办事项基本信息').waitFor();
    await page.getByText('按季度推进预算执行').waitFor();
    await page.getByLabel('申请办结', { exact: true }).check();
    await page.getByLabel('落实情况', { exact: true }).fill('预算执行率已达 98%，申请办结。');
    await screenshot(page, 'lead-report-desktop');
    await page
      .locator('.action-panel')
      .getByRole('button', { name: /发\s*送/ })
      .click();
    await page.waitForURL(ITEM_PAGE);

    for (const username of ['cw_deputy', 'cw_head']) {
      const approver = await as(username);
      await openTask(approver, TITLE, '审批');
      await submitTask(approver, /同\s*意/);
    }
    const supervisor = await as('dbk');
    await openTask(supervisor, TITLE, '审核');
    await supervisor.locator('.action-panel').getByRole('button', { name: '同意办结' }).waitFor();
    await submitTask(supervisor, /确\s*认/);
  });

  it('督办科 ends (结束) the item; the detail shows every flow and step', async () => {
    const page = await as('dbk');
    await page.goto(itemUrl);
    await page.getByText('办理人员').first().waitFor();
    await screenshot(page, 'item-detail-open-desktop');
    await page.getByRole('button', { name: /结\s*束/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox').fill('年度任务完成，结束督办。');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    // 结束 without completion is 已终止, never 已办结 (§12).
    await page.locator('.item-info').getByText('已终止').waitFor();
    const flows = page.locator('.flow-list');
    await flows.getByText('督办登记').first().waitFor();
    expect(await flows.getByText('协办反馈').count()).toBeGreaterThan(0);
    expect(await flows.getByText('主办反馈').count()).toBeGreaterThan(0);
    await flows.getByText('需人力资源部协助核定人员经费。').waitFor();
    await screenshot(page, 'item-detail-desktop');
    expect(org.users.dbk).toBeTruthy();
  });

  it('no page reported a Content-Security-Policy violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
