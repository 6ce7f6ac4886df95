import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  cspViolations,
  type E2E,
  expectAccessible,
  newContext,
  screenshot,
  signIn,
  startE2E,
  userMenu,
} from './support';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
}, 900_000);
afterAll(async () => {
  await e2e?.close();
});

describe('login', { timeout: 90_000 }, () => {
  it('shows the 登录 page in Chinese, accessible, at desktop and phone widths', async () => {
    for (const viewport of ['desktop', 'phone'] as const) {
      const context = await newContext(e2e, viewport);
      const page = await context.newPage();
      await page.goto('/');
      await page.getByRole('heading', { name: '督办系统' }).waitFor();
      expect(page.url()).toMatch(/\/login$/);
      // The cursor waits in 用户名 (focused once the page is drawn, LoginPage's useFocusAfterPaint).
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute('autocomplete')))
        .toBe('username');
      await screenshot(page, `login-${viewport}`);
      if (viewport === 'desktop') await expectAccessible(page, '登录');
      await context.close();
    }
  });

  it('the tab shows the site’s icon, not the 登录 page asked for as an icon', async () => {
    const context = await newContext(e2e);
    const page = await context.newPage();
    const icons: string[] = [];
    page.on('request', (request) => {
      if (/\/favicon\./.test(request.url())) icons.push(new URL(request.url()).pathname);
    });
    await page.goto('/login');
    await page.getByRole('heading', { name: '督办系统' }).waitFor();
    const href = await page.locator('link[rel="icon"]').getAttribute('href');
    expect(href).toBe('/favicon.svg');
    const icon = await page.request.get(href ?? '');
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toContain('image/svg+xml');
    expect(await icon.text()).toContain('<svg');
    expect(icons.filter((path) => path !== '/favicon.svg')).toEqual([]);
    await context.close();
  });

  it('a wrong password is refused with a Chinese message', async () => {
    const context = await newContext(e2e);
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('用户名或密码错误').waitFor();
    await context.close();
  });

  it('the bootstrap administrator signs in and sees 系统管理', async () => {
    const page = await signIn(e2e, 'admin', ADMIN_PASSWORD);
    await page
      .getByRole('link', { name: /系统管理/ })
      .first()
      .waitFor();
    await page.context().close();
  });

  it('修改密码 from the user menu: a wrong current password is shown on its field, then the change works', async () => {
    const page = await signIn(e2e, 'admin', ADMIN_PASSWORD);
    await userMenu(page, /修改密码/);
    const dialog = page.getByRole('dialog', { name: '修改密码' });
    await dialog.getByLabel('当前密码').fill('NotMine123');
    await dialog.getByLabel('新密码', { exact: true }).fill('Changed123');
    await dialog.getByLabel('确认新密码').fill('Changed123');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await dialog.getByText('当前密码不正确').waitFor();
    await dialog.getByLabel('当前密码').fill(ADMIN_PASSWORD);
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await page.getByText('密码已修改').waitFor();
    await page.context().close();
    const again = await signIn(e2e, 'admin', 'Changed123');
    await again.context().close();
  });

  it('no page reported a Content-Security-Policy violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
