/**
 * The embedded database (PGlite, PostgreSQL compiled to WebAssembly), imported by ./client only
 * when no DATABASE_URL is set, and directly by the tests (a migrated template loaded in memory).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { type Database, type DatabaseHandle, migrationsFolder } from './client';
import { acquireDataDirLock, type DataDirLock } from './lock';
import * as schema from './schema';

const BYTEA = 17;

/**
 * bytea (attachment chunks) through PGlite with Node's native hex codec: PGlite's own converts byte
 * by byte in JavaScript, several times slower for a 256 KiB chunk. node-postgres needs nothing: it
 * sends Buffers as binary parameters and parses bytea with Buffer.from.
 */
export const PGLITE_BYTEA = {
  parsers: { [BYTEA]: (text: string) => Buffer.from(text.slice(2), 'hex') },
  serializers: {
    [BYTEA]: (value: Uint8Array) =>
      `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`,
  },
};

/**
 * PostgreSQL settings of the embedded database. PGlite keeps PostgreSQL's 128 MB of shared buffers
 * inside its WebAssembly memory, and a buffer once touched stays resident: the server sat at
 * ~340 MB at rest. 16 MB of buffers bring an existing database's process to ~200 MB; the files are
 * still cached by the operating system, so a page outside the buffers costs a read from the page
 * cache, not from disk. An office that outgrows this runs on PostgreSQL (DATABASE_URL).
 */
const EMBEDDED_SETTINGS = ['shared_buffers=16MB'];

/**
 * Creates the cluster (initdb) and applies the migrations in a child process. initdb in WebAssembly
 * peaks at ~750 MB and PGlite does not give that memory back while the process lives, so doing it in
 * the server process left a fresh `npm start` at ~590 MB for good; the migrations grew the server's
 * WebAssembly memory by another ~30 MB that an existing directory's start never holds (bench: "The
 * embedded database"). The child writes into a scratch directory that is renamed into place only
 * when it has finished, so a start killed half-way leaves no half-made cluster behind; the server's
 * own `migrate()` then finds nothing to do. Migrations added by an upgrade run in the server.
 */
function initializeCluster(pgdata: string): void {
  const scratch = `${pgdata}.initdb`;
  rmSync(scratch, { recursive: true, force: true });
  const resolve = createRequire(import.meta.url).resolve;
  const modules = [
    '@electric-sql/pglite',
    '@electric-sql/pglite/contrib/pg_trgm',
    'drizzle-orm/pglite',
    'drizzle-orm/pglite/migrator',
  ].map((m) => pathToFileURL(resolve(m)).href);
  const child = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const [pglite, trgm, driver, migrator, dataDir, settings, migrationsFolder] = process.argv.slice(1);
       const { PGlite } = await import(pglite);
       const { pg_trgm } = await import(trgm);
       const { drizzle } = await import(driver);
       const { migrate } = await import(migrator);
       const db = await PGlite.create({ dataDir, extensions: { pg_trgm }, postgresqlconf: JSON.parse(settings) });
       await migrate(drizzle(db), { migrationsFolder });
       await db.close();`,
      ...modules,
      scratch,
      JSON.stringify(EMBEDDED_SETTINGS),
      migrationsFolder,
    ],
    { encoding: 'utf8' },
  );
  if (child.status !== 0 || !existsSync(path.join(scratch, 'PG_VERSION'))) {
    throw new Error(
      `内嵌数据库初始化失败 / initdb of the embedded database failed: ${child.stderr || child.error}`,
    );
  }
  // A directory without PG_VERSION is no cluster (an earlier initdb in place that did not finish):
  // kept aside, never deleted.
  if (existsSync(pgdata)) renameSync(pgdata, `${pgdata}.incomplete-${Date.now()}`);
  renameSync(scratch, pgdata);
}

/** An existing PGlite instance (tests load a migrated template into memory). */
export function wrapPglite(client: PGlite, onClose?: () => void): DatabaseHandle {
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(drizzlePglite(client, { schema }), { migrationsFolder }),
    dump: () => dumpRunning(client),
    async close() {
      await client.close();
      onClose?.();
    },
  };
}

/**
 * A consistent dump of a database in use, for the online backup (./online-backup). PGlite runs one
 * statement at a time and lets one transaction in at a time: the dump is taken inside a
 * transaction of its own, so it waits for the transaction in progress and holds the next ones back
 * (they wait, they do not fail) while a checkpoint writes every buffered page to the files and the
 * files are read. Its own transaction writes nothing.
 */
export async function dumpRunning(client: PGlite): Promise<Buffer> {
  return client.transaction(async (tx) => {
    await tx.exec('CHECKPOINT');
    const dump = await client.dumpDataDir('gzip');
    return Buffer.from(await dump.arrayBuffer());
  });
}

/**
 * The embedded database in `dataDir`. PGlite does not lock its directory itself, so a lock file
 * keeps a second server off the same directory (two writers would corrupt it).
 */
export async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  mkdirSync(dataDir, { recursive: true });
  const lock: DataDirLock = acquireDataDirLock(dataDir);
  try {
    const pgdata = path.join(dataDir, 'pgdata');
    if (!existsSync(path.join(pgdata, 'PG_VERSION'))) initializeCluster(pgdata);
    const client = await PGlite.create({
      dataDir: pgdata,
      extensions: { pg_trgm },
      postgresqlconf: EMBEDDED_SETTINGS,
      ...PGLITE_BYTEA,
    });
    return wrapPglite(client, () => lock.release());
  } catch (error) {
    lock.release();
    throw error;
  }
}

/**
 * Backup of the embedded database: PGlite's own dump of its data directory (a gzipped tar of the
 * cluster). The directory is opened like a server would, so a running server on it is refused
 * (one process per directory); the dump is consistent because nothing else writes meanwhile.
 */
export async function backupPglite(dataDir: string, file: string): Promise<void> {
  const pgdata = path.join(dataDir, 'pgdata');
  if (!existsSync(path.join(pgdata, 'PG_VERSION'))) {
    throw new Error(`DATA_DIR ${dataDir} 中没有数据库 / no database in ${dataDir}`);
  }
  const lock = acquireDataDirLock(dataDir);
  try {
    const client = await PGlite.create({
      dataDir: pgdata,
      extensions: { pg_trgm },
      postgresqlconf: EMBEDDED_SETTINGS,
    });
    try {
      const dump = await client.dumpDataDir('gzip');
      writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    } finally {
      await client.close();
    }
  } finally {
    lock.release();
  }
}

/** Restores a backupPglite file into `dataDir`, which must hold no database yet. */
export async function restorePglite(dataDir: string, file: string): Promise<void> {
  const pgdata = path.join(dataDir, 'pgdata');
  if (existsSync(pgdata)) {
    throw new Error(
      `DATA_DIR ${dataDir} 中已有数据库，恢复只写入空目录 / ${dataDir} already holds a database: restore into an empty DATA_DIR`,
    );
  }
  mkdirSync(dataDir, { recursive: true });
  const lock = acquireDataDirLock(dataDir);
  try {
    const client = await PGlite.create({
      dataDir: pgdata,
      loadDataDir: new Blob([readFileSync(file)]),
      extensions: { pg_trgm },
      postgresqlconf: EMBEDDED_SETTINGS,
    });
    await client.close();
  } catch (error) {
    rmSync(pgdata, { recursive: true, force: true });
    throw error;
  } finally {
    lock.release();
  }
}
