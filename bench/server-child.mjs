/**
 * The Duban server for the benchmark, in a process of its own (so that its memory can be measured and
 * the load generator does not share its event loop): the real startServer, scheduler off — the
 * compiled server that `npm start` runs (dist/server, built by bench/run.ts before it starts us).
 */
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
process.on('message', (message) => {
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
