/**
 * Spec §10 in the browser, as two scenarios.
 *
 * 办公生活走查 (the walkthrough issue 9 asks for): a head goes on leave (我的委托); a task sent to
 * him reaches the deputy as 代 <name> 办理; a 督办科 colleague claims (领取) a review from
 * 督办科待审核; a user leaves and the system administrator hands their work over (离职交接) while
 * disabling them.
 *
 * Then the rest of §10: the 督办管理员's 转交 from the item page (当前待办) and from 督办列表, the
 * successor a removed handler's pending task needs in 督办列表's drawer, 待转交 (a disabled user's
 * pending task, moved with one 转交), the assignee's own 转交, 已读/未读 on the sender's timeline,
 * and 收回 by the delegator from their 已办 (the delegate is told; 全部已读 clears the bell).
 * Each person picker must offer exactly the people the server accepts.
 *
 * The project retries a failed browser step once: a step that creates an item or a user names it
 * afresh on a retry (`fresh`), so that it never meets what its first attempt left behind.
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
  dumpPages,
  type E2E,
  expectAccessible,
  listRows,
  type Org,
  openTask,
  PASSWORD,
  pickOption,
  registerItem,
  screenshot,
  signIn,
  startE2E,
  userMenu,
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
  // A step that failed half-way may have left its dialog open over the page: close it, so that
  // the next step fails (or passes) on its own account.
  const open = page.locator('.ant-modal-wrap:visible, .ant-drawer-open');
  for (let i = 0; i < 3 && (await open.count()) > 0; i++) await page.keyboard.press('Escape');
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

const attempts = new Map<string, number>();
/**
 * `title` on a step's first attempt, `title（第2次）` on its retry: the first attempt's item (or a
 * row of it) must not answer for the second's.
 */
function fresh(title: string): string {
  const n = (attempts.get(title) ?? 0) + 1;
  attempts.set(title, n);
  return n === 1 ? title : `${title}（第${n}次）`;
}

/** The item of the step that sent one to the deputy (办公生活走查), and of the admin's 转交 steps. */
let onLeaveTitle = '';
let transferred = '';

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

describe.sequential('办公生活走查：请假、代办、领取审核、离职交接', { timeout: 180_000 }, () => {
  beforeEach((context) => {
    onTestFailed(() => dumpPages(pages, context.task.name));
  });

  it('a head goes on leave (我的委托): 李分管 is 张部长’s deputy from today', async () => {
    const page = await as('cw_head');
    await page.getByRole('button', { name: '用户：张部长' }).waitFor();
    await userMenu(page, '我的委托');
    await page.getByRole('heading', { name: '我的委托' }).waitFor();
    const recorded = await admin.request<unknown[]>(
      'GET',
      `/api/absences?userId=${org.users.cw_head}&active=true`,
    );
    // A retry after the first attempt recorded it: a second one would overlap (409).
    if (recorded.length === 0) {
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
    }
    await page.locator('tr.ant-table-row', { hasText: '李分管' }).getByText('生效中').waitFor();
    await screenshot(page, 'absences-desktop');
  });

  it('a task sent to him meanwhile reaches the deputy, as 代张部长办理', async () => {
    onLeaveTitle = fresh('委托期间交办的事项');
    const dbk = await apiAs(e2e, 'dbk');
    await registerItem(dbk, org, {
      title: onLeaveTitle,
      dueAt: dayjs().add(30, 'day').format('YYYY-MM-DD'),
    });
    const deputy = await as('cw_deputy');
    await deputy.goto('/tasks/pending');
    const row = listRows(deputy, '待办事项', onLeaveTitle);
    await row.getByText('代张部长办理').waitFor();
    await row.getByRole('link', { name: onLeaveTitle }).click();
    await deputy.getByText('督办事项基本信息').waitFor();
    await deputy.getByText('代张部长办理').first().waitFor();
    // …and on the timeline (本流程办理记录): the deputy, for the head.
    await deputy.locator('.timeline-step', { hasText: '李分管' }).getByText('（代张部长办理）').waitFor();
    await screenshot(deputy, 'on-behalf-task-desktop');
  });

  it('a 督办科 colleague claims a review from 督办科待审核 and reviews it', async () => {
    const title = fresh('同事领取审核的事项');
    const dbk = await apiAs(e2e, 'dbk');
    const itemId = await registerItem(dbk, org, {
      title,
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
    const row = pool.getByRole('row').filter({ hasText: title });
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
    const switched = page.getByRole('switch', { name: '李分管 启用状态' });
    await switched.waitFor();
    // A retry after the first attempt disabled him: clicking again would enable him.
    if ((await switched.getAttribute('aria-checked')) === 'true') {
      await switched.click();
      const dialog = page.getByRole('dialog', { name: /离职交接：李分管/ });
      await dialog.waitFor();
      // The task of the step before (two, had that step been retried).
      await dialog.getByText(/将移交：待办 [12] 项/).waitFor();
      // What moves, per item: the task he holds for 张部长.
      await dialog.locator('tr.ant-table-row', { hasText: onLeaveTitle }).waitFor();
      // Inside the dialog: Escape (which choose() presses first) would close it.
      await dialog.getByLabel('接替人', { exact: true }).click();
      await dialog.getByLabel('接替人', { exact: true }).fill('赵专员');
      await page
        .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: /赵专员/ })
        .first()
        .click();
      await dialog.locator('.ant-select-content', { hasText: '赵专员' }).waitFor();
      await screenshot(page, 'handover-desktop');
      await dialog.getByRole('button', { name: '交接并停用' }).click();
      await dialog.waitFor({ state: 'hidden' });
    }
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
    expect(tasks.map((t) => t.itemTitle)).toContain(onLeaveTitle);
  });
});

describe.sequential('§10 转交、收回、已读与待转交', { timeout: 180_000 }, () => {
  beforeEach((context) => {
    onTestFailed(() => dumpPages(pages, context.task.name));
  });

  it('an admin transfers a pending task from the item page (当前待办); the picker offers only valid targets', async () => {
    const dbk = await apiAs(e2e, 'dbk');
    // Sent to the head (§12: headId must be a head), who hands it down to 赵专员 (向下办理).
    transferred = fresh('管理员转交的事项');
    const itemId = await registerItem(dbk, org, {
      title: transferred,
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
    const to = dialog.getByLabel('转交给', { exact: true });
    await to.click();
    // 办理 stays in the lead department: not 孙协办 (人力资源部), not 李分管 (停用), not 赵专员 himself.
    expect(await openOptions(page)).toEqual(['张部长（财务部）']);
    await pickOption(page, to, '张部长');
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
    await listRows(page, '督办事项列表', transferred)
      .getByRole('button', { name: /转\s*交/ })
      .click();
    const list = page.getByRole('dialog', { name: /转交待办：DB-/ });
    await list
      .locator('.pending-tasks tr.ant-table-row', { hasText: '张部长' })
      .getByRole('button', { name: /^转交/ })
      .click();
    const dialog = page.getByRole('dialog', { name: /转交待办：办理（张部长）/ });
    const to = dialog.getByLabel('转交给', { exact: true });
    await to.click();
    expect(await openOptions(page)).toEqual(['赵专员（财务部）']);
    await pickOption(page, to, '赵专员');
    await dialog.getByLabel('转交理由', { exact: true }).fill('赵专员已返岗');
    await dialog.getByRole('button', { name: /转\s*交/ }).click();
    await page.getByText('已转交给赵专员').waitFor();
    // The list of the item's pending tasks follows.
    await list.locator('.pending-tasks tr.ant-table-row', { hasText: '赵专员' }).waitFor();
    const itemId = await itemIdOf(transferred);
    expect((await pendingSteps(itemId)).map((t) => t.assigneeId)).toEqual([org.users.cw_staff]);
    await page.keyboard.press('Escape');
    await list.waitFor({ state: 'hidden' });
  });

  it('督办列表: removing a handler who holds a pending task asks for the successor and moves the task', async () => {
    const page = await as('dbadmin');
    const row = listRows(page, '督办事项列表', transferred);
    await row.getByRole('button', { name: /修\s*改/ }).click();
    const drawer = page.getByRole('dialog', { name: /修改 DB-/ });
    await drawer.locator('.handler-row', { hasText: '赵专员' }).waitFor();
    await drawer.getByRole('button', { name: '添加办理人' }).click();
    const added = drawer.getByLabel('办理人员', { exact: true }).last();
    await added.click();
    await pickOption(page, added, '张部长');
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
    await pickOption(page, successor, '张部长');
    await screenshot(page, 'admin-drawer-successor-desktop');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已保存，修改已记入变更记录').waitFor();
    await drawer.waitFor({ state: 'hidden' });
    const itemId = await itemIdOf(transferred);
    expect((await pendingSteps(itemId)).map((t) => [t.kind, t.assigneeId])).toEqual([
      ['handle', org.users.cw_head],
    ]);
  });

  it('待转交 lists a disabled user’s pending task; one 转交 moves it', async () => {
    const title = fresh('停用人员名下的事项');
    const gone = await admin.request<{ id: string }>('POST', '/api/users', {
      // A retry's user is another (the first attempt's stays disabled, never offered).
      username: `cw_gone${attempts.get('停用人员名下的事项')}`,
      name: '钱离职',
      password: PASSWORD,
      departmentId: org.departments.finance,
      position: 'staff',
      roles: [],
    });
    const dbk = await apiAs(e2e, 'dbk');
    const itemId = await registerItem(dbk, org, {
      title,
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
    const row = page.locator('.stuck-tasks tr.ant-table-row', { hasText: title });
    await row.getByText('钱离职').waitFor();
    await screenshot(page, 'stuck-tasks-desktop');
    await expectAccessible(page, '待转交');
    await row.getByRole('button', { name: /转\s*交/ }).click();
    const dialog = page.getByRole('dialog', { name: /转交待办：办理/ });
    const reason = dialog.getByLabel('转交理由', { exact: true });
    await reason.waitFor();
    expect(await reason.inputValue()).toBe('原办理人已停用');
    const to = dialog.getByLabel('转交给', { exact: true });
    await to.click();
    expect(await openOptions(page)).toEqual(['张部长（财务部）', '赵专员（财务部）']);
    // Not 赵专员: the toast of an earlier step must not answer for this one.
    await pickOption(page, to, '张部长');
    await dialog.getByRole('button', { name: /转\s*交/ }).click();
    await row.waitFor({ state: 'detached' });
    expect((await pendingSteps(itemId)).map((t) => t.assigneeId)).toEqual([org.users.cw_head]);
    const dbadmin = await dbadminApi();
    const stuck = await dbadmin.request<{ tasks: { itemId: string }[] }>('GET', '/api/tasks/stuck');
    expect(stuck.tasks.map((x) => x.itemId)).not.toContain(itemId);
  });
  it('the assignee transfers their own task from the task page (转交)', async () => {
    const title = fresh('办理人自行转交的事项');
    const dbk = await apiAs(e2e, 'dbk');
    // Sent to the head (§12: headId must be a head), who hands it down to 赵专员 (向下办理).
    const itemId = await registerItem(dbk, org, {
      title,
      dueAt: dayjs().add(30, 'day').format('YYYY-MM-DD'),
    });
    await completeTask(await apiAs(e2e, 'cw_head'), itemId, 'handle', {
      decision: 'delegate',
      delegateToId: org.users.cw_staff,
    });
    const page = await as('cw_staff');
    await openTask(page, title, '办理');
    await page.getByRole('button', { name: /转\s*交/ }).click();
    const dialog = page.getByRole('dialog', { name: /转交待办：办理（赵专员）/ });
    const to = dialog.getByLabel('转交给', { exact: true });
    await to.click();
    // 李分管 and 钱离职 are disabled by now: only 张部长 may take a 办理 of 财务部.
    expect(await openOptions(page)).toEqual(['张部长（财务部）']);
    await pickOption(page, to, '张部长');
    await dialog.getByLabel('转交理由', { exact: true }).fill('请张部长亲自办理');
    await dialog.getByRole('button', { name: /转\s*交/ }).click();
    await page.waitForURL(/\/tasks\/pending$/);
    expect((await pendingSteps(itemId)).map((t) => [t.kind, t.assigneeId])).toEqual([
      ['handle', org.users.cw_head],
    ]);
  });

  it('已读/未读: the sender’s timeline shows 未读 until the receiver opens the task, then 已读', async () => {
    const title = fresh('已读回执的事项');
    const dbk = await apiAs(e2e, 'dbk');
    // 人力资源部: 财务部's people are taken by the steps above (on leave, disabled).
    const itemId = await registerItem(dbk, org, {
      title,
      dueAt: dayjs().add(30, 'day').format('YYYY-MM-DD'),
      leadDepartmentId: org.departments.hr,
      headId: org.users.hr_head,
    });
    const sender = await as('dbk');
    await sender.goto(`/items/${itemId}`);
    const step = sender.locator('.timeline-step', { hasText: '周部长' });
    await step.getByText('未读', { exact: true }).waitFor();
    expect(await step.getByText('已读', { exact: true }).count()).toBe(0);

    const receiver = await as('hr_head');
    await openTask(receiver, title, '办理');

    // The sender sees it on the page's next load (a reload, as a person would do).
    await sender.reload();
    await step.getByText('已读', { exact: true }).waitFor();
    expect(await step.getByText('未读', { exact: true }).count()).toBe(0);
    await screenshot(sender, 'read-receipt-desktop');
  });

  it('收回: the delegator takes a task back from 已办; the delegate’s 待办 loses it and their bell says so', async () => {
    const title = fresh('部长收回的事项');
    const dbk = await apiAs(e2e, 'dbk');
    const itemId = await registerItem(dbk, org, {
      title,
      dueAt: dayjs().add(30, 'day').format('YYYY-MM-DD'),
      leadDepartmentId: org.departments.hr,
      headId: org.users.hr_head,
    });
    await completeTask(await apiAs(e2e, 'hr_head'), itemId, 'handle', {
      decision: 'delegate',
      delegateToId: org.users.hr_staff,
    });
    const staff = await apiAs(e2e, 'hr_staff');
    expect((await pendingOf(staff, itemId)).map((t) => t.kind)).toEqual(['handle']);

    // Where the delegator looks: 已办事项, the task he sent down, its 本流程办理记录.
    const page = await as('hr_head');
    await page.goto('/tasks/done');
    await page.getByRole('heading', { name: '已办事项' }).waitFor();
    await listRows(page, '已办事项', title).getByRole('link', { name: title }).click();
    await page.getByText('本流程办理记录').waitFor();
    const delegated = page.locator('.timeline-step', { hasText: '孙协办' });
    await delegated.getByRole('button', { name: '收回 孙协办的办理' }).click();
    const confirm = page.locator('.ant-modal-confirm', { hasText: '收回孙协办的办理待办？' });
    await confirm.getByText(/孙协办尚未办理。收回后其待办将取消/).waitFor();
    await screenshot(page, 'withdraw-confirm-desktop');
    await confirm.getByRole('button', { name: /^收\s*回$/ }).click();
    await page.getByText('已收回，办理待办已回到您的待办事项').waitFor();
    // The page reloads: 孙协办's step is cancelled, the head holds the 办理 again, no 收回 left.
    await delegated.getByText('已取消', { exact: true }).first().waitFor();
    await page
      .locator('.timeline-step', { hasText: '周部长' })
      .getByText('待处理', { exact: true })
      .waitFor();
    expect(await page.getByRole('button', { name: /^收回 / }).count()).toBe(0);

    await page.goto('/tasks/pending');
    await listRows(page, '待办事项', title).filter({ hasText: '办理' }).waitFor();
    expect(await pendingOf(staff, itemId)).toEqual([]);
    expect((await pendingSteps(itemId)).map((t) => [t.kind, t.assigneeId])).toEqual([
      ['handle', org.users.hr_head],
    ]);

    // 孙协办 is told (已取消 … 周部长已收回); 全部已读 empties the bell.
    const delegate = await as('hr_staff');
    await delegate.goto('/tasks/pending');
    await delegate.getByRole('heading', { name: '待办事项' }).waitFor();
    // Once the list has come (the table is busy until then): without the item.
    await delegate.locator('table[aria-label="待办事项"][aria-busy="false"]').waitFor();
    expect(await listRows(delegate, '待办事项', title).count()).toBe(0);
    await delegate.getByRole('button', { name: /消息提醒/ }).click();
    const bell = delegate.locator('.notification-panel');
    await bell.getByText(new RegExp(`${title}.*周部长已收回`)).waitFor();
    await bell.getByRole('button', { name: /全部已读/ }).click();
    await bell.getByText('暂无未读消息').waitFor();
    await expect
      .poll(
        async () => (await staff.request<{ count: number }>('GET', '/api/notifications/unread-count')).count,
      )
      .toBe(0);
  });

  it('张部长 is back: he ends his absence early on 我的委托 (the record stays)', async () => {
    const page = await as('cw_head');
    await page.goto('/absences');
    await page.getByRole('heading', { name: '我的委托' }).waitFor();
    const row = page.locator('tr.ant-table-row', { hasText: '李分管' });
    await row.waitFor();
    // A retry after the first attempt ended it: nothing left to end.
    if ((await row.getByRole('button', { name: '提前结束' }).count()) > 0) {
      await row.getByRole('button', { name: '提前结束' }).click();
      await page
        .locator('.ant-popover', { hasText: '提前结束这次委托？' })
        .getByRole('button', { name: /确\s*定/ })
        .click();
    }
    await row.getByText('已提前结束').waitFor();
    const active = await admin.request<unknown[]>(
      'GET',
      `/api/absences?userId=${org.users.cw_head}&active=true`,
    );
    expect(active).toEqual([]);
  });
});
