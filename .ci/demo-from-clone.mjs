// CI: the README's `npm run demo` must work on a fresh clone — build the web UI and serve it, not the
// placeholder "网页界面尚未构建". Clones the committed tree (so no dist/), borrows node_modules, runs
// the demo until it prints its address, fetches / and the script it names, then stops it.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'duban-demo-clone-'));
const LIMIT_MS = 300_000;

function fail(message, log) {
  console.error(`demo from a fresh clone: ${message}\n--- demo output ---\n${log}`);
  process.exitCode = 1;
}

execFileSync('git', ['clone', '--quiet', '--no-hardlinks', root, dir]);
symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');

// The demo's defaults, but any free port; its own process group, so that stopping it stops npm, tsx
// and the server alike.
const env = { ...process.env, PORT: '0', HOST: '127.0.0.1' };
delete env.WEB_DIR;
delete env.DATABASE_URL;
const demo = spawn('npm', ['run', 'demo'], {
  cwd: dir,
  env,
  detached: true,
  stdio: ['ignore', 'pipe', 'pipe'],
});
let log = '';
const url = await new Promise((resolve) => {
  const timer = setTimeout(() => resolve(undefined), LIMIT_MS);
  const read = (chunk) => {
    log += chunk;
    const found = /demo: (http:\/\/\S+)/.exec(log);
    if (found) {
      clearTimeout(timer);
      resolve(found[1]);
    }
  };
  demo.stdout.on('data', read);
  demo.stderr.on('data', read);
  demo.on('exit', () => {
    clearTimeout(timer);
    resolve(undefined);
  });
});

try {
  if (!url) {
    fail('it never printed its address', log);
  } else {
    const html = await (await fetch(`${url}/`)).text();
    const script = /<script type="module"[^>]*src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    if (html.includes('网页界面尚未构建')) fail('/ is the placeholder page', log);
    else if (!script) fail(`/ is not the built app:\n${html}`, log);
    else {
      const asset = await fetch(`${url}${script}`);
      if (!asset.ok) fail(`${script} answered ${asset.status}`, log);
      else console.log(`npm run demo on a fresh clone serves the built UI at ${url} (${script})`);
    }
  }
} finally {
  try {
    process.kill(-demo.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
  await new Promise((resolve) => (demo.exitCode === null ? demo.on('exit', resolve) : resolve()));
  rmSync(dir, { recursive: true, force: true });
}
