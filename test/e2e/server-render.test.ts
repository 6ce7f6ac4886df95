/**
 * The signed-in first screens rendered by the server (issue 12, point 1;
 * src/server/plugins/first-screen.ts, src/web/ssr/render.tsx): the page's HTML already shows the
 * user's data before any script runs, the app takes over from the same answers without asking for
 * them again, and nothing the HTML carries can break out of it.
 */
import dayjs from 'dayjs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  createOrganisation,
  cspViolations,
  type E2E,
  newContext,
  type Org,
  PASSWORD,
  registerItem,
  startE2E,
} from './support';

/** A title that would end the HTML's data block and run a script, were it not escaped. */
const HOSTILE = '核查</script><script>window.hacked=1</script>专项';
const TITLE = '核查专项资金使用情况';

let e2e: E2E;
let org: Org;
let itemId: string;
let hostileId: string;

beforeAll(async () => {
  e2e = await startE2E({ serverRender: true });
  org = await createOrganisation(e2e);
  const supervisor = await apiAs(e2e, 'dbk');
  const dueAt = dayjs().add(30, 'day').format('YYYY-MM-DD');
  itemId = await registerItem(supervisor, org, { title: TITLE, dueAt });
  hostileId = await registerItem(supervisor, org, { title: HOSTILE, dueAt });
});
afterAll(() => e2e?.close());

async function signedIn(username: string, javaScriptEnabled = true): Promise<BrowserContext> {
  const context = javaScriptEnabled
    ? await newContext(e2e)
    : await e2e.browser.newContext({ baseURL: e2e.url, javaScriptEnabled: false });
  const answer = await context.request.post('/api/auth/login', { data: { username, password: PASSWORD } });
  expect(answer.status()).toBe(200);
  return context;
}

/**
 * Opens `url` and waits until the app has hydrated the page: its frame asks for the bell's count
 * once it has committed (HeaderTools), which the server's render leaves out.
 */
async function hydrated(page: Page, url: string): Promise<void> {
  const bell = page.waitForRequest((request) => new URL(request.url()).pathname === '/api/notifications');
  await page.goto(url);
  await bell;
}

/** The warnings and errors `page` writes to its console from now on (a failed hydration warns). */
function consoleWarnings(page: Page): string[] {
  const messages: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning' || message.type() === 'error') messages.push(message.text());
  });
  page.on('pageerror', (error) => messages.push(error.message));
  return messages;
}

/** Holds back the page's requests for `glob` until the returned function is called. */
async function holdBack(page: Page, glob: string): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(glob, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/** The API requests `page` makes from now on. */
function apiRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => {
    const { pathname, search } = new URL(request.url());
    if (pathname.startsWith('/api/')) urls.push(pathname + search);
  });
  return urls;
}

describe('without JavaScript, the HTML alone', () => {
  it.each([
    ['待办', '/tasks/pending', 'cw_head', TITLE],
    ['督办空间', '/', 'cw_head', TITLE],
    ['督办查询', '/items', 'cw_head', TITLE],
    ['事项详情', () => `/items/${itemId}`, 'cw_head', TITLE],
  ] as const)('shows %s with the user’s data and the frame', async (_name, url, username, text) => {
    const context = await signedIn(username, false);
    const page = await context.newPage();
    await page.goto(typeof url === 'function' ? url() : url);
    const root = page.locator('#root');
    await expect(root.getByText(text).first().isVisible()).resolves.toBe(true);
    await expect(root.getByRole('navigation', { name: '督办管理菜单' }).isVisible()).resolves.toBe(true);
    await context.close();
  });

  it('shows 登录 to a visitor as the app does, with only the CSS rules its form uses', async () => {
    // What the form looks like: boxes, colours, borders and fonts (not what the focus changes).
    const measure = (page: Page) =>
      page.evaluate(() =>
        [
          '.login-card',
          '.login-title h1',
          '.ant-form-item-label label',
          '.ant-input-affix-wrapper',
          '#login_password',
          'button[type="submit"]',
        ].map((selector) => {
          const element = document.querySelector(selector);
          if (!element) return `${selector}: missing`;
          const style = getComputedStyle(element);
          const box = element.getBoundingClientRect();
          const geometry = [box.x, box.y, box.width, box.height].map(Math.round).join(',');
          return `${selector}: ${geometry} ${style.color} ${style.backgroundColor} ${style.borderTopWidth} ${style.borderTopStyle} ${style.borderTopLeftRadius} ${style.fontSize} ${style.fontWeight}`;
        }),
      );
    const bare = await e2e.browser.newContext({
      baseURL: e2e.url,
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 900 },
    });
    const page = await bare.newPage();
    const html = (await (await page.goto('/login'))?.text()) ?? '';
    // Not antd's stylesheets whole: the Tooltip's rules share the Button's sheet, and are left out.
    expect(html).toMatch(/\.ant-btn[{:.]/);
    expect(html).not.toContain('.ant-tooltip');
    const alone = await measure(page);
    await bare.close();
    const context = await newContext(e2e);
    const app = await context.newPage();
    await app.goto('/login');
    await app.getByLabel('用户名').fill('');
    await app.waitForLoadState('networkidle');
    expect(alone.filter((line) => line.endsWith('missing'))).toEqual([]);
    expect(alone).toEqual(await measure(app));
    await context.close();
  });

  it('writes no script of its own: a title with </script> stays text', async () => {
    const context = await signedIn('cw_head', false);
    const page = await context.newPage();
    const answer = await page.goto(`/items/${hostileId}`);
    const html = (await answer?.text()) ?? '';
    // The only scripts: the data block and the module that loads the app.
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
    expect(scripts).toHaveLength(2);
    expect(scripts[0]).toContain('type="application/json"');
    expect(scripts[1]).toMatch(/^<script type="module" src="\/assets\/boot-[\w-]+\.js">$/);
    await expect(page.locator('#root').getByText(HOSTILE).first().isVisible()).resolves.toBe(true);
    await context.close();
  });
});

describe('with JavaScript, the app', () => {
  it('hydrates the rendered page from its answers: no request for the session or the page’s data', async () => {
    const context = await signedIn('cw_head');
    const page = await context.newPage();
    const api = apiRequests(page);
    const warnings = consoleWarnings(page);
    const violations = cspViolations.length;
    await hydrated(page, `/items/${hostileId}`);
    await page.getByRole('heading', { name: HOSTILE }).waitFor();
    await hydrated(page, '/tasks/pending');
    await page.getByRole('link', { name: TITLE }).waitFor();
    await page.waitForLoadState('networkidle');
    // The two renders agreed (the same components, breakpoints and time zone): React kept the HTML.
    expect(warnings).toEqual([]);
    // Only the bell's count, which the frame asks for after its first paint (HeaderTools).
    expect(api.filter((url) => !url.startsWith('/api/notifications'))).toEqual([]);
    await expect(page.evaluate(() => (window as { hacked?: number }).hacked)).resolves.toBeUndefined();
    expect(cspViolations.slice(violations)).toEqual([]);
    await context.close();
  });

  it('hydrates 登录 rendered for a visitor: no request before signing in, and the form signs in', async () => {
    const context = await newContext(e2e);
    const page = await context.newPage();
    const api = apiRequests(page);
    const warnings = consoleWarnings(page);
    const answer = await page.goto('/login');
    const html = (await answer?.text()) ?? '';
    // The form is in the HTML, with the answers it was rendered with (a visitor: no user).
    expect(html).toContain('"session":{"user":null}');
    expect(html).toMatch(/<form id="login"/);
    // Fields take input once the app has hydrated them (readOnly until then, scripts/first-paint.ts).
    await page.getByLabel('用户名').fill('cw_head');
    await page.getByLabel('密码').fill(PASSWORD);
    // Neither the session nor 登录's settings were asked for: the page brought them.
    expect(api).toEqual([]);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('navigation', { name: '督办管理菜单' }).waitFor();
    expect(api[0]).toBe('/api/auth/login');
    expect(warnings).toEqual([]);
    await context.close();
  });

  it('works once hydrated: a link in the rendered page leads on within the app', async () => {
    const context = await signedIn('cw_head');
    const page = await context.newPage();
    await hydrated(page, '/tasks/pending');
    const documents: string[] = [];
    page.on('request', (request) => request.resourceType() === 'document' && documents.push(request.url()));
    await page.getByRole('link', { name: TITLE }).click();
    await page.waitForURL(/\/tasks\/[^/]+$/);
    await page.getByText(TITLE).first().waitFor();
    // The router's move, not a new page from the server.
    expect(documents).toEqual([]);
    await context.close();
  });
});

describe('before the app has hydrated the page', () => {
  it('a click is held and given to the app once it has', async () => {
    const context = await signedIn('cw_head');
    const page = await context.newPage();
    // The app's entry is held back until the click has been made on the server's HTML.
    const release = await holdBack(page, '**/assets/index-*.js');
    await page.goto('/tasks/pending');
    const documents: string[] = [];
    page.on('request', (request) => request.resourceType() === 'document' && documents.push(request.url()));
    await page.getByRole('link', { name: TITLE }).click();
    expect(new URL(page.url()).pathname).toBe('/tasks/pending');
    release();
    // The app's router moves to the task, as if the click had come after hydration: no page load.
    await page.waitForURL(/\/tasks\/(?!pending$)[^/]+$/);
    await page.getByText(TITLE).first().waitFor();
    expect(documents).toEqual([]);
    await context.close();
  });

  it('where the server rendered another time zone, React makes the page anew and the click still counts', async () => {
    const context = await signedIn('cw_head');
    const page = await context.newPage();
    const warnings = consoleWarnings(page);
    const release = await holdBack(page, '**/assets/index-*.js');
    // The item's times in UTC on the server, in Shanghai in the browser: the two renders differ.
    process.env.TZ = 'UTC';
    try {
      await page.goto(`/items/${itemId}`);
    } finally {
      process.env.TZ = 'Asia/Shanghai';
    }
    const back = page.getByRole('link', { name: '返回督办查询' });
    const before = await back.elementHandle();
    await back.click();
    release();
    await page.waitForURL(/\/items$/);
    await page.getByRole('link', { name: TITLE }).first().waitFor();
    // React did make it anew: the element clicked is gone, its counterpart took the click.
    await expect(before?.evaluate((element) => element.isConnected)).resolves.toBe(false);
    expect(warnings.some((w) => w.startsWith('hydration:'))).toBe(true);
    await context.close();
  });

  it('a click on a part loaded later (an admin’s 待办理 card) waits until that part is hydrated', async () => {
    const context = await signedIn('dbadmin');
    const page = await context.newPage();
    // The card's code comes late: the app's frame and page hydrate first.
    const release = await holdBack(page, '**/assets/PendingTasks-*.js');
    await page.goto(`/items/${itemId}`);
    const handOver = page.locator('.pending-tasks').getByRole('button', { name: /^转交/ }).first();
    await handOver.click();
    release();
    await page.getByRole('dialog', { name: /转交待办/ }).waitFor();
    await context.close();
  });
});

describe('the static page instead', () => {
  it('for a cookie whose session has ended: the app sends the browser to 登录', async () => {
    const context = await newContext(e2e);
    await context.addCookies([{ name: 'duban_sid', value: 'ended', url: e2e.url }]);
    const page = await context.newPage();
    const answer = await page.goto('/tasks/pending');
    expect(await answer?.text()).not.toContain('duban-ssr');
    await page.waitForURL(/\/login$/);
    await context.close();
  });
  // SERVER_RENDER=false: first-screens.test.ts measures every first screen on such a server too.
});
