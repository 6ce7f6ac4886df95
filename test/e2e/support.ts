/**
 * Browser tests against the built web app and a real server on a fresh embedded database:
 * build dist/web when missing or stale, start the server, launch Debian's Chromium, sign in users.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { ROOT, WEB_DIST } from '../../scripts/web-build';
import { type Config, loadConfig } from '../../src/server/config';
import { type RunningServer, startServer } from '../../src/server/main';

// The server renders a first screen's dates in its process's time zone, the browser in its own
// (newContext: Shanghai): as in production (docs/operations.md, TZ) the two agree here, or React would
// make those parts of the page anew (server-render.test.ts tests that case on purpose).
process.env.TZ = 'Asia/Shanghai';

export const SCREENSHOTS = path.join(ROOT, 'test-results');
export const ADMIN_PASSWORD = 'Admin12345';
export const PASSWORD = 'Passw0rd1';

export interface E2E {
  server: RunningServer;
  browser: Browser;
  url: string;
  close(): Promise<void>;
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Starts a server on a fresh embedded database and Chromium (dist/web is built by the global setup);
 * `overrides` adds settings (a test's identity provider).
 */
export async function startE2E(overrides: Partial<Config> = {}): Promise<E2E> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-e2e-'));
  const base = loadConfig();
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    databaseUrl: undefined,
    bootstrapAdminPassword: ADMIN_PASSWORD,
    webDir: WEB_DIST,
    logLevel: 'warn',
    jobs: { ...base.jobs, enabled: false },
    // A signed-in first screen is always the server's render here, however loaded the machine (the
    // first render in a process alone takes about a second); the static page instead of a late
    // render is test/server-render.test.ts's.
    serverRenderTimeoutMs: 60_000,
    ...overrides,
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    server,
    browser,
    url: server.url,
    async close() {
      await browser.close().catch(() => {});
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A JSON API client with its own cookie jar, for setting up what the test does not drive in the browser. */
export class ApiClient {
  private cookie = '';
  constructor(private readonly base: string) {}

  async request<T>(method: string, url: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.base}${url}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(method === 'GET' ? {} : { 'X-Requested-With': 'duban' }),
        ...(this.cookie ? { Cookie: this.cookie } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = response.headers.getSetCookie();
    if (setCookie.length) this.cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${url} → ${response.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  async login(username: string, password: string): Promise<void> {
    await this.request('POST', '/api/auth/login', { username, password });
  }
}

/**
 * `E2E_CPU_THROTTLE=6 npm run test:e2e` runs every page with Chromium's CPU slowed down six times
 * (DevTools' "CPU throttling"): what a busy machine does to the page, to bring races out.
 */
function cpuThrottle(): number {
  const rate = Number(process.env.E2E_CPU_THROTTLE ?? 1);
  return Number.isFinite(rate) && rate > 1 ? rate : 1;
}

async function slowDown(page: Page, rate: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
}

/**
 * Every Content-Security-Policy violation any page of this test file reported: what the browser
 * refused (an inline script, a style, an image from elsewhere…). A test file asserts it stays empty.
 */
export const cspViolations: string[] = [];

export type Viewport = 'desktop' | 'phone';
const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;

export async function newContext(e2e: E2E, viewport: Viewport = 'desktop'): Promise<BrowserContext> {
  const context = await e2e.browser.newContext({
    baseURL: e2e.url,
    viewport: VIEWPORTS[viewport],
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
    ...(viewport === 'phone' ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  context.setDefaultTimeout(30_000);
  // The page reports each refusal as a `securitypolicyviolation` event; the init script runs
  // outside the page's CSP and hands them to the test through the console.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(
        `[csp] ${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  const throttle = cpuThrottle();
  // What a failing browser test needs to be understood: script errors and refused API calls.
  context.on('page', (page) => {
    if (throttle > 1) void slowDown(page, throttle);
    page.on('pageerror', (error) => console.error(`[browser error] ${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      const text = message.text();
      if (
        message.type() === 'error' &&
        (text.startsWith('[csp]') || text.includes('Content Security Policy'))
      ) {
        cspViolations.push(`${page.url()}: ${text}`);
        console.error(`[csp violation] ${page.url()}: ${text}`);
      }
    });
    page.on('response', (response) => {
      if (response.status() >= 400 && response.url().includes('/api/')) {
        console.error(`[api ${response.status()}] ${response.request().method()} ${response.url()}`);
      }
    });
  });
  return context;
}

/** Signs in through the 登录 page and waits for the 督办空间 home. */
export async function signIn(
  e2e: E2E,
  username: string,
  password = PASSWORD,
  viewport: Viewport = 'desktop',
): Promise<Page> {
  const context = await newContext(e2e, viewport);
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByRole('heading', { name: '督办空间' }).waitFor();
  return page;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => {});
  // A sticky header would be drawn where the page happens to be scrolled to.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Waits (up to 5 s) until the page's finite animations and transitions have ended (spinners loop). */
export async function transitionsEnded(page: Page): Promise<void> {
  await page
    .waitForFunction(
      () =>
        document
          .getAnimations()
          .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
      undefined,
      { timeout: 5_000 },
    )
    .catch(() => {});
}

/**
 * Runs `entry` (我的委托, 修改密码, 退出登录) from the header's user menu, and waits until the menu has
 * closed, which each entry does first: a click that did not take fails here, by its own name.
 */
export async function userMenu(page: Page, entry: string | RegExp): Promise<void> {
  const menu = page.locator('.user-menu');
  // A retried step may find the menu still open from its first attempt: the user button would close it.
  if (!(await menu.isVisible())) await page.getByRole('button', { name: /^用户：/ }).click();
  const button = menu.getByRole('button', { name: entry });
  await button.waitFor();
  // The menu zooms in: a click is aimed at where the entry is once it stands still.
  await transitionsEnded(page);
  await button.click();
  await menu.waitFor({ state: 'hidden' });
}

/** axe-core: no serious or critical violations. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  // Colours read mid-transition (a button fading in after a click) are neither the old nor the new
  // ones, and fail color-contrast now and then.
  await transitionsEnded(page);
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 5)
        .join(' | ')}`,
  );
  expect(report, `axe on ${what}`).toEqual([]);
}

/** The Form.Item around the field with this label (for the yellow class and inline errors). */
export function formItem(page: Page, label: string) {
  return page
    .locator('.ant-form-item')
    .filter({ has: page.locator('.ant-form-item-label', { hasText: new RegExp(`^${label}$`) }) });
}

export interface Org {
  departments: Record<'office' | 'finance' | 'hr', string>;
  users: Record<string, string>;
}

/** The manual's organisation, created by the system administrator through the API. */
export async function createOrganisation(e2e: E2E): Promise<Org> {
  const admin = new ApiClient(e2e.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const dept = async (name: string) =>
    (await admin.request<{ id: string }>('POST', '/api/departments', { name })).id;
  const departments = {
    office: await dept('督办科'),
    finance: await dept('财务部'),
    hr: await dept('人力资源部'),
  };
  const people: [string, string, keyof Org['departments'], 'head' | 'deputy' | 'staff', string[]][] = [
    ['dbk', '王督办', 'office', 'staff', ['supervisor']],
    ['dbadmin', '钱管理', 'office', 'staff', ['admin']],
    ['leader', '刘领导', 'office', 'head', ['leader']],
    ['cw_head', '张部长', 'finance', 'head', []],
    ['cw_deputy', '李分管', 'finance', 'deputy', []],
    ['cw_staff', '赵专员', 'finance', 'staff', []],
    ['hr_head', '周部长', 'hr', 'head', []],
    ['hr_staff', '孙协办', 'hr', 'staff', []],
  ];
  const users: Record<string, string> = {};
  for (const [username, name, d, position, roles] of people) {
    const created = await admin.request<{ id: string }>('POST', '/api/users', {
      username,
      name,
      password: PASSWORD,
      departmentId: departments[d],
      position,
      roles,
    });
    users[username] = created.id;
  }
  return { departments, users };
}

/**
 * Picks people in the picker that `buttonName` opens: search (the server lists people as typed),
 * click, →, 确定.
 */
export async function pickPerson(page: Page, buttonName: string | RegExp, people: string[]): Promise<void> {
  await page.getByRole('button', { name: buttonName }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  for (const person of people) {
    await dialog.getByLabel('搜索人员').fill(person);
    await dialog.locator('.ant-tree-title', { hasText: person }).click();
    await dialog.getByRole('button', { name: '添加到已选' }).click();
  }
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/** Waits until no antd dropdown is open or closing. */
export async function dropdownsClosed(page: Page): Promise<void> {
  await page.waitForFunction(
    () => !document.querySelector('.ant-select-dropdown:not(.ant-select-dropdown-hidden)'),
  );
}

/** Chooses an option (text equal to `option`, or matching it) of the antd Select labelled `label`. */
export async function choose(
  page: Page,
  label: string,
  option: string | RegExp,
  multiple = false,
): Promise<void> {
  // An AutoComplete left open (e.g. 督办来源) would cover the next field.
  await page.keyboard.press('Escape');
  await dropdownsClosed(page);
  const field = page.getByLabel(label, { exact: true });
  // A native <select> (督办查询's filters and 查询范围): choose as a person would, from its own list.
  if (await field.evaluate((el) => el.tagName === 'SELECT')) {
    const texts = (await field.locator('option').allTextContents()).map((t) => t.trim());
    const text = texts.find((t) => (typeof option === 'string' ? t === option : option.test(t)));
    expect(text, `${label} offers ${String(option)}`).toBeDefined();
    await field.selectOption({ label: text ?? '' });
    return;
  }
  await field.click();
  // A person field (UserSelect) lists what the server finds for the typed text: type the name.
  const personField = field.locator('xpath=ancestor::*[contains(concat(" ", @class, " "), " user-select ")]');
  if ((await personField.count()) > 0) {
    await field.fill(typeof option === 'string' ? option : option.source.replace(/[\\^$.*+?()[\]{}|]/g, ''));
  }
  const hasText = typeof option === 'string' ? new RegExp(`^${option}$`) : option;
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText }).first().click();
  if (multiple) await page.keyboard.press('Escape');
  await dropdownsClosed(page);
}

/** Types a date into the antd DatePicker labelled `label`. */
export async function fillDate(page: Page, label: string, date: string): Promise<void> {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

/**
 * Picks `text` in the option list of `select` (the antd Select's input, found by its label), which
 * the caller has opened (and may have read with the list's own helpers).
 * On a loaded machine the list was seen closing under the pointer while the dialogs behind it drew
 * again ("element is not stable", then "not visible"), and once the click landed but was reported
 * late: so after a failed click, check whether the choice took, and if not open the list again
 * from its own field, as a person would.
 */
export async function pickOption(page: Page, select: Locator, text: string): Promise<void> {
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text });
  const field = select.locator('xpath=ancestor::*[contains(concat(" ", @class, " "), " ant-select ")][1]');
  // The chosen value, as the field shows it (its option list may be drawn next to it, not in it).
  const chosen = field.locator(`.ant-select-content[title^="${text}"]`);
  // A person field (UserSelect) lists what the server finds for the typed text: type the name first.
  const personField = 'xpath=ancestor::*[contains(concat(" ", @class, " "), " user-select ")]';
  if ((await select.locator(personField).count()) > 0) await select.fill(text);
  for (let attempt = 1; ; attempt++) {
    try {
      await option.click({ timeout: 10_000 });
      break;
    } catch (error) {
      if (attempt === 3) throw error;
      if ((await chosen.count()) > 0) break;
      if (!(await option.isVisible())) await select.click();
    }
  }
  await dropdownsClosed(page);
  await chosen.waitFor();
}

/**
 * The rows mentioning `text` of a list the server pages (components/ListTable.tsx): 待办事项 and
 * 已办事项 are named by the page's title, every item list (督办查询, 督办列表, 情况汇总) 督办事项列表.
 */
export function listRows(page: Page, list: '待办事项' | '已办事项' | '督办事项列表', text?: string): Locator {
  const rows = page.getByRole('table', { name: list, exact: true }).getByRole('row');
  // Not the header row: its cells are column headers.
  return text === undefined ? rows.filter({ has: page.getByRole('cell') }) : rows.filter({ hasText: text });
}

/** Opens my pending task on the item titled `title` whose row mentions `kind` (办理, 审批, 阅知…). */
export async function openTask(page: Page, title: string, kind: string): Promise<void> {
  await page.goto('/tasks/pending');
  const row = listRows(page, '待办事项', title).filter({ hasText: kind }).first();
  await row.getByRole('link', { name: title }).click();
  await page.getByText('督办事项基本信息').waitFor();
}

/**
 * An item's own page, `/items/<id>` — not `/items/new`, which the same pattern without the exclusion
 * also matches: waiting for that pattern on 新建督办 returned at once, before the item existed.
 */
export const ITEM_PAGE = /\/items\/(?!new$)[^/?#]+$/;

/** Submits the action panel with the button `name` and waits for the 待办事项 list. */
export async function submitTask(page: Page, name: string | RegExp): Promise<void> {
  await page.locator('.action-panel').getByRole('button', { name }).click();
  await page.waitForURL(/\/tasks\/pending$/);
}

interface TaskRowLite {
  id: string;
  itemId: string;
  kind: string;
}

/** Signs `username` in through the API. */
export async function apiAs(e2e: E2E, username: string, password = PASSWORD): Promise<ApiClient> {
  const client = new ApiClient(e2e.url);
  await client.login(username, password);
  return client;
}

/** Completes the caller's pending task of `kind` on the item. */
export async function completeTask(
  client: ApiClient,
  itemId: string,
  kind: string,
  body: unknown,
): Promise<void> {
  const { tasks } = await client.request<{ tasks: TaskRowLite[] }>(
    'GET',
    '/api/tasks?state=pending&pageSize=200',
  );
  const task = tasks.find((t) => t.itemId === itemId && t.kind === kind);
  if (!task) throw new Error(`no pending ${kind} task on ${itemId}`);
  await client.request('POST', `/api/tasks/${task.id}/complete`, body);
}

/** Registers an item as 督办科 through the API and sends it to `headId`. */
export async function registerItem(
  supervisor: ApiClient,
  org: Org,
  fields: {
    title: string;
    dueAt: string;
    assignedAt?: string;
    source?: string;
    headId?: string;
    leadDepartmentId?: string;
  },
): Promise<string> {
  const item = await supervisor.request<{ id: string }>('POST', '/api/items', {
    title: fields.title,
    source: fields.source ?? '上级交办',
    leadDepartmentId: fields.leadDepartmentId ?? org.departments.finance,
    assistDepartmentIds: [],
    assignedAt: fields.assignedAt ?? new Date().toISOString().slice(0, 10),
    dueAt: fields.dueAt,
    content: `${fields.title}：按要求推进并按月报送进展。`,
    headId: fields.headId ?? org.users.cw_head,
  });
  return item.id;
}

/**
 * For a failed browser test: a screenshot of each open page under test-results/failed-*.png and the
 * start of its visible text in the log, so that a failure on CI can be understood afterwards.
 */
export async function dumpPages(pages: ReadonlyMap<string, Page>, test: string): Promise<void> {
  const slug = test.replace(/[^\w\u4e00-\u9fff]+/g, '-').slice(0, 60);
  for (const [who, page] of pages) {
    if (page.isClosed()) continue;
    await page
      .screenshot({ path: path.join(SCREENSHOTS, `failed-${slug}-${who}.png`), fullPage: true })
      .catch(() => {});
    const text = await page
      .evaluate(() => document.body.textContent ?? '')
      .catch((error: unknown) => `(no text: ${String(error)})`);
    console.error(`[failed: ${test}] ${who} at ${page.url()}:\n${text.slice(0, 800)}`);
  }
}
