/**
 * The server's side of the rendered first screens (src/server/plugins/first-screen.ts), with a
 * stand-in for the build's render module: who gets a rendered page, with what data, and that any
 * trouble with the render gives the static page instead. The real render in the browser is
 * test/e2e/server-render.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../src/db/schema';
import { CRITICAL_CSS_MARK, LOGIN_SERVER_RENDER_HTML, SERVER_RENDER_SLOTS } from '../src/web/lib/routes';
import { buildOrg, itemBody, type Org } from './factories';
import { ADMIN_PASSWORD, createTestApp, PASSWORD, type TestApp } from './helpers';

const root = mkdtempSync(path.join(os.tmpdir(), 'duban-ssr-'));
const webDir = path.join(root, 'web');
const STATIC =
  '<!doctype html><html><head><title>待办</title></head><body><div id="root"></div></body></html>';
const TEMPLATE = `<!doctype html><html><head>${SERVER_RENDER_SLOTS.data}${SERVER_RENDER_SLOTS.style}</head><body><div id="root">${SERVER_RENDER_SLOTS.html}</div></body></html>`;

/**
 * The stand-in render: reads the user's pending tasks through `get` as the real one would, and
 * shows who it rendered for and what it was answered. `?fail` throws; `?slow` takes 5 s.
 */
const RENDER = `
let logins = 0;
export async function renderScreen({ url, user, get, phone }) {
  if (user === null) {
    logins += 1;
    const providers = await get('/api/auth/providers');
    return {
      html: '<p>' + url + ' ' + providers.status + ' render ' + logins + (phone ? ' phone' : '') + '</p>',
      css: '',
      state: { session: { user }, queries: { mutations: [], queries: [] } },
    };
  }
  if (url.includes('fail')) throw new Error('render failed');
  if (url.includes('slow')) await new Promise((resolve) => setTimeout(resolve, 5000));
  const tasks = await get('/api/tasks?state=pending&page=1&pageSize=20');
  const notApi = await get('/tasks/pending');
  const body = JSON.parse(tasks.body);
  return {
    html: '<p>' + user.name + ' ' + tasks.status + ' ' + body.total + ' ' + notApi.status + (phone ? ' phone' : '') + '</p>',
    css: ':root{--x:1}',
    state: { session: { user }, queries: { mutations: [], queries: [{ queryKey: ['x'], state: { data: '</script>' } }] } },
  };
}
`;

let t: TestApp;
let off: TestApp;
let org: Org;
let cookie: string;

beforeAll(async () => {
  mkdirSync(path.join(root, 'web-ssr'), { recursive: true });
  mkdirSync(webDir);
  for (const file of ['index.html', 'login.html', 'index-taskList.html'])
    writeFileSync(path.join(webDir, file), STATIC);
  writeFileSync(path.join(webDir, 'ssr-taskList.html'), TEMPLATE);
  writeFileSync(path.join(webDir, LOGIN_SERVER_RENDER_HTML), TEMPLATE);
  writeFileSync(path.join(root, 'web-ssr', 'render.js'), RENDER);
  t = await createTestApp({ webDir, serverRender: true });
  off = await createTestApp({ webDir, serverRender: false });
  org = await buildOrg(t);
  expect((await org.clients.sup.post('/api/items', itemBody(org))).statusCode).toBe(201);
  cookie = await sessionCookie(t, org.users.head.username);
});
afterAll(async () => {
  await t?.close();
  await off?.close();
  rmSync(root, { recursive: true, force: true });
});

async function sessionCookie(app: TestApp, username: string, password = PASSWORD): Promise<string> {
  const login = await app.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
  });
  expect(login.statusCode).toBe(200);
  return `duban_sid=${login.cookies.find((c) => c.name === 'duban_sid')?.value}`;
}

const page = (app: TestApp, url: string, headers: Record<string, string> = {}) =>
  app.app.inject({ method: 'GET', url, headers: { cookie, ...headers } });

/** A phone's browser (its User-Agent). */
const PHONE = 'Mozilla/5.0 (Linux; Android 11) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36';

type Answer = Awaited<ReturnType<typeof page>>;

/** A rendered page's answer: HTML, kept by caches as `cacheControl` says, varying with the cookie. */
function expectRenderedPage(res: Answer, cacheControl: string) {
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(res.headers['cache-control']).toBe(cacheControl);
  expect(res.headers.vary).toContain('Cookie');
}

/** The text of the page's data block (lib/serverRendered.ts). */
const dataBlock = (html: string) =>
  /<script type="application\/json" id="duban-ssr">(.*?)<\/script>/.exec(html)?.[1];

describe('a signed-in first screen', () => {
  it('is rendered as the user, with the API’s answers to the user, into the screen’s page', async () => {
    const res = await page(t, '/tasks/pending');
    expectRenderedPage(res, 'private, no-store');
    // The head of finance, one pending task; a path outside the API is not asked for.
    expect(res.body).toContain(`<div id="root"><p>${org.users.head.name} 200 1 404</p></div>`);
    expect(res.body).toContain('<style data-ssr>:root{--x:1}</style>');
    // The data block: the session and the answers, `<` escaped so that nothing ends the block.
    const block = dataBlock(res.body);
    expect(block).toBeDefined();
    expect(block).not.toContain('<');
    const state = JSON.parse(block ?? '{}');
    expect(state.session.user.username).toBe(org.users.head.username);
    expect(state.queries.queries[0].state.data).toBe('</script>');
  });

  it('takes a phone’s layout for a phone’s browser', async () => {
    const res = await page(t, '/tasks/pending', { 'user-agent': PHONE });
    expect(res.body).toContain(' phone</p>');
  });

  it('is the static page when the session has ended', async () => {
    const res = await page(t, '/tasks/pending', { cookie: 'duban_sid=ended' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(STATIC);
  });

  it('is the static page for a user who must first change the one-time password', async () => {
    const id = org.users.staff.id;
    await t.db.db.update(users).set({ mustChangePassword: true }).where(eq(users.id, id));
    const staffCookie = await sessionCookie(t, org.users.staff.username);
    const res = await page(t, '/tasks/pending', { cookie: staffCookie });
    expect(res.body).toBe(STATIC);
    await t.db.db.update(users).set({ mustChangePassword: false }).where(eq(users.id, id));
  });

  it('is the static page when the render fails or takes too long', async () => {
    const failed = await page(t, '/tasks/pending?fail=1');
    expect(failed.statusCode).toBe(200);
    expect(failed.body).toBe(STATIC);
    const slow = await page(t, '/tasks/pending?slow=1');
    expect(slow.statusCode).toBe(200);
    expect(slow.body).toBe(STATIC);
  });

  it('is the static page when the server is set not to render', async () => {
    const res = await page(off, '/tasks/pending', {
      cookie: await sessionCookie(off, 'admin', ADMIN_PASSWORD),
    });
    expect(res.body).toBe(STATIC);
  });
});

describe('登录, for a browser without a session cookie', () => {
  const visitor = (app: TestApp, url: string, headers: Record<string, string> = {}) =>
    app.app.inject({ method: 'GET', url, headers });

  it('is rendered once per layout, with the public answers, and given to every visitor', async () => {
    const first = await visitor(t, '/login');
    expectRenderedPage(first, 'no-cache');
    // GET /api/auth/providers answered the visitor (a public route); the first render of the process.
    expect(first.body).toContain('<div id="root"><p>/login 200 render 1</p></div>');
    expect(JSON.parse(dataBlock(first.body) ?? '{}').session).toEqual({ user: null });
    // The next visitor gets the same page, not a render of its own.
    expect((await visitor(t, '/login')).body).toBe(first.body);
    // A phone's browser: its own layout, rendered once too.
    const phone = await visitor(t, '/login', { 'user-agent': PHONE });
    expect(phone.body).toContain('<p>/login 200 render 2 phone</p>');
    expect((await visitor(t, '/login', { 'user-agent': PHONE })).body).toBe(phone.body);
  });

  it('is the static page from a build that has not put in its CSS (a bare `vite build`)', async () => {
    const bareRoot = mkdtempSync(path.join(os.tmpdir(), 'duban-ssr-bare-'));
    const bareWeb = path.join(bareRoot, 'web');
    mkdirSync(path.join(bareRoot, 'web-ssr'), { recursive: true });
    mkdirSync(bareWeb);
    for (const file of ['index.html', 'login.html']) writeFileSync(path.join(bareWeb, file), STATIC);
    writeFileSync(
      path.join(bareWeb, LOGIN_SERVER_RENDER_HTML),
      TEMPLATE.replace('</head>', `<style data-build>${CRITICAL_CSS_MARK}["/assets/a.css"]*/</style></head>`),
    );
    writeFileSync(path.join(bareRoot, 'web-ssr', 'render.js'), RENDER);
    const bare = await createTestApp({ webDir: bareWeb, serverRender: true });
    try {
      expect((await visitor(bare, '/login')).body).toBe(STATIC);
    } finally {
      await bare.close();
      rmSync(bareRoot, { recursive: true, force: true });
    }
  });

  it('is the static page with a session cookie, with a query, at another address, or when set not to render', async () => {
    expect((await page(t, '/login')).body).toBe(STATIC);
    expect((await visitor(t, '/login?error=oidc_failed')).body).toBe(STATIC);
    expect((await visitor(t, '/tasks/pending')).body).toBe(STATIC);
    expect((await visitor(off, '/login')).body).toBe(STATIC);
  });
});

describe('no render', () => {
  it('for a page that is not a first screen', async () => {
    expect((await page(t, '/summary')).body).toBe(STATIC);
  });
});
