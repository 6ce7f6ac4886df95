/**
 * What each first screen makes the browser download (issue 12): the JavaScript files a page requests
 * from a cold cache until it has settled, mapped to the modules they hold through the build's
 * `.vite/chunks.json` (vite.config.ts). The 登录 page must load no table, date-picker or menu code,
 * and every first screen stays within the budget, counted as gzip -9 of each file (what the server
 * sends pre-compressed; brotli is smaller still).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import dayjs from 'dayjs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIST } from '../../scripts/web-build';
import {
  apiAs,
  createOrganisation,
  type E2E,
  newContext,
  type Org,
  PASSWORD,
  registerItem,
  startE2E,
} from './support';

/** Kilobytes of JavaScript (gzip -9) a first screen may transfer. */
const BUDGET_KB = 250;

/** Code the 登录 page must not load: antd's Table, DatePicker and Menu and the rc components under them. */
const FORBIDDEN_ON_LOGIN =
  /node_modules\/(antd\/es\/(table|date-picker|menu)|@rc-component\/(table|picker|menu))\//;
/**
 * Allowed anyway: locale strings (antd's zh_CN locale object names the date-picker's words) and the
 * one-line React context that Tooltip reads from the table folder.
 */
const ALLOWED = /\/locale\/|antd\/es\/table\/TableMeasureRowContext\.js$/;

let e2e: E2E;
let org: Org;
let itemId: string;
let chunks: Record<string, Record<string, number>>;

beforeAll(async () => {
  e2e = await startE2E();
  org = await createOrganisation(e2e);
  const supervisor = await apiAs(e2e, 'dbk');
  itemId = await registerItem(supervisor, org, {
    title: '核查专项资金使用情况',
    dueAt: dayjs().add(30, 'day').format('YYYY-MM-DD'),
  });
  chunks = JSON.parse(readFileSync(path.join(WEB_DIST, '.vite', 'chunks.json'), 'utf8'));
});
afterAll(() => e2e?.close());

const gzipped = new Map<string, number>();
function gzipKb(file: string): number {
  let size = gzipped.get(file);
  if (size === undefined) {
    size = gzipSync(readFileSync(path.join(WEB_DIST, file)), { level: 9 }).length;
    gzipped.set(file, size);
  }
  return size / 1024;
}

interface Screen {
  files: string[];
  kb: number;
  /** Kilobytes of CSS (gzip -9): antd's static sheets and the app's. */
  cssKb: number;
  /** antd component rules found in <style> elements inserted at run time (none expected). */
  runtimeRules: string[];
}

/**
 * The rules of the page's <style> elements that style an antd component (a `.ant-…` selector with a
 * declaration that is not a CSS variable). antd runs zero-runtime (scripts/antd-static-css.ts): the
 * only <style> elements it still inserts set CSS variables (the theme's tokens, each component's).
 */
function runtimeAntdRules(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('style')].flatMap((style) =>
      [...(style.textContent ?? '').matchAll(/([^{}]+)\{([^{}]*)\}/g)]
        .filter(
          ([, selector, body]) => /\.ant-(?!icon)/.test(selector ?? '') && /(^|;)\s*[a-z]/.test(body ?? ''),
        )
        .map(([rule]) => rule.slice(0, 120)),
    ),
  );
}

/** Opens `url` in a fresh page of `context` with the cache off and lists the JavaScript it fetched. */
async function firstScreen(context: BrowserContext, url: string, ready: (page: Page) => Promise<void>) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const files = new Set<string>();
  const css = new Set<string>();
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.endsWith('.js')) files.add(pathname.slice(1));
    if (pathname.endsWith('.css')) css.add(pathname.slice(1));
  });
  await page.goto(url);
  await ready(page);
  await page.waitForLoadState('networkidle');
  const runtimeRules = await runtimeAntdRules(page);
  await page.close();
  const list = [...files].sort();
  for (const file of list) expect(chunks[file], `${file} is in the build's chunks.json`).toBeDefined();
  return {
    files: list,
    kb: list.reduce((sum, f) => sum + gzipKb(f), 0),
    cssKb: [...css].reduce((sum, f) => sum + gzipKb(f), 0),
    runtimeRules,
  } satisfies Screen;
}

function report(name: string, screen: Screen): string {
  return `${name}: ${screen.kb.toFixed(1)} KB gzip in ${screen.files.length} files, CSS ${screen.cssKb.toFixed(1)} KB gzip`;
}

/**
 * The most each first screen may transfer. Issue 12 asks 250 KB for every one; 督办查询 and 事项详情
 * are not there yet, and until they are their ceiling is today's figure (a regression guard, lowered
 * with every reduction; see docs/benchmarks.md).
 */
const CEILING_KB: Record<string, number> = {
  // Back within the budget: TanStack Query (issue 13) added 13.6–14.1 KB gzip to every signed-in
  // screen, and the side menu as plain links instead of antd's Menu took 16.4 KB off (247.2 KB);
  // 214.6 KB since the smaller list pages.
  督办空间: BUDGET_KB,
  // The table pages kept rc-menu (antd's Table filter dropdown imports it): 358.6, 405.9, 429.9. Then
  // the build left out the Table's unused parts and Pagination's Select (BUILD_SUBSTITUTES in
  // vite.config.ts), antd's App loaded message/notification/modal at their first use, and the pages
  // loaded dialogs, date pickers, error alerts and the menu drawer when wanted (docs/benchmarks.md,
  // "Smaller list pages"): 待办 246.1, within the budget; 督办查询 315.7, 事项详情 293.6. With the
  // server-side person search (issue 14 point 7: names from the answers, the pickers' own code)
  // merged beside it, 事项详情 measured 294.6. antd in zero-runtime mode (its style generators left
  // out of the build): 287.9 and 261.5; without stylis and antd's style registering: 282.6, 256.2.
  待办: BUDGET_KB,
  督办查询: 283,
  事项详情: 257,
};

async function signedIn(): Promise<BrowserContext> {
  const context = await newContext(e2e, 'phone');
  const answer = await context.request.post('/api/auth/login', {
    data: { username: 'dbk', password: PASSWORD },
  });
  expect(answer.status()).toBe(200);
  return context;
}

describe('first screens', () => {
  it('登录 loads no table, date-picker or menu code and stays within the budget', async () => {
    const context = await newContext(e2e, 'phone');
    const screen = await firstScreen(context, '/login', (page) =>
      page.getByRole('button', { name: /登\s*录/ }).waitFor(),
    );
    await context.close();
    console.log(report('登录', screen));
    const forbidden = screen.files.flatMap((file) =>
      Object.keys(chunks[file] ?? {})
        .filter((m) => FORBIDDEN_ON_LOGIN.test(m) && !ALLOWED.test(m))
        .map((m) => `${file}: ${m}`),
    );
    expect(forbidden).toEqual([]);
    expect(screen.kb).toBeLessThanOrEqual(BUDGET_KB);
    expect(screen.runtimeRules).toEqual([]);
  });

  const pages: [string, () => string, string][] = [
    ['督办空间', () => '/', '督办空间'],
    ['待办', () => '/tasks/pending', '待办事项'],
    ['督办查询', () => '/items', '督办查询'],
    ['事项详情', () => `/items/${itemId}`, '核查专项资金使用情况'],
  ];
  it.each(pages)('%s stays within its ceiling', async (name, url, heading) => {
    const context = await signedIn();
    const screen = await firstScreen(context, url(), (page) =>
      page.getByRole('heading', { name: heading }).first().waitFor(),
    );
    await context.close();
    console.log(report(name, screen));
    expect(screen.kb).toBeLessThanOrEqual(CEILING_KB[name] ?? BUDGET_KB);
    expect(screen.runtimeRules).toEqual([]);
  });
});
