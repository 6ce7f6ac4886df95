/**
 * The Duban server for the attachment benchmark, in a process of its own so that its RSS can be
 * read from /proc: the compiled server that `npm start` runs (dist/server, built by
 * bench/attachments.ts before it starts us), on PostgreSQL (BENCH_DATABASE_URL) or on an embedded
 * PGlite in BENCH_DATA_DIR, with an administrator whose password is BENCH_ADMIN_PASSWORD.
 */
import { startServer } from '../dist/server/main.mjs';

const databaseUrl = process.env.BENCH_DATABASE_URL || undefined;
const dataDir = process.env.BENCH_DATA_DIR;
if (!databaseUrl && !dataDir) throw new Error('set BENCH_DATABASE_URL or BENCH_DATA_DIR');

const server = await startServer({
  port: 0,
  ...(databaseUrl ? { databaseUrl } : { databaseUrl: undefined, dataDir }),
  bootstrapAdminPassword: process.env.BENCH_ADMIN_PASSWORD,
  logLevel: 'warn',
  jobs: { enabled: false, monthlyDay: 1, intervalSeconds: 300 },
});
process.send?.({ url: server.url });
process.on('message', (message) => {
  if (message === 'stop') {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  }
});
process.on('disconnect', () => process.exit(0));
