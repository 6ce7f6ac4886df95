/**
 * Process entry: configuration, database, migrations, first-start set-up, the HTTP server, the
 * scheduler, and a graceful shutdown on SIGTERM/SIGINT.
 */
import pino from 'pino';
import { type DatabaseHandle, openDatabase } from '../db/client';
import { openBackupDoor } from '../db/online-backup';
import type { Clock } from '../platform/clock';
import { buildApp } from './app';
import { bootstrap } from './bootstrap';
import { type Config, ConfigError, loadConfig } from './config';

export interface RunningServer {
  url: string;
  config: Config;
  db: DatabaseHandle;
  close(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  /** Extra work once the database is migrated, before the port opens (the demo fills data here). */
  beforeListen?: (db: DatabaseHandle, config: Config) => Promise<void>;
}

/** Starts Duban with the environment's configuration, overridden by `overrides` (tests, demo). */
export async function startServer(
  overrides: Partial<Config> = {},
  options: StartOptions = {},
): Promise<RunningServer> {
  const config: Config = { ...loadConfig(), ...overrides };
  const clock = options.clock ?? (() => new Date());
  const logger = pino({ level: config.logLevel });
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
  });
  try {
    await db.migrate();
    const created = await bootstrap(db.db, clock(), config.bootstrapAdminPassword);
    if (created.admin?.generated) {
      logger.warn(
        { username: 'admin' },
        'created the first administrator with a random password (shown once below)',
      );
      process.stdout.write(
        `\n  初始管理员 / first administrator: admin  密码 / password: ${created.admin.password}\n\n`,
      );
    } else if (created.admin) {
      logger.info({ username: 'admin' }, 'created the first administrator with BOOTSTRAP_ADMIN_PASSWORD');
    }
    await options.beforeListen?.(db, config);
    const { app, scheduler } = await buildApp({ config, db: db.db, clock, logger });
    await app.listen({ port: config.port, host: config.host });
    if (config.jobs.enabled) scheduler.start();
    // The embedded database: `npm run backup` asks this process for the dump (one process per
    // data directory, so the command cannot open it itself while we run).
    const door = db.dump
      ? await openBackupDoor(config.dataDir, db.dump, (error) =>
          logger.warn({ err: error }, 'online backup: the socket in DATA_DIR failed'),
        )
      : undefined;
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    let closing: Promise<void> | undefined;
    return {
      url,
      config,
      db,
      close() {
        closing ??= (async () => {
          await door?.close();
          await app.close();
          await db.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}

/** `npm start`: run until SIGTERM/SIGINT. */
export async function main(): Promise<void> {
  let server: RunningServer;
  try {
    server = await startServer();
  } catch (error) {
    if (error instanceof ConfigError || (error instanceof Error && error.name === 'DataDirLockedError')) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  process.stdout.write(`  Duban 督办 已启动 / running at ${server.url}\n`);
  const shutdown = (signal: string) => {
    process.stdout.write(`  ${signal}: 正在关闭 / shutting down…\n`);
    // A stuck request must not keep the process alive forever.
    setTimeout(() => process.exit(1), 10_000).unref();
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
