/**
 * Production runs compiled JavaScript: `npm start` bundles the server once (scripts/build.mjs) and
 * runs it with plain Node — no TypeScript loader — and PGlite is loaded only for the embedded
 * database. These start the built server as `npm start` would and look at what it loaded.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUNDLED_PACKAGES,
  buildServerIfStale,
  ROOT,
  SERVER_ENTRY,
  SERVER_NODE_FLAGS,
  serverBuildIsStale,
} from '../scripts/build.mjs';

const RECORDER = path.join(ROOT, 'test', 'build', 'record-imports.mjs');
let dir: string;

beforeAll(async () => {
  await buildServerIfStale();
  dir = mkdtempSync(path.join(os.tmpdir(), 'duban-built-'));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  /** The module URLs the process resolved, in order. */
  modules: string[];
  output: string;
  code: number | null;
}

/**
 * Runs the built server with `env` until it prints its address (then asks it to stop with SIGTERM)
 * or exits by itself.
 */
function runBuilt(name: string, env: Record<string, string>): Promise<Run & { url?: string }> {
  const log = path.join(dir, `${name}.imports`);
  writeFileSync(log, '');
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', RECORDER, SERVER_ENTRY], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      IMPORT_LOG: log,
      PORT: '0',
      LOG_LEVEL: 'warn',
      JOBS_ENABLED: 'false',
      BOOTSTRAP_ADMIN_PASSWORD: 'Admin12345',
      WEB_DIR: path.join(dir, 'no-web'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let url: string | undefined;
  return new Promise((resolve) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match && !url) {
        url = match[1];
        // Ask the server once before stopping it: it must answer from the compiled code.
        fetch(`${url}/api/health`)
          .then((res) => res.json() as Promise<{ status: string }>)
          .then((health) => {
            output += `\nhealth: ${health.status}\n`;
          })
          .finally(() => child.kill('SIGTERM'));
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('exit', (code) =>
      resolve({ modules: readFileSync(log, 'utf8').split('\n').filter(Boolean), output, code, url }),
    );
  });
}

describe('the built server', () => {
  it('is fresh after a build', () => {
    expect(serverBuildIsStale()).toBe(false);
  });

  it('runs under `npm start` with the V8 flags the benchmark measures', () => {
    const { scripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(SERVER_NODE_FLAGS.length).toBeGreaterThan(0);
    expect(scripts.start).toBe(`node ${SERVER_NODE_FLAGS.join(' ')} scripts/start.mjs`);
  });

  it('keeps a large answer from slowing every later request: no allocation-site pretenuring', () => {
    // test/build/pretenuring.mjs counts the full collections while short-lived objects are made from
    // a literal that a large answer made V8 pretenure (docs/benchmarks.md, "3 December, evening").
    const fullCollections = (flags: readonly string[]) =>
      (
        JSON.parse(
          execFileSync(process.execPath, [...flags, path.join(ROOT, 'test', 'build', 'pretenuring.mjs')], {
            encoding: 'utf8',
          }),
        ) as { major: number }
      ).major;
    expect(SERVER_NODE_FLAGS).toContain('--no-allocation-site-pretenuring');
    expect(fullCollections(SERVER_NODE_FLAGS)).toBeLessThanOrEqual(2);
    // Without the flag, the same work: what it is there for (should V8 stop doing this, it can go).
    expect(
      fullCollections(SERVER_NODE_FLAGS.filter((flag) => flag !== '--no-allocation-site-pretenuring')),
    ).toBeGreaterThanOrEqual(10);
  }, 60_000);

  it('runs the embedded database from the bundle, migrations included, without a TypeScript loader', async () => {
    const run = await runBuilt('embedded', { DATA_DIR: path.join(dir, 'data') });
    expect(run.output).toContain('health: ok');
    expect(run.code).toBe(0);
    expect(run.modules.some((m) => m.includes('/node_modules/@electric-sql/pglite/'))).toBe(true);
    expect(run.modules.filter((m) => m.includes('/node_modules/tsx/'))).toEqual([]);
    // Our own code comes from dist/server only, never from the TypeScript sources.
    // (Packages may have a src/ of their own, e.g. debug under file-type: only ours counts.)
    const ownSources = `${pathToFileURL(path.join(ROOT, 'src')).href}/`;
    expect(run.modules.filter((m) => m.startsWith(ownSources))).toEqual([]);
  }, 120_000);

  it('with DATABASE_URL never loads PGlite', async () => {
    // A server that does not answer: the start fails at the first query, after every import it makes.
    const run = await runBuilt('postgres', { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
    expect(run.code).not.toBe(0);
    expect(run.modules.some((m) => m.includes('/node_modules/pg/'))).toBe(true);
    expect(run.modules.filter((m) => m.includes('pglite'))).toEqual([]);
    // The many-file ES module packages come from the bundle, not one file at a time from node_modules.
    expect(BUNDLED_PACKAGES).toEqual(expect.arrayContaining(['typebox', 'drizzle-orm']));
    const fromNodeModules = (name: string) => run.modules.filter((m) => m.includes(`/node_modules/${name}/`));
    for (const name of BUNDLED_PACKAGES) expect(fromNodeModules(name)).toEqual([]);
    // What only some installations or some requests use is imported then, not at start: e-mail
    // (SMTP_URL), OIDC, /metrics (METRICS_TOKEN), uploads' type sniffing, names' pinyin.
    for (const name of ['nodemailer', 'openid-client', 'prom-client', 'file-type', 'pinyin-pro']) {
      expect(fromNodeModules(name)).toEqual([]);
    }
  }, 120_000);
});
