/**
 * The HTTP edge (issue 12): security headers on every kind of answer, compressed JSON above the
 * threshold, and the build's pre-compressed files served as they are.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import fastifyHelmet from '@fastify/helmet';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_HEADER_NAMES,
  COMPRESS_THRESHOLD_BYTES,
  helmetOptions,
  registerEdge,
} from '../src/server/plugins/edge';
import { createDepartment, createTestApp, createUser, type TestApp } from './helpers';

const webDir = mkdtempSync(path.join(os.tmpdir(), 'duban-edge-web-'));
const INDEX = `<!doctype html><html><head><title>督办系统</title></head><body>${'<div id="root"></div>'.repeat(100)}</body></html>`;
/** The build's second page: the same app with the 登录 shell (scripts/first-paint.ts). */
const LOGIN = INDEX.replace('<title>', '<title>登录 ');
/** First screens' own pages (scripts/first-requests.ts); not every one, to show the fall-back. */
const HOME = INDEX.replace('<title>', '<title>督办空间 ');
const TASKS = INDEX.replace('<title>', '<title>待办 ');
const SCRIPT = `console.log(${JSON.stringify('督办'.repeat(2000))});`;

let t: TestApp;
let tls: TestApp;
beforeAll(async () => {
  // A stand-in for dist/web: the pages and a hashed asset, each with its .br and .gz.
  mkdirSync(path.join(webDir, 'assets'));
  for (const [file, text] of [
    ['index.html', INDEX],
    ['login.html', LOGIN],
    ['index-home.html', HOME],
    ['index-taskList.html', TASKS],
    ['assets/app-abc123.js', SCRIPT],
  ] as const) {
    writeFileSync(path.join(webDir, file), text);
    writeFileSync(path.join(webDir, `${file}.br`), brotliCompressSync(text));
    writeFileSync(path.join(webDir, `${file}.gz`), gzipSync(text));
  }
  t = await createTestApp({ webDir });
  tls = await createTestApp({ webDir, session: { ...t.config.session, secureCookie: true } });
});
afterAll(async () => {
  await t?.close();
  await tls?.close();
  rmSync(webDir, { recursive: true, force: true });
});

function expectSecurityHeaders(headers: Record<string, unknown>, what: string) {
  const csp = String(headers['content-security-policy'] ?? '');
  expect(csp, what).toContain("script-src 'self'");
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("default-src 'self'");
  expect(csp, what).not.toContain('unsafe-eval');
  expect(csp, what).not.toContain('upgrade-insecure-requests');
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['x-frame-options'], what).toBe('DENY');
  expect(headers['referrer-policy'], what).toBe('same-origin');
}

describe('security headers', () => {
  it('are on JSON answers, errors, the web UI, its assets and unknown paths', async () => {
    const admin = await t.admin();
    const answers = {
      health: await t.app.inject({ url: '/api/health' }),
      me: await admin.get('/api/me'),
      unauthenticated: await t.app.inject({ url: '/api/me' }),
      validation: await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: {} }),
      unknownApi: await t.app.inject({ url: '/api/nothing-here' }),
      page: await t.app.inject({ url: '/items/some-id' }),
      asset: await t.app.inject({ url: '/assets/app-abc123.js' }),
      missingAsset: await t.app.inject({ url: '/assets/missing.js' }),
    };
    expect(answers.unauthenticated.statusCode).toBe(401);
    expect(answers.validation.statusCode).toBe(400);
    expect(answers.unknownApi.statusCode).toBe(404);
    expect(answers.page.statusCode).toBe(200);
    expect(answers.asset.statusCode).toBe(200);
    for (const [what, res] of Object.entries(answers)) {
      expectSecurityHeaders(res.headers, what);
      expect(res.headers['strict-transport-security'], what).toBeUndefined();
    }
  });

  it('HSTS only when COOKIE_SECURE=true (the site is HTTPS)', async () => {
    const res = await tls.app.inject({ url: '/api/health' });
    expect(res.headers['strict-transport-security']).toBe('max-age=15552000');
    expectSecurityHeaders(res.headers, 'https');
  });

  it('are exactly those of @fastify/helmet on pages and downloads, its API subset on JSON', async () => {
    // The plugin itself on a bare server is the reference: every header it sets, with its value.
    const helmetHeaders = async (https: boolean) => {
      const bare = Fastify();
      await bare.register(fastifyHelmet, { global: true, ...helmetOptions(https) });
      bare.get('/x', async () => ({ ok: true }));
      const plain = Fastify();
      plain.get('/x', async () => ({ ok: true }));
      const [withHelmet, without] = [await bare.inject({ url: '/x' }), await plain.inject({ url: '/x' })];
      await bare.close();
      await plain.close();
      return Object.fromEntries(
        Object.entries(withHelmet.headers).filter(([name]) => !(name in without.headers)),
      );
    };
    const admin = await t.admin();
    for (const [app, https] of [
      [t, false],
      [tls, true],
    ] as const) {
      const all = await helmetHeaders(https);
      expect(Object.keys(all).length).toBeGreaterThanOrEqual(11);
      const api = Object.fromEntries(Object.entries(all).filter(([name]) => API_HEADER_NAMES.has(name)));
      expect(Object.keys(api).length).toBe(https ? 6 : 5);
      const pageOnly = Object.keys(all).filter((name) => !API_HEADER_NAMES.has(name));
      expect(pageOnly).toEqual(expect.arrayContaining(['cross-origin-opener-policy', 'x-xss-protection']));
      const answers = {
        api: [
          await app.app.inject({ url: '/api/health' }),
          await app.app.inject({ url: '/api/me' }),
          await app.app.inject({ url: '/api/nothing-here' }),
          await app.app.inject({ method: 'POST', url: '/api/auth/login', payload: {} }),
          ...(https ? [] : [await admin.get('/api/me')]),
        ],
        page: [
          await app.app.inject({ url: '/items/some-id' }),
          await app.app.inject({ url: '/assets/app-abc123.js' }),
          await app.app.inject({ url: '/nothing-here.txt' }),
          ...(https ? [] : [await admin.get('/api/org/import/template.xlsx')]),
        ],
      };
      for (const [kind, expected] of [
        ['api', api],
        ['page', all],
      ] as const) {
        for (const res of answers[kind]) {
          const what = `${kind} ${res.statusCode} (https: ${https})`;
          const got = Object.fromEntries(Object.keys(all).map((name) => [name, res.headers[name]]));
          const want = Object.fromEntries(Object.keys(all).map((name) => [name, expected[name]]));
          expect(got, what).toEqual(want);
          expect(res.headers['x-powered-by'], what).toBeUndefined();
        }
      }
    }
  });

  it('the API docs page keeps a CSP of its own', async () => {
    let res = await t.app.inject({ url: '/api/docs' });
    if (res.statusCode === 302) res = await t.app.inject({ url: String(res.headers.location) });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
    expect(res.headers['content-security-policy']).toBeTruthy();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('compression', () => {
  it('sends JSON above the threshold as br or gzip, as the request accepts', async () => {
    const admin = await t.admin();
    const dept = await createDepartment(t, '督查室');
    for (let i = 0; i < 30; i++) {
      await createUser(t, { username: `clerk${i}`, name: `办事员${i}`, departmentId: dept.id });
    }
    const plain = await admin.request('GET', '/api/users', undefined, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const size = plain.rawPayload.length;
    expect(size).toBeGreaterThan(1024);

    const br = await admin.request('GET', '/api/users', undefined, {
      'accept-encoding': 'gzip, deflate, br',
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
    expect(br.rawPayload.length).toBeLessThan(size / 3);

    const gz = await admin.request('GET', '/api/users', undefined, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(plain.body);
  });

  it('leaves small answers as they are', async () => {
    const res = await t.app.inject({ url: '/api/health', headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('serves the build’s .br / .gz files for the page and its assets, the plain file otherwise', async () => {
    const cookies = { duban_sid: 'a-session' };
    for (const [url, text] of [
      ['/items/some-id', INDEX],
      ['/assets/app-abc123.js', SCRIPT],
    ] as const) {
      const br = await t.app.inject({ url, cookies, headers: { 'accept-encoding': 'gzip, deflate, br' } });
      expect(br.headers['content-encoding'], url).toBe('br');
      expect(brotliDecompressSync(br.rawPayload).toString(), url).toBe(text);
      const gz = await t.app.inject({ url, cookies, headers: { 'accept-encoding': 'gzip' } });
      expect(gz.headers['content-encoding'], url).toBe('gzip');
      expect(gunzipSync(gz.rawPayload).toString(), url).toBe(text);
      const plain = await t.app.inject({ url, cookies, headers: { 'accept-encoding': 'identity' } });
      expect(plain.headers['content-encoding'], url).toBeUndefined();
      expect(plain.body, url).toBe(text);
    }
    const asset = await t.app.inject({ url: '/assets/app-abc123.js', headers: { 'accept-encoding': 'br' } });
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toMatch(/javascript/);
  });

  it('sends the 登录 shell for /login and without a session cookie, the signed-in page with one', async () => {
    const page = async (url: string, cookies?: Record<string, string>) => {
      const res = await t.app.inject({
        url,
        ...(cookies ? { cookies } : {}),
        headers: { 'accept-encoding': 'br' },
      });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers.vary, url).toMatch(/cookie/i);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      return brotliDecompressSync(res.rawPayload).toString();
    };
    const session = { duban_sid: 'a-session' };
    expect(await page('/login')).toBe(LOGIN);
    expect(await page('/login?error=oidc_failed', session)).toBe(LOGIN);
    expect(await page('/')).toBe(LOGIN);
    expect(await page('/tasks/pending')).toBe(LOGIN);
    // A first screen's own page where the build made one, index.html elsewhere.
    expect(await page('/', session)).toBe(HOME);
    expect(await page('/tasks/pending', session)).toBe(TASKS);
    expect(await page('/tasks/done/?page=2', session)).toBe(TASKS);
    expect(await page('/items', session)).toBe(INDEX);
    expect(await page('/items/new', session)).toBe(INDEX);
    expect(await page('/system/users', session)).toBe(INDEX);
  });

  it('compresses by the answer’s bytes, not its characters, at the threshold', async () => {
    // The edge alone on a bare server, with text answers of a chosen length: ASCII is one byte a
    // character, 督 three, so the same length falls on either side of the threshold.
    const bare = Fastify();
    await registerEdge(bare, { https: false });
    bare.get('/text/:char/:n', async (request, reply) => {
      const { char, n } = request.params as { char: string; n: string };
      return reply.type('text/plain').send((char === 'a' ? 'a' : '督').repeat(Number(n)));
    });
    const encodingOf = async (char: string, n: number) => {
      const res = await bare.inject({ url: `/text/${char}/${n}`, headers: { 'accept-encoding': 'gzip' } });
      const bytes = res.headers['content-encoding'] ? gunzipSync(res.rawPayload) : res.rawPayload;
      expect(bytes.toString(), `${char} × ${n}`).toBe((char === 'a' ? 'a' : '督').repeat(n));
      return res.headers['content-encoding'];
    };
    try {
      expect(COMPRESS_THRESHOLD_BYTES).toBe(1024);
      expect(await encodingOf('a', 341)).toBeUndefined();
      expect(await encodingOf('a', 342)).toBeUndefined();
      expect(await encodingOf('a', 1023)).toBeUndefined();
      expect(await encodingOf('a', 1024)).toBe('gzip');
      expect(await encodingOf('h', 341)).toBeUndefined(); // 1,023 bytes
      expect(await encodingOf('h', 342)).toBe('gzip'); // 1,026 bytes
    } finally {
      await bare.close();
    }
  });

  it('refuses a compressed request body (415) rather than unpacking it', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: gzipSync(JSON.stringify({ username: 'admin', password: 'x' })),
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('unsupported_type');
    // A GET has no body to unpack (Fastify reads none): the header is not looked at.
    const get = await t.app.inject({ url: '/api/health', headers: { 'content-encoding': 'gzip' } });
    expect(get.statusCode).toBe(200);
  });
});
