// `npm start`: builds the web UI when it is missing or older than its sources, then runs the
// server (TypeScript through tsx, in this same process so that signals reach it directly).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webSrc = path.join(root, 'src', 'web');
const builtIndex = path.join(root, 'dist', 'web', 'index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

if (existsSync(path.join(webSrc, 'index.html')) && !process.env.WEB_DIR) {
  const stale = !existsSync(builtIndex) || statSync(builtIndex).mtimeMs < newestMtime(webSrc);
  if (stale) {
    console.log('  正在构建网页界面 / building the web UI…');
    const result = spawnSync(
      process.execPath,
      [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'],
      {
        cwd: root,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
}

const { register } = await import('tsx/esm/api');
register();
await import('../src/server/run.ts');
