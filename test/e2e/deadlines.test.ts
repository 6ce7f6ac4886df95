/**
 * Spec §11–§12 in the browser: the head applies for an extension (延期申请) on the item's page, the
 * item shows 延期审批中, 督办科 approves it from the to-do list, and the light turns from red to green
 * with the original date still shown; 情况汇总 shows 已办结 and 已终止 apart.
 */
import dayjs from 'dayjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiClient,
  apiAs,
  choose,
  completeTask,
  createOrganisation,
  type E2E,
  fillDate,
  listRows,
  type Org,
  openTask,
  pickOption,
  registerItem,
  screenshot,
  signIn,
  startE2E,
  submitTask,
} from './support';

let e2e: E2E;
let org: Org;
let supervisor: ApiClient;
let itemId: string;
const day = (n: number) => dayjs().add(n, 'day').format('YYYY-MM-DD');
const TITLE = '推进老旧小区改造二期';

beforeAll(async () => {
  e2e = await startE2E();
  org = await createOrganisation(e2e);
  supervisor = await apiAs(e2e, 'dbk');
  const head = await apiAs(e2e, 'cw_head');
  // Overdue: due ten days ago; the head reports 未办结 and 督办科 confirms, so he is a handler.
  itemId = await registerItem(supervisor, org, { title: TITLE, assignedAt: day(-60), dueAt: day(-10) });
  await completeTask(head, itemId, 'handle', {
    decision: 'self',
    promisedAt: day(30),
    outcome: 'not_done',
    reason: '资金未到位',
    measures: '协调财政',
  });
  await completeTask(supervisor, itemId, 'review', { action: 'acknowledge' });
  // One item ended without completion (已终止) for 情况汇总.
  const ended = await registerItem(supervisor, org, { title: '已并入其他事项', dueAt: day(30) });
  await supervisor.request('POST', `/api/items/${ended}/close`, { remark: '已合并' });
}, 900_000);

afterAll(async () => {
  await e2e?.close();
});

describe.sequential('deadlines', { timeout: 180_000 }, () => {
  it('§11 延期申请 → 延期审批中 → 督办科 批准延期 → the light turns green, the original date stays', async () => {
    const page = await signIn(e2e, 'cw_head');
    await page.goto(`/items/${itemId}`);
    await page.locator('.item-info').getByText('红灯', { exact: false }).waitFor();
    await page.getByRole('button', { name: '延期申请' }).click();
    await fillDate(page, '申请延期至', day(60));
    await page.getByLabel('目前进展', { exact: true }).fill('方案已报批');
    await page.getByRole('dialog').locator('textarea').last().fill('财政资金下月到位');
    await page.getByRole('button', { name: /确\s*定/ }).click();
    await page.getByText('延期申请已提交，等待审批').waitFor();
    await page.locator('.item-info').getByText('延期审批中').waitFor();
    await screenshot(page, 'extension-pending');
    await page.context().close();

    const sup = await signIn(e2e, 'dbk');
    await openTask(sup, TITLE, '督办科审核');
    await sup.getByText('申请延期至').first().waitFor();
    await sup.getByLabel('批准延期', { exact: true }).check();
    await submitTask(sup, /提\s*交/);
    await sup.context().close();

    const again = await signIn(e2e, 'cw_head');
    await again.goto(`/items/${itemId}`);
    await again.locator('.item-info').getByText('绿灯', { exact: false }).waitFor();
    await again
      .locator('.item-info')
      .getByText(`原定 ${day(-10)}`, { exact: false })
      .waitFor();
    expect(await again.locator('.item-info').getByText('延期审批中').count()).toBe(0);
    // The timeline shows the application's fields and 督办科's decision (not 自办 / 未办结原因).
    const flow = again.locator('.flow-list').getByRole('region', { name: /延期申请/ });
    await flow.getByText(day(60)).first().waitFor();
    for (const label of ['申请延期至：', '延期理由：', '目前进展：'])
      await flow.getByText(label).first().waitFor();
    for (const value of ['财政资金下月到位', '方案已报批', '提交申请', '批准延期']) {
      await flow.getByText(value, { exact: true }).first().waitFor();
    }
    expect(await flow.getByText('未办结原因').count()).toBe(0);
    await screenshot(again, 'extension-approved');
    await again.context().close();
  });

  it('§12 the 主办反馈 form opens with the reporter’s own last report, to be edited', async () => {
    const page = await signIn(e2e, 'cw_head');
    await page.getByRole('navigation', { name: '督办管理菜单' }).getByText('主办反馈').click();
    await page.getByRole('heading', { name: '主办反馈' }).waitFor();
    await choose(page, '关联督办事项', new RegExp(TITLE));
    await page.getByText('督办事项基本信息').waitFor();
    // The head's 未办结 of the registration: outcome, reason and measures come back.
    await page.getByLabel('未办结原因', { exact: true }).waitFor();
    expect(await page.getByLabel('未办结', { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel('未办结原因', { exact: true }).inputValue()).toBe('资金未到位');
    expect(await page.getByLabel('解决措施', { exact: true }).inputValue()).toBe('协调财政');
    await page.context().close();
  });

  it('§12 情况汇总 shows 已办结 and 已终止 apart', async () => {
    const page = await signIn(e2e, 'leader');
    await page.goto('/summary');
    await page.getByRole('heading', { name: '情况汇总' }).waitFor();
    await page.getByText('已终止').first().waitFor();
    const summary = await (await apiAs(e2e, 'leader')).request<{
      totals: { completed: number; terminated: number };
    }>('GET', '/api/summary');
    expect(summary.totals).toMatchObject({ completed: 0, terminated: 1 });
    await page.context().close();
  });

  it('§12 督办员 find what they registered (我登记的); §11 批量催办 of the ticked rows', async () => {
    const page = await signIn(e2e, 'dbk');
    await page.goto('/items');
    await page.getByRole('heading', { name: '督办查询' }).waitFor();
    // 本部门 is 督办科's own: the item, with 财务部, is found under 我登记的.
    await choose(page, '查询范围', '我登记的');
    const row = listRows(page, '督办事项列表', TITLE);
    await row.waitFor();
    await row.getByRole('checkbox', { name: `选择 ${TITLE}` }).check();
    expect(page.url()).toContain('/items');
    expect(page.url()).not.toContain(itemId);
    await page.getByRole('button', { name: /批量催办（1）/ }).click();
    const dialog = page.getByRole('dialog', { name: '批量催办' });
    await dialog.getByLabel('催办内容').fill('请于本周内报送进展');
    await dialog.getByRole('button', { name: /催\s*办/ }).click();
    await page.getByText('已催办 1 项', { exact: false }).waitFor();
    await screenshot(page, 'batch-urge');
    // A search (and a sort or a new page alike) stays under 我登记的: it used to fall back to 本部门.
    await page.getByLabel('关键字').fill('老旧小区');
    await page
      .locator('form[name="filters"]')
      .getByRole('button', { name: /查\s*询/ })
      .click();
    await page.waitForURL(/[?&]q=/);
    expect(new URL(page.url()).searchParams.get('scope')).toBe('registered');
    expect(await page.getByLabel('查询范围').inputValue()).toBe('registered');
    await listRows(page, '督办事项列表', TITLE).waitFor();
    const detail = await supervisor.request<{
      urges: { message: string | null; recipientNames: string[] }[];
    }>('GET', `/api/items/${itemId}`);
    expect(detail.urges.map((u) => u.message)).toEqual(['请于本周内报送进展']);
    await page.context().close();
  });

  it('§12 督办列表: 办理结果 已办结 asks for a remark and closes the item as completed', async () => {
    const page = await signIn(e2e, 'dbadmin');
    await page.getByRole('navigation', { name: '督办管理菜单' }).getByText('督办列表').click();
    await page.getByRole('heading', { name: '督办列表' }).waitFor();
    await listRows(page, '督办事项列表', TITLE)
      .getByRole('button', { name: /修\s*改/ })
      .click();
    const drawer = page.getByRole('dialog', { name: /修改 DB-/ });
    const result = drawer.getByLabel('办理结果', { exact: true });
    await result.click();
    await pickOption(page, result, '已办结');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await drawer.getByText('修改办理结果须填写备注').waitFor();
    await drawer.getByLabel('修改办理结果的备注', { exact: true }).fill('已按期完成，线下验收');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已保存，修改已记入变更记录').waitFor();
    await listRows(page, '督办事项列表', TITLE).getByText('已办结').waitFor();
    const item = await supervisor.request<{ status: string; closeKind: string | null }>(
      'GET',
      `/api/items/${itemId}`,
    );
    expect(item).toMatchObject({ status: 'closed', closeKind: 'completed' });
    await page.context().close();
  });
});
