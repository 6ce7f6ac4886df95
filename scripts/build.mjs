// @ts-check
/**
 * The builds `npm start`, `npm run demo`, the browser tests and the benchmark rely on, each made
 * only when missing or older than its sources:
 *  - the web UI (`vite build`) in dist/web;
 *  - the server, bundled once by esbuild into plain JavaScript in dist/server, so production runs
 *    `node` without a TypeScript loader (tsx's loader thread alone held ~74 MiB) and starts faster.
 *  - the server's render of the first screens (`vite build --ssr`, src/web/ssr/render.tsx) in
 *    dist/web-ssr, loaded by the server (src/server/plugins/first-screen.ts), and with it 登录's
 *    rendered page's CSS (scripts/critical-css.mjs);
 * Plain JavaScript itself, so that `npm start` needs no loader to build. `node scripts/build.mjs`
 * (`npm run build`) builds both unconditionally.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_SRC = path.join(ROOT, 'src', 'web');
export const WEB_DIST = path.join(ROOT, 'dist', 'web');
export const SERVER_DIST = path.join(ROOT, 'dist', 'server');
/** The server's render of the first screens (`vite build --ssr`). */
export const WEB_SSR_ENTRY = path.join(ROOT, 'dist', 'web-ssr', 'render.js');
/** The server's entries: `run` starts it; `main` exports startServer (benchmark children). */
export const SERVER_ENTRY = path.join(SERVER_DIST, 'run.mjs');

/**
 * V8 flags of the server process: `npm start` (package.json) and the benchmark's server children.
 * They take effect only on the command line, not from inside the process (bench: "Peak RSS").
 *  - V8 lets the young generation grow to two 16 MiB semi-spaces, which the server's start-up alone
 *    fills and which then stay resident: 4 MiB ones take ~25 MiB off the RSS at rest and under load.
 *  - V8 lets the old generation grow to up to 4× what survived the last full collection before
 *    collecting again: the export of 100k items, which makes much short-lived garbage, took the
 *    server from 126 to 274 MiB. At 1.5× it grew by 35 MiB, for ~10 % more CPU on that export.
 *  - V8 runs its background work (compiling PGlite's WebAssembly and hot code, parts of collecting)
 *    on four threads, and glibc gives each its own malloc arena, which keeps what those compilations
 *    used: one thread took the embedded server's RSS at rest from 239 to 201 MiB, and from 286 to
 *    234 MiB after the server's render had run, no slower on 2 cores (docs/benchmarks.md,
 *    "2 December, morning").
 *  - V8 "pretenures" an object literal (allocates it straight in the old generation) once objects
 *    from that place in the code have survived often, and never takes that back. A large answer
 *    (GET /api/users of 5,000 people) makes the literals it shares with every small request
 *    pretenured; from then on each request's dead old objects keep its young ones alive until the
 *    next full collection: 17 % of the young generation survived instead of 0.1 %, a full collection
 *    every second, GET /api/me at ~1.5× the CPU (docs/benchmarks.md, "3 December, evening").
 */
export const SERVER_NODE_FLAGS = [
  '--max-semi-space-size=4',
  '--heap-growing-percent=50',
  '--v8-pool-size=1',
  '--no-allocation-site-pretenuring',
];

/** The newest modification time under `dir`, tests and `skip` left out (not part of the build). */
function newestSource(/** @type {string} */ dir, /** @type {string[]} */ skip = []) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (skip.includes(full)) continue;
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full, skip));
    else if (!/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

const mtime = (/** @type {string} */ file) => (existsSync(file) ? statSync(file).mtimeMs : 0);

/** Whether dist/web is missing or older than src/web or the build's configuration. */
export function webBuildIsStale() {
  const builtIndex = path.join(WEB_DIST, 'index.html');
  if (!existsSync(builtIndex) || !existsSync(WEB_SSR_ENTRY)) return true;
  const sources = Math.max(
    newestSource(WEB_SRC),
    mtime(path.join(ROOT, 'vite.config.ts')),
    // The Vite plugins that make antd's static stylesheets (imported by vite.config.ts).
    mtime(path.join(ROOT, 'scripts', 'antd-static-css.ts')),
    mtime(path.join(ROOT, 'scripts', 'first-paint.ts')),
    mtime(path.join(ROOT, 'scripts', 'first-requests.ts')),
    mtime(path.join(ROOT, 'scripts', 'critical-css.mjs')),
  );
  return sources > Math.min(statSync(builtIndex).mtimeMs, statSync(WEB_SSR_ENTRY).mtimeMs);
}

/**
 * Runs `vite build` when the UI is stale (or always with `force`); does nothing where there are no
 * web sources (an install that ships dist/web only). Throws when the build fails.
 */
export function buildWebIfStale(force = false) {
  if (!existsSync(path.join(WEB_SRC, 'index.html')) || (!force && !webBuildIsStale())) return;
  console.log('  正在构建网页界面 / building the web UI…');
  // The browser's build, then the server's render of the same components (vite.config.ts).
  for (const extra of [[], ['--ssr']]) {
    const result = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn', ...extra],
      { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } },
    );
    if (result.status !== 0)
      throw new Error(`vite build ${extra.join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
  // 登录's rendered page with the CSS rules its render uses (needs the render just built).
  const critical = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'critical-css.mjs')], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (critical.status !== 0)
    throw new Error(`critical-css.mjs failed (exit ${critical.status ?? critical.signal})`);
}

/** Whether dist/server is missing or older than the server's sources (everything in src but the web). */
export function serverBuildIsStale() {
  if (!existsSync(SERVER_ENTRY)) return true;
  const src = path.join(ROOT, 'src');
  const sources = Math.max(
    newestSource(src, [WEB_SRC]),
    mtime(path.join(ROOT, 'package-lock.json')),
    mtime(fileURLToPath(import.meta.url)),
  );
  return sources > statSync(SERVER_ENTRY).mtimeMs;
}

/**
 * Packages bundled into the server instead of imported from node_modules: plain ES modules spread
 * over hundreds of small files, which Node resolves, reads and compiles one by one at every start
 * (typebox: ~700 files, ~240 ms of the start's CPU; drizzle-orm: ~450 files, ~100 ms). Only pure
 * JavaScript ES modules belong here: no CommonJS, no native code, nothing that reads files next to
 * its own.
 */
export const BUNDLED_PACKAGES = ['typebox', 'drizzle-orm'];

/** The package a bare import names (`@scope/name/sub` → `@scope/name`). */
const packageOf = (/** @type {string} */ specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** esbuild: every package stays an import of node_modules but those of BUNDLED_PACKAGES. */
const externalPackages = {
  name: 'external-packages',
  setup(/** @type {import('esbuild').PluginBuild} */ build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      BUNDLED_PACKAGES.includes(packageOf(args.path)) ? undefined : { path: args.path, external: true },
    );
  },
};

/**
 * Bundles the server with esbuild when stale (or always with `force`): our TypeScript becomes one
 * ES module per entry plus shared chunks (PGlite's adapter stays a chunk of its own, loaded only
 * for the embedded database); packages stay imports of node_modules, but BUNDLED_PACKAGES. The
 * migrations are copied beside the bundle, where the database module looks for them.
 */
export async function buildServerIfStale(force = false) {
  if (!existsSync(path.join(ROOT, 'src', 'server', 'run.ts')) || (!force && !serverBuildIsStale())) return;
  console.log('  正在构建服务端 / building the server…');
  const esbuild = await import('esbuild');
  rmSync(SERVER_DIST, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: {
      run: path.join(ROOT, 'src', 'server', 'run.ts'),
      main: path.join(ROOT, 'src', 'server', 'main.ts'),
    },
    outdir: SERVER_DIST,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    plugins: [externalPackages],
    sourcemap: true,
    logLevel: 'warning',
  });
  cpSync(path.join(ROOT, 'src', 'db', 'migrations'), path.join(SERVER_DIST, 'migrations'), {
    recursive: true,
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildWebIfStale(true);
  await buildServerIfStale(true);
}
