/**
 * The Duban server for the benchmark, in a process of its own (so that its memory can be measured and
 * the load generator does not share its event loop): the real startServer, scheduler off — the
 * compiled server that `npm start` runs (dist/server, built by bench/run.ts before it starts us).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { startServer } from '../dist/server/main.mjs';

// PostgreSQL (BENCH_DATABASE_URL) or the embedded database in BENCH_DATA_DIR.
const databaseUrl = process.env.BENCH_DATABASE_URL;
const dataDir = process.env.BENCH_DATA_DIR;
if (!databaseUrl && !dataDir) throw new Error('set BENCH_DATABASE_URL or BENCH_DATA_DIR');
const poolSize = process.env.BENCH_POOL_SIZE ? Number(process.env.BENCH_POOL_SIZE) : undefined;

const server = await startServer({
  port: 0,
  databaseUrl,
  ...(dataDir ? { dataDir } : {}),
  logLevel: 'warn',
  jobs: { enabled: false, monthlyDay: 1, intervalSeconds: 300 },
  ...(poolSize ? { dbPoolSize: poolSize } : {}),
});
process.send?.({ url: server.url });
// A profile of one phase only (--profile-completions): started and stopped by the harness, so that
// start-up, sign-ins and the other phases do not mix into it.
let profiler;
async function profile(message) {
  if (message.profile === 'start') {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
    await profiler.post('Profiler.start');
  } else if (message.profile === 'stop' && profiler) {
    const { profile: result } = await profiler.post('Profiler.stop');
    writeFileSync(message.file, JSON.stringify(result));
    profiler.disconnect();
    profiler = undefined;
  }
  process.send?.({ profiled: message.profile });
}

process.on('message', (message) => {
  if (message && typeof message === 'object' && 'profile' in message) {
    profile(message).catch((error) => process.send?.({ profiled: 'error', error: String(error) }));
    return;
  }
  if (message === 'stop') {
    // process.exit after close, so that --cpu-prof writes its profile.
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  }
});
// The harness died without stopping us: do not linger.
process.on('disconnect', () => process.exit(0));
