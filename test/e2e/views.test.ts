/**
 * The lists and views: 督办查询 filtered by 办理结果, Excel export, 情况汇总 with charts, 督办列表 only for
 * admins (with the edit drawer), 系统管理 and 安全审计; screenshots at 1280 px and 390 px.
 */
import { readFileSync } from 'node:fs';
import dayjs from 'dayjs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiClient,
  apiAs,
  choose,
  completeTask,
  createOrganisation,
  cspViolations,
  type E2E,
  expectAccessible,
  formItem,
  ITEM_PAGE,
  listRows,
  type Org,
  openTask,
  registerItem,
  screenshot,
  signIn,
  startE2E,
  submitTask,
} from './support';

let e2e: E2E;
let org: Org;
let supervisor: ApiClient;
const day = (n: number) => dayjs().add(n, 'day').format('YYYY-MM-DD');
const NOT_DONE = '核查专项资金使用情况';
const CLOSED = '完成办公用房清理';
const OVERDUE = '整改审计发现问题';

beforeAll(async () => {
  e2e = await startE2E();
  org = await createOrganisation(e2e);
  supervisor = await apiAs(e2e, 'dbk');
  const head = await apiAs(e2e, 'cw_head');
  // 未办结: the head handles it himself, 督办科 confirms.
  const notDone = await registerItem(supervisor, org, { title: NOT_DONE, dueAt: day(30) });
  await completeTask(head, notDone, 'handle', {
    decision: 'self',
    promisedAt: day(20),
    outcome: 'not_done',
    reason: '资金拨付流程未走完',
    measures: '与财政局协调加快拨付',
  });
  await completeTask(supervisor, notDone, 'review', { action: 'acknowledge' });
  // 申请办结 → 同意办结: closed.
  const closed = await registerItem(supervisor, org, { title: CLOSED, dueAt: day(10), source: '会议决定' });
  await completeTask(head, closed, 'handle', {
    decision: 'self',
    promisedAt: day(5),
    outcome: 'apply_close',
    implementation: '已清理完毕并登记台账',
  });
  await completeTask(supervisor, closed, 'review', { action: 'close' });
  // Overdue and still with the head.
  await registerItem(supervisor, org, { title: OVERDUE, assignedAt: day(-60), dueAt: day(-5) });
}, 900_000);

afterAll(async () => {
  await e2e?.close();
});

/** The rows of the list once it shows `expected` (a title) and has `count` rows. */
async function rowsOf(page: Page, expected: string, count?: number): Promise<string[]> {
  const rows = listRows(page, '督办事项列表');
  await rows.filter({ hasText: expected }).first().waitFor();
  if (count !== undefined) await expect.poll(() => rows.count()).toBe(count);
  return rows.allInnerTexts();
}

describe.sequential('views', { timeout: 180_000 }, () => {
  it('督办查询 filters by 办理结果 (图20) and exports the same selection to Excel', async () => {
    const page = await signIn(e2e, 'cw_staff');
    await page.getByRole('navigation', { name: '督办管理菜单' }).getByText('督办查询').click();
    await page.getByRole('heading', { name: '督办查询' }).waitFor();
    const all = await rowsOf(page, NOT_DONE);
    expect(all.join('\n')).toContain(NOT_DONE);
    expect(all.join('\n')).toContain(CLOSED);
    expect(all.join('\n')).toContain('红灯');
    await screenshot(page, 'query-desktop');
    await expectAccessible(page, '督办查询');

    // §12: 事务办理 is the last handling's outcome; 办理结果 is the manual's 已办结/未办结/已终止.
    await choose(page, '事务办理', '未办结');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.waitForURL(/result=not_done/);
    const filtered = await rowsOf(page, NOT_DONE, 1);
    expect(filtered).toHaveLength(1);
    expect(filtered[0]).toContain(NOT_DONE);
    await page.getByText('共 1 条').waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /导出 Excel/ }).click(),
    ]);
    expect(download.url()).toContain('/api/items/export.xlsx');
    expect(download.url()).toContain('result=not_done');
    const file = await download.path();
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');

    await choose(page, '办理结果', '已办结');
    await choose(page, '事务办理', '申请办结');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.waitForURL(/closeKind=completed/);
    const closed = await rowsOf(page, CLOSED, 1);
    expect(closed).toHaveLength(1);
    expect(closed[0]).toContain(CLOSED);
    // 办结时间 as a range (antd's RangePicker, loaded when it shows) goes to the URL with the rest.
    // (By role: the sortable column header 办结时间 carries the same label.)
    const dueFrom = page.getByRole('textbox', { name: '办结时间', exact: true });
    await dueFrom.click();
    await dueFrom.fill(day(5));
    await dueFrom.press('Enter');
    await page.getByPlaceholder('结束日期').nth(1).fill(day(15));
    await page.getByPlaceholder('结束日期').nth(1).press('Enter');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.waitForURL(new RegExp(`dueFrom=${day(5)}&dueTo=${day(15)}`));
    expect(await rowsOf(page, CLOSED, 1)).toHaveLength(1);

    await listRows(page, '督办事项列表', CLOSED).getByRole('cell').first().click();
    await page.waitForURL(ITEM_PAGE);
    await page.locator('.item-info').getByText('已办结').waitFor();
    await page.context().close();
  });

  it('情况汇总: figures per department, lazy charts, accessible', async () => {
    const page = await signIn(e2e, 'leader');
    await page.getByRole('navigation', { name: '督办管理菜单' }).getByText('情况汇总').click();
    await page.getByRole('heading', { name: '情况汇总' }).waitFor();
    await page.locator('canvas').first().waitFor();
    expect(await page.locator('canvas').count()).toBeGreaterThanOrEqual(3);
    const table = page.locator('.ant-table-tbody').first();
    await table.getByText('财务部').waitFor();
    await screenshot(page, 'summary-desktop');
    await expectAccessible(page, '情况汇总');
    await page.context().close();
  });

  it('only admins see 督办列表; others are turned away', async () => {
    for (const username of ['dbk', 'cw_staff', 'leader']) {
      const page = await signIn(e2e, username);
      const menu = page.getByRole('navigation', { name: '督办管理菜单' });
      await menu.getByText('督办查询').waitFor();
      expect(await menu.getByText('督办列表').count(), username).toBe(0);
      await page.goto('/admin/items');
      await page.getByText('无权访问').waitFor();
      await page.context().close();
    }
  });

  it('督办列表: the admin edits handlers and result in a drawer (图22)', async () => {
    const page = await signIn(e2e, 'dbadmin');
    await page.getByRole('navigation', { name: '督办管理菜单' }).getByText('督办列表').click();
    await page.getByRole('heading', { name: '督办列表' }).waitFor();
    const row = listRows(page, '督办事项列表', NOT_DONE);
    await row.getByRole('button', { name: /修\s*改/ }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText(/修改 DB-/).waitFor();
    await drawer.getByRole('button', { name: '添加办理人' }).click();
    const selects = drawer.getByLabel('办理人员', { exact: true });
    await selects.last().click();
    // A person field lists what the server finds for the typed text.
    await selects.last().fill('孙协办');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '孙协办' }).click();
    const roles = drawer.getByLabel('办理角色', { exact: true });
    await roles.last().click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '协办单位办理人' })
      .click();
    await screenshot(page, 'admin-drawer-desktop');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已保存，修改已记入变更记录').waitFor();

    const hr = await apiAs(e2e, 'hr_staff');
    const eligible = await hr.request<{ items: { title: string }[] }>(
      'GET',
      '/api/reports/eligible?kind=assist',
    );
    expect(eligible.items.map((i) => i.title)).toContain(NOT_DONE);
    await page.context().close();

    // The new assisting handler reports from the item's page: the item is chosen already.
    const assist = await signIn(e2e, 'hr_staff');
    await assist.goto('/items');
    await listRows(assist, '督办事项列表', NOT_DONE).getByRole('link').click();
    await assist.getByRole('button', { name: '协办反馈' }).click();
    await assist.getByRole('heading', { name: '协办反馈' }).waitFor();
    await assist.getByText('督办事项基本信息').waitFor();
    expect(await assist.getByLabel('其他单位协办', { exact: true }).count()).toBe(0);
    await assist.context().close();
  });

  it('系统管理: the system administrator creates a department and a user', async () => {
    const page = await signIn(e2e, 'admin', 'Admin12345');
    await page.getByRole('navigation', { name: '督办管理菜单' }).getByText('系统管理').click();
    await page.getByRole('heading', { name: '系统管理' }).waitFor();
    await page.getByRole('tab', { name: '部门管理' }).click();
    await page.getByRole('button', { name: /新建部门/ }).click();

    let dialog = page.getByRole('dialog', { name: '新建部门' });
    await dialog.getByLabel('部门名称').fill('办公室');
    await dialog.getByRole('button', { name: /创\s*建/ }).click();
    await page.getByText('部门已创建').waitFor();
    // Renaming it: the edit dialog opens with its values.
    await page
      .locator('tr.ant-table-row', { hasText: '办公室' })
      .getByRole('button', { name: '编辑' })
      .click();
    dialog = page.getByRole('dialog', { name: '编辑部门' });
    expect(await dialog.getByLabel('部门名称').inputValue()).toBe('办公室');
    await dialog.getByLabel('部门名称').fill('办公室（综合）');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('部门已修改').waitFor();
    await page.locator('tr.ant-table-row', { hasText: '办公室（综合）' }).waitFor();

    await page.getByRole('tab', { name: '用户管理' }).click();
    await page.getByRole('button', { name: /新建用户/ }).click();
    dialog = page.getByRole('dialog', { name: '新建用户' });
    await dialog.getByLabel('用户名').fill('bgs_staff');
    await dialog.getByLabel('姓名').fill('吴文员');
    await dialog.getByLabel('初始密码').fill('Passw0rd9');
    await choose(page, '部门', '办公室（综合）');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('用户已创建').waitFor();
    await page.locator('tr.ant-table-row', { hasText: '吴文员' }).waitFor();
    await screenshot(page, 'system-desktop');

    await page.getByRole('tab', { name: '督办来源' }).click();
    await page.getByLabel('新的督办来源').fill('巡视整改');
    await page.getByRole('button', { name: /添\s*加/ }).click();
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('督办来源已保存').waitFor();

    await page.getByRole('navigation', { name: '督办管理菜单' }).getByText('安全审计').click();
    await page.getByRole('heading', { name: '安全审计' }).waitFor();
    await page.locator('tr.ant-table-row').first().waitFor();
    await screenshot(page, 'audit-desktop');
    await page.context().close();
  });

  it('退回: the head returns without an opinion and is refused; the deputy gets the task back pre-filled', async () => {
    const title = '落实安全生产检查整改';
    const itemId = await registerItem(supervisor, org, { title, dueAt: day(40) });
    const head = await apiAs(e2e, 'cw_head');
    await completeTask(head, itemId, 'handle', { decision: 'delegate', delegateToId: org.users.cw_deputy });
    const deputy = await apiAs(e2e, 'cw_deputy');
    await completeTask(deputy, itemId, 'handle', {
      decision: 'self',
      promisedAt: day(30),
      outcome: 'apply_close',
      implementation: '已完成全部十二项整改',
    });

    const page = await signIn(e2e, 'cw_head');
    await openTask(page, title, '审批');
    const panel = page.locator('.action-panel');
    await panel.getByRole('button', { name: /退\s*回/ }).click();
    await page.getByText('请填写意见').waitFor();
    expect(await formItem(page, '意见').getAttribute('class')).toContain('field-required');
    await page.getByLabel('意见', { exact: true }).fill('请补充整改照片后再报。');
    await submitTask(page, /退\s*回/);
    await page.context().close();

    const again = await signIn(e2e, 'cw_deputy');
    await openTask(again, title, '办理');
    await again.getByText('此事项已被退回，请重新办理').waitFor();
    expect(await again.getByLabel('落实情况', { exact: true }).inputValue()).toBe('已完成全部十二项整改');
    expect(await again.getByLabel('申请办结', { exact: true }).isChecked()).toBe(true);
    await again.locator('.flow-list').getByText('请补充整改照片后再报。').waitFor();
    await screenshot(again, 'handling-returned-desktop');
    await again.context().close();
  });

  it('works on a 390 px phone: drawer menu, lists, the handling page and 新建督办', async () => {
    const page = await signIn(e2e, 'cw_head', undefined, 'phone');
    await screenshot(page, 'home-phone');
    await page.getByRole('button', { name: '打开菜单' }).click();
    await page.locator('.app-drawer').getByText('待办事项').click();
    await listRows(page, '待办事项', OVERDUE).waitFor();
    await expect.poll(() => page.locator('.ant-drawer-mask:visible').count()).toBe(0);
    await page.waitForTimeout(400); // the drawer's closing animation
    await screenshot(page, 'tasks-pending-phone');
    await listRows(page, '待办事项', OVERDUE).getByRole('link').click();
    await page.getByText('督办事项基本信息').waitFor();
    await page.getByLabel('自办', { exact: true }).check();
    await page.getByLabel('未办结', { exact: true }).check();
    await screenshot(page, 'handling-phone');
    await page.goto('/items');
    await listRows(page, '督办事项列表').first().waitFor();
    await screenshot(page, 'query-phone');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    // Only 关键字, 办理结果 and 事务办理 until 更多筛选; then the others, the date ranges with them.
    expect(await page.getByLabel('督办来源', { exact: true }).isVisible()).toBe(false);
    expect(await page.getByLabel('只看逾期事项').isVisible()).toBe(false);
    await page.getByRole('button', { name: '更多筛选' }).click();
    await page.getByLabel('督办来源', { exact: true }).waitFor();
    await page.getByLabel('只看逾期事项').waitFor();
    await page.getByLabel('交办时间', { exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.context().close();

    const sup = await signIn(e2e, 'dbk', undefined, 'phone');
    await sup.goto('/items/new');
    await sup.getByRole('heading', { name: '新建督办' }).waitFor();
    await screenshot(sup, 'new-item-phone');
    await sup.goto('/summary');
    await sup.locator('canvas').first().waitFor();
    await screenshot(sup, 'summary-phone');
    expect(await sup.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await sup.context().close();
  });

  it('no page reported a Content-Security-Policy violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
