/**
 * Spec §10 in the browser: a head goes on leave (我的委托) and the new item reaches the deputy as
 * 代 <name> 办理; a 督办科 colleague claims (领取) a review from 督办科待审核; a user leaves and the
 * system administrator hands their work over (离职交接) while disabling them. Then the 督办管理员's
 * 转交 from the item page (当前待办) and from 督办列表, the successor a removed handler's pending task
 * needs in 督办列表's drawer, and 待转交 (a disabled user's pending task, moved with one 转交). Each
 * person picker must offer exactly the people the server accepts.
 */
import dayjs from 'dayjs';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import {
  ADMIN_PASSWORD,
  ApiClient,
  apiAs,
  choose,
  completeTask,
  createOrganisation,
  dropdownsClosed,
  dumpPages,
  type E2E,
  expectAccessible,
  type Org,
  openTask,
  PASSWORD,
  registerItem,
  screenshot,
  signIn,
  startE2E,
} from './support';

let e2e: E2E;
let org: Org;
let admin: ApiClient;
const pages = new Map<string, Page>();

async function as(username: string, password?: string): Promise<Page> {
  let page = pages.get(username);
  if (!page) {
    page = await signIn(e2e, username, password);
    pages.set(username, page);
  }
  return page;
}

interface TaskLite {
  id: string;
  itemId: string;
  kind: string;
  assigneeId?: string;
}

async function pendingOf(client: ApiClient, itemId: string): Promise<TaskLite[]> {
  const { tasks } = await client.request<{ tasks: TaskLite[] }>(
    'GET',
    '/api/tasks?state=pending&pageSize=200',
  );
  return tasks.filter((t) => t.itemId === itemId);
}

interface StepLite {
  taskId: string;
  kind: string;
  assigneeId: string;
  state: string;
}

let dbadminClient: ApiClient | undefined;
/** The 督办管理员 through the API, signed in once (logins from one address are rate limited). */
async function dbadminApi(): Promise<ApiClient> {
  dbadminClient ??= await apiAs(e2e, 'dbadmin');
  return dbadminClient;
}

/** Who holds the item's pending tasks, as the item's detail says (asked as 督办管理员). */
async function pendingSteps(itemId: string): Promise<StepLite[]> {
  const dbadmin = await dbadminApi();
  const item = await dbadmin.request<{ flows: { steps: StepLite[] }[] }>('GET', `/api/items/${itemId}`);
  return item.flows.flatMap((f) => f.steps).filter((s) => s.state === 'pending');
}

async function itemIdOf(title: string): Promise<string> {
  const dbadmin = await dbadminApi();
  const list = await dbadmin.request<{ items: { id: string; title: string }[] }>(
    'GET',
    `/api/items?scope=all&q=${encodeURIComponent(title)}`,
  );
  const item = list.items.find((i) => i.title === title);
  if (!item) throw new Error(`no item ${title}`);
  return item.id;
}

/** The options of the antd Select that is open now. */
async function openOptions(page: Page): Promise<string[]> {
  const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
  await options.first().waitFor();
  // The list can be drawn again while the dropdown opens (one landing read [] right after the
  // first option showed): read until two reads in a row agree and are not empty.
  let last: string[] = [];
  await expect
    .poll(
      async () => {
        const now = await options.allTextContents();
        const settled = now.length > 0 && now.join('|') === last.join('|');
        last = now;
        return settled;
      },
      { timeout: 10_000, interval: 100 },
    )
    .toBe(true);
  return last;
}

async function pickOpenOption(page: Page, text: string): Promise<void> {
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text });
  for (let attempt = 1; ; attempt++) {
    try {
      await option.click({ timeout: 5_000 });
      break;
    } catch (error) {
      // On a loaded machine the list was seen closing under the pointer while the dialogs behind it
      // drew again ("element is not stable", then "not visible"): open it again, as a person would.
      if (attempt === 3) throw error;
      await page.locator('.ant-modal .ant-select-focused, .ant-modal .ant-select-open').last().click();
    }
  }
  await dropdownsClosed(page);
}

const TRANSFERRED = '管理员转交的事项';

beforeAll(async () => {
  e2e = await startE2E();
  org = await createOrganisation(e2e);
  admin = new ApiClient(e2e.url);
  await admin.login('admin', ADMIN_PASSWORD);
  await admin.request('POST', '/api/users', {
    username: 'dbk2',
    name: '陈督办',
    password: 'Passw0rd1',
    departmentId: org.departments.office,
    position: 'staff',
    roles: ['supervisor'],
  });
}, 900_000);

afterAll(async () => {
  await e2e?.close();
});

describe.sequential('§10 people change in the browser', { timeout: 180_000 }, () => {
  beforeEach((context) => {
    onTestFailed(() => dumpPages(pages, context.task.name));
  });

  it('a head goes on leave (我的委托): the new item reaches the deputy as 代张部长办理', async () => {
    const page = await as('cw_head');
    await page.getByRole('button', { name: /用户：张部长/ }).click();
    await page.getByRole('button', { name: '我的委托' }).click();
    await page.getByRole('heading', { name: '我的委托' }).waitFor();
    await choose(page, '代理人', /李分管/);
    // Today in Asia/Shanghai, the server's and the browser's time zone.
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const start = page.getByPlaceholder('开始日期');
    await start.click();
    await start.fill(today);
    await start.press('Enter');
    const end = page.getByPlaceholder('结束日期');
    await end.fill(dayjs(today).add(3, 'day').format('YYYY-MM-DD'));
    await end.press('Enter');
    await page.getByRole('button', { name: /登\s*记/ }).click();
    await page.locator('tr.ant-table-row', { hasText: '李分管' }).getByText('生效中').waitFor();
    await screenshot(page, 'absences-desktop');

    const dbk = await apiAs(e2e, 'dbk');
    await registerItem(dbk, org, {
      title: '委托期间交办的事项',
      dueAt: dayjs().add(30, 'day').format('YYYY-MM-DD'),
    });
    const deputy = await as('cw_deputy');
    await deputy.goto('/tasks/pending');
    const row = deputy.locator('tr.ant-table-row', { hasText: '委托期间交办的事项' });
    await row.getByText('代张部长办理').waitFor();
    await row.getByRole('link', { name: '委托期间交办的事项' }).click();
    await deputy.getByText('督办事项基本信息').waitFor();
    await deputy.getByText('代张部长办理').first().waitFor();
    await screenshot(deputy, 'on-behalf-task-desktop');
  });

  it('a 督办科 colleague claims a review from 督办科待审核 and reviews it', async () => {
    const dbk = await apiAs(e2e, 'dbk');
    const itemId = await registerItem(dbk, org, {
      title: '同事领取审核的事项',
      dueAt: dayjs().add(30, 'day').format('YYYY-MM-DD'),
      // 财务部's head is on leave (the test above): 人力资源部's head, since headId must be a head (§12).
      leadDepartmentId: org.departments.hr,
      headId: org.users.hr_head,
    });
    const head = await apiAs(e2e, 'hr_head');
    await completeTask(head, itemId, 'handle', {
      decision: 'self',
      promisedAt: dayjs().add(20, 'day').format('YYYY-MM-DD'),
      outcome: 'apply_close',
      implementation: '已全部完成',
    });
    const page = await as('dbk2');
    await page.goto('/tasks/pending');
    const pool = page.locator('.review-pool');
    const row = pool.locator('tr.ant-table-row', { hasText: '同事领取审核的事项' });
    await row.waitFor();
    await screenshot(page, 'review-pool-desktop');
    await row.getByRole('button', { name: /领\s*取/ }).click();
    await page.getByText('督办事项基本信息').waitFor();
    await page
      .locator('.action-panel')
      .getByRole('button', { name: /提\s*交|确\s*认|审\s*核/ })
      .first()
      .waitFor();
    const dbk2 = await apiAs(e2e, 'dbk2');
    expect((await pendingOf(dbk2, itemId)).map((t) => t.kind)).toEqual(['review']);
    expect(await pendingOf(dbk, itemId)).toEqual([]);
  });

  it('a user leaves: disabling asks for a successor, and the work moves to them (离职交接)', async () => {
    const page = await as('admin', ADMIN_PASSWORD);
    await page.goto('/system');
    await page.getByRole('heading', { name: '系统管理' }).waitFor();
    await page.getByRole('switch', { name: '李分管 启用状态' }).click();
    const dialog = page.getByRole('dialog', { name: /离职交接：李分管/ });
    await dialog.waitFor();
    await dialog.getByText(/将移交：待办 1 项/).waitFor();
    // Inside the dialog: Escape (which choose() presses first) would close it.
    await dialog.getByLabel('接替人', { exact: true }).click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: /赵专员/ })
      .first()
      .click();
    await dialog.locator('.ant-select-content', { hasText: '赵专员' }).waitFor();
    await screenshot(page, 'handover-desktop');
    await dialog.getByRole('button', { name: '交接并停用' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect
      .poll(
        async () =>
          (await admin.request<{ disabled: boolean }>('GET', `/api/users/${org.users.cw_deputy}`)).disabled,
      )
      .toBe(true);
    const staff = await apiAs(e2e, 'cw_staff');
    const { tasks } = await staff.request<{ tasks: { itemTitle: string }[] }>(
      'GET',
      '/api/tasks?state=pending',
    );
    expect(tasks.map((t) => t.itemTitle)).toContain('委托期间交办的事项');
  });
  it('an admin transfers a pending task from the item page (当前待办); the picker offers only valid targets', async () => {
    const dbk = await apiAs(e2e, 'dbk');
    // Sent to the head (§12: headId must be a head), who hands it down to 赵专员 (向下办理).
    const itemId = await registerItem(dbk, org, {
      title: TRANSFERRED,
      dueAt: dayjs().add(30, 'day').format('YYYY-MM-DD'),
    });
    await completeTask(await apiAs(e2e, 'cw_head'), itemId, 'handle', {
      decision: 'delegate',
      delegateToId: org.users.cw_staff,
    });
    const page = await as('dbadmin');
    await page.goto(`/items/${itemId}`);
    const row = page.locator('.pending-tasks tr.ant-table-row', { hasText: '赵专员' });
    await row.getByRole('button', { name: /^转交/ }).click();
    const dialog = page.getByRole('dialog', { name: /转交待办：办理（赵专员）/ });
    await dialog.getByLabel('转交给', { exact: true }).click();
    // 办理 stays in the lead department: not 孙协办 (人力资源部), not 李分管 (停用), not 赵专员 himself.
    expect(await openOptions(page)).toEqual(['张部长（财务部）']);
    await pickOpenOption(page, '张部长');
    await dialog.getByLabel('转交理由', { exact: true }).fill('赵专员出差，改由张部长办理');
    await screenshot(page, 'admin-transfer-item-desktop');
    await dialog.getByRole('button', { name: /转\s*交/ }).click();
    await page.getByText('已转交给张部长').waitFor();
    await page.locator('.pending-tasks tr.ant-table-row', { hasText: '张部长' }).waitFor();
    expect((await pendingSteps(itemId)).map((t) => [t.kind, t.assigneeId])).toEqual([
      ['handle', org.users.cw_head],
    ]);
  });

  it('an admin transfers from 督办列表 (row action 转交)', async () => {
    const page = await as('dbadmin');
    await page.getByRole('navigation', { name: '督办管理菜单' }).getByText('督办列表').click();
    await page.getByRole('heading', { name: '督办列表' }).waitFor();
    await page
      .locator('tr.ant-table-row', { hasText: TRANSFERRED })
      .getByRole('button', { name: /转\s*交/ })
      .click();
    const list = page.getByRole('dialog', { name: /转交待办：DB-/ });
    await list
      .locator('.pending-tasks tr.ant-table-row', { hasText: '张部长' })
      .getByRole('button', { name: /^转交/ })
      .click();
    const dialog = page.getByRole('dialog', { name: /转交待办：办理（张部长）/ });
    await dialog.getByLabel('转交给', { exact: true }).click();
    expect(await openOptions(page)).toEqual(['赵专员（财务部）']);
    await pickOpenOption(page, '赵专员');
    await dialog.getByLabel('转交理由', { exact: true }).fill('赵专员已返岗');
    await dialog.getByRole('button', { name: /转\s*交/ }).click();
    await page.getByText('已转交给赵专员').waitFor();
    // The list of the item's pending tasks follows.
    await list.locator('.pending-tasks tr.ant-table-row', { hasText: '赵专员' }).waitFor();
    const itemId = await itemIdOf(TRANSFERRED);
    expect((await pendingSteps(itemId)).map((t) => t.assigneeId)).toEqual([org.users.cw_staff]);
    await page.keyboard.press('Escape');
    await list.waitFor({ state: 'hidden' });
  });

  it('督办列表: removing a handler who holds a pending task asks for the successor and moves the task', async () => {
    const page = await as('dbadmin');
    const row = page.locator('tr.ant-table-row', { hasText: TRANSFERRED });
    await row.getByRole('button', { name: /修\s*改/ }).click();
    const drawer = page.getByRole('dialog', { name: /修改 DB-/ });
    await drawer.locator('.handler-row', { hasText: '赵专员' }).waitFor();
    await drawer.getByRole('button', { name: '添加办理人' }).click();
    await drawer.getByLabel('办理人员', { exact: true }).last().click();
    await pickOpenOption(page, '张部长');
    // The row whose chosen person is 赵专员 (each row's option list, drawn inside it, names everyone).
    await drawer
      .locator('.handler-row')
      .filter({ has: page.locator('.ant-select-content[title="赵专员（财务部）"]') })
      .getByRole('button', { name: '删除此办理人' })
      .click();
    const successor = drawer.getByLabel('赵专员的接替人', { exact: true });
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await drawer.getByText('请选择赵专员的接替人').waitFor();
    await successor.click();
    expect(await openOptions(page)).toEqual(['张部长（财务部）']);
    await pickOpenOption(page, '张部长');
    await screenshot(page, 'admin-drawer-successor-desktop');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已保存，修改已记入变更记录').waitFor();
    await drawer.waitFor({ state: 'hidden' });
    const itemId = await itemIdOf(TRANSFERRED);
    expect((await pendingSteps(itemId)).map((t) => [t.kind, t.assigneeId])).toEqual([
      ['handle', org.users.cw_head],
    ]);
  });

  it('待转交 lists a disabled user’s pending task; one 转交 moves it', async () => {
    const gone = await admin.request<{ id: string }>('POST', '/api/users', {
      username: 'cw_gone',
      name: '钱离职',
      password: PASSWORD,
      departmentId: org.departments.finance,
      position: 'staff',
      roles: [],
    });
    const dbk = await apiAs(e2e, 'dbk');
    const itemId = await registerItem(dbk, org, {
      title: '停用人员名下的事项',
      dueAt: dayjs().add(30, 'day').format('YYYY-MM-DD'),
    });
    await completeTask(await apiAs(e2e, 'cw_head'), itemId, 'handle', {
      decision: 'delegate',
      delegateToId: gone.id,
    });
    // As a directory sync does: disabled without 离职交接.
    await e2e.server.db.db.execute(sql`update users set disabled = true where id = ${gone.id}`);
    const page = await as('dbadmin');
    await page.getByRole('navigation', { name: '督办管理菜单' }).getByText('待转交').click();
    await page.getByRole('heading', { name: '待转交' }).waitFor();
    const row = page.locator('.stuck-tasks tr.ant-table-row', { hasText: '停用人员名下的事项' });
    await row.getByText('钱离职').waitFor();
    await screenshot(page, 'stuck-tasks-desktop');
    await expectAccessible(page, '待转交');
    await row.getByRole('button', { name: /转\s*交/ }).click();
    const dialog = page.getByRole('dialog', { name: /转交待办：办理/ });
    const reason = dialog.getByLabel('转交理由', { exact: true });
    await reason.waitFor();
    expect(await reason.inputValue()).toBe('原办理人已停用');
    await dialog.getByLabel('转交给', { exact: true }).click();
    expect(await openOptions(page)).toEqual(['张部长（财务部）', '赵专员（财务部）']);
    // Not 赵专员: the toast of an earlier step must not answer for this one.
    await pickOpenOption(page, '张部长');
    await dialog.getByRole('button', { name: /转\s*交/ }).click();
    await row.waitFor({ state: 'detached' });
    expect((await pendingSteps(itemId)).map((t) => t.assigneeId)).toEqual([org.users.cw_head]);
    const dbadmin = await dbadminApi();
    const stuck = await dbadmin.request<{ tasks: { itemId: string }[] }>('GET', '/api/tasks/stuck');
    expect(stuck.tasks.map((x) => x.itemId)).not.toContain(itemId);
  });
  it('the assignee transfers their own task from the task page (转交)', async () => {
    const dbk = await apiAs(e2e, 'dbk');
    // Sent to the head (§12: headId must be a head), who hands it down to 赵专员 (向下办理).
    const itemId = await registerItem(dbk, org, {
      title: '办理人自行转交的事项',
      dueAt: dayjs().add(30, 'day').format('YYYY-MM-DD'),
    });
    await completeTask(await apiAs(e2e, 'cw_head'), itemId, 'handle', {
      decision: 'delegate',
      delegateToId: org.users.cw_staff,
    });
    const page = await as('cw_staff');
    await openTask(page, '办理人自行转交的事项', '办理');
    await page.getByRole('button', { name: /转\s*交/ }).click();
    const dialog = page.getByRole('dialog', { name: /转交待办：办理（赵专员）/ });
    await dialog.getByLabel('转交给', { exact: true }).click();
    // 李分管 and 钱离职 are disabled by now: only 张部长 may take a 办理 of 财务部.
    expect(await openOptions(page)).toEqual(['张部长（财务部）']);
    await pickOpenOption(page, '张部长');
    await dialog.getByLabel('转交理由', { exact: true }).fill('请张部长亲自办理');
    await dialog.getByRole('button', { name: /转\s*交/ }).click();
    await page.waitForURL(/\/tasks\/pending$/);
    expect((await pendingSteps(itemId)).map((t) => [t.kind, t.assigneeId])).toEqual([
      ['handle', org.users.cw_head],
    ]);
  });
});
