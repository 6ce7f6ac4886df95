/**
 * The web UI in dist/web, built when it is missing or older than its sources. `npm start`,
 * `npm run demo` and the browser tests all call this, so none of them serves a missing UI (the
 * placeholder "网页界面尚未构建") or a stale one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const WEB_SRC = path.join(ROOT, 'src', 'web');
export const WEB_DIST = path.join(ROOT, 'dist', 'web');

/** The newest modification time under `dir`, tests left out (they are not part of the build). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (!/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** Whether dist/web is missing or older than src/web or the build's configuration. */
export function webBuildIsStale(): boolean {
  const builtIndex = path.join(WEB_DIST, 'index.html');
  if (!existsSync(builtIndex)) return true;
  const sources = Math.max(newestSource(WEB_SRC), statSync(path.join(ROOT, 'vite.config.ts')).mtimeMs);
  return sources > statSync(builtIndex).mtimeMs;
}

/**
 * Runs `vite build` when the UI is stale; does nothing where there are no web sources (an install
 * that ships dist/web only). Throws when the build fails.
 */
export function buildWebIfStale(): void {
  if (!existsSync(path.join(WEB_SRC, 'index.html')) || !webBuildIsStale()) return;
  console.log('  正在构建网页界面 / building the web UI…');
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
    { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } },
  );
  if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status ?? result.signal})`);
}
