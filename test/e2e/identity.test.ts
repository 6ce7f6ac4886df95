/**
 * In the browser: 导入组织架构 (预检 with the errors table, 导入, the one-time passwords), the first
 * sign-in's forced password change, and 统一身份认证登录 through a real OpenID Provider's login and
 * consent pages to 督办空间.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_DN, PEOPLE, SERVICE_DN, SERVICE_PASSWORD, type Slapd, startSlapd } from '../ldap/slapd';
import { CLIENT_ID, CLIENT_SECRET, startProvider, type TestProvider } from '../oidc/provider';
import {
  ADMIN_PASSWORD,
  ApiClient,
  type E2E,
  newContext,
  SCREENSHOTS,
  screenshot,
  signIn,
  startE2E,
} from './support';

let e2e: E2E;
let provider: TestProvider;
let slapd: Slapd;

beforeAll(async () => {
  provider = await startProvider();
  // A directory whose entry `nodept` sits outside every OU: it has no department and is skipped.
  slapd = await startSlapd([...PEOPLE, { uid: 'nodept', cn: '无部门', ous: [], password: 'No-dept-1' }]);
  e2e = await startE2E({
    ldap: {
      url: slapd.url,
      startTls: false,
      caFile: undefined,
      bindDn: SERVICE_DN,
      bindPassword: SERVICE_PASSWORD,
      baseDn: BASE_DN,
      userFilter: '(objectClass=inetOrgPerson)',
      syncMinutes: 24 * 60,
      attributes: {
        username: 'uid',
        name: 'cn',
        email: 'mail',
        phone: 'mobile',
        department: undefined,
        position: 'title',
      },
    },
    oidc: {
      issuer: provider.issuer,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      name: '统一身份认证',
      usernameClaim: 'preferred_username',
      redirectUri: undefined,
    },
  });
  // The callback is derived from the address the browser uses.
  provider.setRedirectUri(`${e2e.url}/api/auth/oidc/callback`);
}, 900_000);
afterAll(async () => {
  await e2e?.close();
  await provider?.close();
  await slapd?.close();
});

/** Only this machine: the provider's development pages link a web font that must not be fetched. */
async function loopbackOnly(page: Page) {
  await page.context().route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    return host === '127.0.0.1' || host === 'localhost' ? route.continue() : route.abort();
  });
}

async function workbook(rows: (string | number)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const departments = book.addWorksheet('部门');
  departments.addRow(['部门', '排序']);
  departments.addRow(['市政府办公室', 1]);
  departments.addRow(['市政府办公室/督查室', 2]);
  const people = book.addWorksheet('人员');
  people.addRow(['用户名', '姓名', '部门', '职务', '角色', '邮箱', '手机']);
  for (const row of rows) people.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('导入组织架构 and the first sign-in', { timeout: 180_000 }, () => {
  it('预检 lists the errors; a corrected file is imported; the new user changes the one-time password', async () => {
    // Unique per attempt: a retried test finds the first attempt's user.
    const username = `liuyi${Date.now() % 100_000}`;
    const page = await signIn(e2e, 'admin', ADMIN_PASSWORD);
    await page.goto('/system');
    await page.getByRole('link', { name: /导入组织架构/ }).click();
    await page.getByRole('heading', { name: '导入组织架构' }).waitFor();

    const bad = await workbook([
      [username, '刘一', '市政府办公室/督查室', '处长', '', '', ''],
      [username, '刘二', '不存在', '具体负责人', '', '', ''],
    ]);
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'org.xlsx', mimeType: 'application/octet-stream', buffer: bad });
    await page.getByRole('button', { name: /预\s*检/ }).click();
    await page.getByText(/预检发现 3 处错误/).waitFor();
    await page.getByRole('cell', { name: /未知职务“处长”/ }).waitFor();
    await page.getByRole('cell', { name: new RegExp(`用户名“${username}”与第 2 行重复`) }).waitFor();
    expect(await page.getByRole('button', { name: /^导\s*入$/ }).isDisabled()).toBe(true);
    await screenshot(page, 'org-import-errors');

    const good = await workbook([
      [username, '刘一', '市政府办公室/督查室', '部处负责人', '督办员', '', '13900000000'],
    ]);
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'org.xlsx', mimeType: 'application/octet-stream', buffer: good });
    await page.getByRole('button', { name: /预\s*检/ }).click();
    await page.getByText('预检通过，可以导入').waitFor();
    await page.getByRole('button', { name: /^导\s*入$/ }).click();
    await page.getByText('导入完成').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /下载初始密码/ }).click(),
    ]);
    const file = path.join(SCREENSHOTS, 'initial-passwords.xlsx');
    await download.saveAs(file);
    await page.getByRole('button', { name: /已下载/ }).waitFor();
    await screenshot(page, 'org-import-done');
    await page.context().close();

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    const row = book.worksheets[0]?.getRow(2).values as string[];
    expect(row.slice(1, 4)).toEqual([username, '刘一', '市政府办公室/督查室']);
    const oneTime = row[4] as string;

    // First sign-in: nothing but the change.
    const context = await newContext(e2e);
    const first = await context.newPage();
    await first.goto('/login');
    await first.getByLabel('用户名').fill(username);
    await first.getByLabel('密码').fill(oneTime);
    await first.getByRole('button', { name: /^登\s*录$/ }).click();
    const dialog = first.getByRole('dialog', { name: '首次登录，请修改初始密码' });
    await dialog.waitFor();
    await screenshot(first, 'first-sign-in');
    // Not now: the dialog's own 退出登录 leads back to the login page (the one-time password stays).
    await dialog.getByRole('button', { name: '退出登录' }).click();
    await first.getByRole('button', { name: /^登\s*录$/ }).waitFor();
    await first.getByLabel('用户名').fill(username);
    await first.getByLabel('密码').fill(oneTime);
    await first.getByRole('button', { name: /^登\s*录$/ }).click();
    await dialog.waitFor();
    await dialog.getByLabel('初始密码').fill(oneTime);
    await dialog.getByLabel('新密码', { exact: true }).fill('MyOwnPass1');
    await dialog.getByLabel('确认新密码').fill('MyOwnPass1');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await first.getByRole('heading', { name: '督办空间' }).waitFor();
    await context.close();
  });
});

describe('同步单位目录', { timeout: 120_000 }, () => {
  it('the sysadmin syncs the directory from 系统管理 and sees what changed and what was skipped', async () => {
    const page = await signIn(e2e, 'admin', ADMIN_PASSWORD);
    await page.goto('/system');
    await page.getByRole('button', { name: '同步单位目录' }).click();
    const dialog = page.getByRole('dialog', { name: '单位目录同步结果' });
    await dialog.waitFor();
    // (A retried attempt finds everything already there: 新建 0, 不变 3.)
    await dialog
      .getByText(/^新建 \d+，更新 \d+，不变 \d+$/)
      .first()
      .waitFor();
    await dialog.getByText('1 个目录条目未同步（其余已同步），请在目录中补全后再次同步').waitFor();
    await dialog.getByRole('cell', { name: new RegExp(`^uid=nodept,${BASE_DN}$`) }).waitFor();
    await screenshot(page, 'directory-sync');
    await dialog.getByRole('button', { name: '关闭' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // The directory's people are now users, signed in by the directory's password.
    await page.reload();
    await page.getByRole('cell', { name: '张三', exact: true }).first().waitFor();
    await page.context().close();
    await signIn(e2e, 'lisi', 'Li-pass-1').then((p) => p.context().close());
  });
});

describe('统一身份认证登录', { timeout: 180_000 }, () => {
  it('through the provider’s login and consent to 督办空间; an unknown user is told why', async () => {
    const admin = new ApiClient(e2e.url);
    await admin.login('admin', ADMIN_PASSWORD);
    // Unique per attempt: a retried test finds the first attempt's department and user.
    const suffix = Date.now() % 100_000;
    const username = `sso_${suffix}`;
    const department = await admin.request<{ id: string }>('POST', '/api/departments', {
      name: `信息中心${suffix}`,
    });
    await admin.request('POST', '/api/users', {
      username,
      name: '单点用户',
      password: 'Passw0rd1',
      departmentId: department.id,
      position: 'staff',
    });

    const context = await newContext(e2e);
    const page = await context.newPage();
    await loopbackOnly(page);
    await page.goto('/login');
    await page.getByRole('link', { name: '统一身份认证登录' }).click();
    await page.locator('input[name=login]').fill(username);
    await page.locator('input[name=password]').fill('anything');
    await page.locator('button[type=submit]').click();
    // The provider's consent page.
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: '督办空间' }).waitFor();
    expect(await page.getByText('单点用户').first().isVisible()).toBe(true);
    await screenshot(page, 'oidc-signed-in');
    await context.close();

    const stranger = await newContext(e2e);
    const other = await stranger.newPage();
    await loopbackOnly(other);
    await other.goto('/login');
    await other.getByRole('link', { name: '统一身份认证登录' }).click();
    await other.locator('input[name=login]').fill('nobody');
    await other.locator('input[name=password]').fill('anything');
    await other.locator('button[type=submit]').click();
    await other.getByRole('button', { name: 'Continue' }).click();
    await other.getByText('督办系统中没有对应的用户').waitFor();
    expect(new URL(other.url()).pathname).toBe('/login');
    await stranger.close();
  });
});
