/**
 * The embedded database (PGlite), as most offices run Duban: the compiled server started on an
 * empty data directory (initdb, migrations, first administrator), then signed-in first screens that
 * the server renders (SERVER_RENDER, on by default: its render module stays loaded from then on),
 * then 待办 under K connections, then a restart on the now existing directory. Time to listening,
 * RSS at rest (5 s after start and after the load, 20 s after the pages), and the kernel's peak
 * (VmHWM) of the server process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { HttpClient } from './http';
import { startChild } from './processes';
import { round } from './stats';

export interface EmbeddedStart {
  /** Seconds from spawning the process to the port answering. */
  startSeconds: number;
  restRssMb: number;
  peakRssMb: number;
}

export interface EmbeddedResult {
  fresh: EmbeddedStart;
  /** Signed-in first screens loaded one after another, and how many the server rendered. */
  pages: { loads: number; rendered: number; restRssMb: number; peakRssMb: number };
  /** 待办 (GET /api/tasks?state=pending&pageSize=20) under load, on the fresh server. */
  load: {
    connections: number;
    seconds: number;
    requestsPerSecond: number;
    non2xx: number;
    rssMb: number;
    peakRssMb: number;
  };
  existing: EmbeddedStart;
}

const PASSWORD = 'BenchAdmin#2026';
/** 督办空间, 待办, 督办查询 and 新建督办, in turn. */
const FIRST_SCREENS = ['/', '/tasks/pending', '/items', '/items/new'];
const settle = (ms = 5000) => new Promise((r) => setTimeout(r, ms));
/**
 * After a burst of renders V8 keeps the heap they grew until its memory reducer runs, 10–15 s after
 * the last one (measured: 292 MiB at 5 and 10 s, 240 MiB from 15 s on): "at rest" is after that.
 */
const RENDERS_SETTLE_MS = 20_000;

async function start(dataDir: string) {
  const started = performance.now();
  const child = await startChild('server-child.mjs', {
    BENCH_DATA_DIR: dataDir,
    BOOTSTRAP_ADMIN_PASSWORD: PASSWORD,
  });
  const startSeconds = round((performance.now() - started) / 1000, 1);
  await settle();
  return {
    child,
    figures: { startSeconds, restRssMb: round(child.rssMb(), 1), peakRssMb: round(child.peakRssMb(), 1) },
  };
}

export async function runEmbedded(options: {
  connections: number;
  seconds: number;
  pageLoads: number;
}): Promise<EmbeddedResult> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-bench-embedded-'));
  try {
    const fresh = await start(dataDir);
    const client = new HttpClient(fresh.child.url);
    await client.login('admin', PASSWORD);
    const cookie = client.cookie as string;
    client.close();
    let rendered = 0;
    for (let i = 0; i < options.pageLoads; i++) {
      const answer = await fetch(`${fresh.child.url}${FIRST_SCREENS[i % FIRST_SCREENS.length]}`, {
        headers: { cookie },
      });
      if ((await answer.text()).includes('id="duban-ssr"')) rendered++;
    }
    await settle(RENDERS_SETTLE_MS);
    const pages = {
      loads: options.pageLoads,
      rendered,
      restRssMb: round(fresh.child.rssMb(), 1),
      peakRssMb: round(fresh.child.peakRssMb(), 1),
    };
    const result = await autocannon({
      url: `${fresh.child.url}/api/tasks?state=pending&pageSize=20`,
      connections: options.connections,
      duration: options.seconds,
      headers: { cookie },
    });
    await settle();
    const load = {
      connections: options.connections,
      seconds: options.seconds,
      requestsPerSecond: round(result.requests.average, 1),
      non2xx: result.non2xx,
      rssMb: round(fresh.child.rssMb(), 1),
      peakRssMb: round(fresh.child.peakRssMb(), 1),
    };
    await fresh.child.stop();
    const existing = await start(dataDir);
    await existing.child.stop();
    return { fresh: fresh.figures, pages, load, existing: existing.figures };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
