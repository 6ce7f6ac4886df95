/**
 * Spec §10 in the browser: a head goes on leave (我的委托) and the new item reaches the deputy as
 * 代 <name> 办理; a 督办科 colleague claims (领取) a review from 督办科待审核; a user leaves and the
 * system administrator hands their work over (离职交接) while disabling them.
 */
import dayjs from 'dayjs';
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
  type Org,
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
});
