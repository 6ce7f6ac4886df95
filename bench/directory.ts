/**
 * Issue 14 point 7, the web at an office's real size. On a scratch PostgreSQL database holding the
 * bench organisation (200 departments, 5,000 users; `--users 50000` for a province):
 *
 * 1. 选人: a picker keystroke is GET /api/users?q=<prefix>&pageSize=21 — 200 of them, random
 *    prefixes of real names, pinyin initials, usernames and department names, one at a time over
 *    HTTP to the running server; p50/p95 in ms. Plus the EXPLAIN of one search (docs/query-plans.md).
 * 2. JSON before first paint: 督办空间 (/) and 新建督办 (/items/new) in Chromium with a cold
 *    cache, the bytes of every /api/ answer until the page's heading shows, and until the network
 *    is idle; and the weight of the unpaged GET /api/users that OrgProvider loaded on every page
 *    before this change (what "before" cost on top).
 *
 * Not part of `npm test`. Needs a built UI for part 2 (it builds it when stale).
 *   npx tsx bench/directory.ts [--database-url postgres://postgres@127.0.0.1:5432/postgres]
 *                              [--users 5000] [--searches 200] [--no-browser]
 */
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { buildWebIfStale, WEB_DIST } from '../scripts/web-build';
import { openPostgres } from '../src/db/client';
import { loadConfig } from '../src/server/config';
import { startServer } from '../src/server/main';
import { departmentIdsMatching, userSearchQueries } from '../src/server/modules/org/repository';
import { createDatabase, dropDatabase, migrate, openPool } from './lib/database';
import { IdSource } from './lib/ids';
import { BENCH_PASSWORD, createOrg } from './lib/org';
import { Random } from './lib/random';
import { latency, round } from './lib/stats';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

const BASE = option(
  'database-url',
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
);
const USERS = Number(option('users', '5000'));
const SEARCHES = Number(option('searches', '200'));
const BROWSER = !process.argv.includes('--no-browser');

/** Signs in over HTTP and keeps the cookie. */
async function signIn(url: string, username: string): Promise<(path: string) => Promise<Response>> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'duban' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return (path) => fetch(`${url}${path}`, { headers: { Cookie: cookie } });
}

/** What a person types into a picker: the first 1–3 characters of a name, initials, username, department. */
function prefixes(
  people: { name: string; username: string; pinyin: string; department: string }[],
  random: Random,
): string[] {
  return Array.from({ length: SEARCHES }, () => {
    const p = people[random.int(0, people.length - 1)] as (typeof people)[number];
    const kind = random.int(0, 3);
    const initials = p.pinyin.split(' ')[0] ?? p.name;
    const source = [p.name, initials, p.username, p.department][kind] as string;
    return source.slice(0, random.int(1, Math.min(3, source.length)));
  });
}

async function searchLatency(url: string, dbUrl: string) {
  const pool = openPool(dbUrl, 1);
  const people = (
    await pool.query<{ name: string; username: string; pinyin: string; department: string }>(
      `select u.name, u.username, u.pinyin, d.name as department
         from users u join departments d on d.id = u.department_id where not u.disabled`,
    )
  ).rows;
  // The search exactly as the server sends it (drizzle's SQL of the repository's statements): the
  // statements that listUsers runs for a page of 21, each with the LIMIT it gets, until the page is full.
  const handle = openPostgres(dbUrl, 1);
  const plans: string[] = [];
  for (const q of ['z', 'zb', '张', '王', '王伟', 'zbz', '财务', 'wang']) {
    const ranks = userSearchQueries(handle.db, { q }, await departmentIdsMatching(handle.db, q));
    let found = 0;
    for (const [rank, query] of ranks.entries()) {
      if (found >= 21) break;
      const { sql, params } = query(21 - found).toSQL();
      const rows = (
        await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers, costs off) ${sql}`, params)
      ).rows;
      found += (await query(21 - found)).length;
      plans.push(`-- q=${q}, statement ${rank + 1}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`);
    }
  }
  await handle.close();
  const plan = plans.join('\n\n');
  await pool.end();
  const get = await signIn(url, 'sup01');
  const texts = prefixes(people, new Random(7));
  // Warm-up: the first answers pay for connections and plan caches, not for the search.
  for (const q of texts.slice(0, 10))
    await (await get(`/api/users?q=${encodeURIComponent(q)}&pageSize=21`)).text();
  const samples: number[] = [];
  let rows = 0;
  for (const q of texts) {
    const start = performance.now();
    const res = await get(`/api/users?q=${encodeURIComponent(q)}&pageSize=21`);
    const body = await res.text();
    samples.push(performance.now() - start);
    if (!res.ok) throw new Error(`search ${q}: ${res.status}`);
    rows += (JSON.parse(body) as unknown[]).length;
  }
  const unpaged = await (await get('/api/users')).text();
  const departments = await (await get('/api/departments')).text();
  return {
    latency: latency(samples),
    meanRows: round(rows / texts.length, 1),
    unpagedUsersBytes: Buffer.byteLength(unpaged),
    departmentsBytes: Buffer.byteLength(departments),
    plan,
  };
}

/** JSON bytes of /api/ answers a page fetches from a cold cache: until its heading shows, and in all. */
async function firstPaintBytes(url: string) {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  const results: Record<string, { beforeHeading: number; settled: number; requests: string[] }> = {};
  try {
    const context = await browser.newContext({ baseURL: url, viewport: { width: 1366, height: 900 } });
    const login = await context.request.post('/api/auth/login', {
      data: { username: 'sup01', password: BENCH_PASSWORD },
      headers: { 'X-Requested-With': 'duban' },
    });
    if (!login.ok()) throw new Error(`login: ${login.status()}`);
    for (const [name, path, heading] of [
      ['督办空间', '/', /督办空间|待办事项/],
      ['新建督办', '/items/new', /新建督办/],
    ] as const) {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      let painted = false;
      let beforeHeading = 0;
      let settled = 0;
      const requests: string[] = [];
      const pending: Promise<void>[] = [];
      page.on('response', (response) => {
        const u = new URL(response.url());
        if (!u.pathname.startsWith('/api/')) return;
        const counted = !painted;
        pending.push(
          response
            .body()
            .then((body) => {
              settled += body.length;
              if (counted) beforeHeading += body.length;
              requests.push(`${u.pathname}${u.search} ${body.length}`);
            })
            .catch(() => {}),
        );
      });
      await page.goto(path);
      await page.getByRole('heading', { name: heading }).first().waitFor({ timeout: 60_000 });
      painted = true;
      await page.waitForLoadState('networkidle');
      await Promise.all(pending);
      results[name] = { beforeHeading, settled, requests };
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return results;
}

async function main() {
  const name = `duban_directory_${process.pid}`;
  const dbUrl = await createDatabase(BASE, name);
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    await migrate(dbUrl);
    const started = performance.now();
    await createOrg(dbUrl, new IdSource(), new Random(1), { users: USERS });
    const pool = openPool(dbUrl, 1);
    await pool.query('analyze');
    await pool.end();
    console.log(`organisation: ${USERS} users in ${round((performance.now() - started) / 1000, 1)} s`);
    if (BROWSER) buildWebIfStale();
    const base = loadConfig();
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir: '/tmp',
      databaseUrl: dbUrl,
      webDir: WEB_DIST,
      logLevel: 'warn',
      jobs: { ...base.jobs, enabled: false },
    });
    const loadBefore = readFileSync('/proc/loadavg', 'utf8').trim();
    const search = await searchLatency(server.url, dbUrl);
    const pages = BROWSER ? await firstPaintBytes(server.url) : undefined;
    const loadAfter = readFileSync('/proc/loadavg', 'utf8').trim();
    console.log(
      JSON.stringify(
        {
          users: USERS,
          searches: SEARCHES,
          search: { ...search, plan: undefined },
          pages,
          loadavg: { before: loadBefore, after: loadAfter },
        },
        null,
        2,
      ),
    );
    console.log(`\nEXPLAIN ANALYZE of one search:\n${search.plan}`);
  } finally {
    await server?.close();
    await dropDatabase(BASE, name);
  }
}

await main();
