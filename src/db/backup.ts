/**
 * 备份与恢复: the whole database in one file — items, tasks, history and the attachments' bytes,
 * which live in the database too (spec §13), so one backup holds everything.
 *
 * - PostgreSQL: `pg_dump --format=custom` and `pg_restore` (the client tools of the server's major
 *   version or newer must be installed).
 * - The embedded PGlite: its own dump of the data directory (a gzip'd tarball), restored by
 *   loading it into an empty data directory. The dump is built in memory: fine for the embedded
 *   database's sizes; use PostgreSQL for large installations.
 *
 * A restore goes into an empty database only (a fresh PostgreSQL database, an empty DATA_DIR), so
 * that it never mixes two histories; stop the server using the data directory first.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { acquireDataDirLock } from './lock';
import { PGLITE_BYTEA } from './pglite';

/** Runs a client tool; its error output becomes the error's message. */
function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', (error) =>
      reject(new Error(`${command} 无法运行（请安装 PostgreSQL 客户端工具）：${error.message}`)),
    );
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} 失败（${code}）：${stderr.trim()}`)),
    );
  });
}

export async function backupPostgres(url: string, file: string): Promise<void> {
  await run('pg_dump', [
    '--format=custom',
    '--no-owner',
    '--no-privileges',
    `--file=${file}`,
    `--dbname=${url}`,
  ]);
}

/** Restores a pg_dump file into the database at `url`, which must hold no table yet. */
export async function restorePostgres(url: string, file: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n from pg_tables where schemaname not in ('pg_catalog', 'information_schema')`,
    );
    if ((rows[0]?.n ?? 0) > 0) throw new Error('目标数据库不是空的：请恢复到一个新建的空数据库');
  } finally {
    await client.end();
  }
  await run('pg_restore', [
    '--no-owner',
    '--no-privileges',
    '--single-transaction',
    '--exit-on-error',
    `--dbname=${url}`,
    file,
  ]);
}

/** Writes the embedded database's dump (a gzip'd tarball of its data directory) to `file`. */
export async function backupPglite(client: PGlite, file: string): Promise<void> {
  const dump = await client.dumpDataDir('gzip');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
}

/** Loads a dump into `dataDir` (DATA_DIR), which must not hold a database yet. */
export async function restorePglite(dataDir: string, file: string): Promise<void> {
  const pgdata = path.join(dataDir, 'pgdata');
  if (existsSync(pgdata) && readdirSync(pgdata).length > 0) {
    throw new Error(`数据目录 ${pgdata} 不是空的：请恢复到一个空的 DATA_DIR`);
  }
  mkdirSync(dataDir, { recursive: true });
  const lock = acquireDataDirLock(dataDir);
  try {
    const client = await PGlite.create({
      dataDir: pgdata,
      loadDataDir: new Blob([readFileSync(file)]),
      extensions: { pg_trgm },
      ...PGLITE_BYTEA,
    });
    await client.close();
  } finally {
    lock.release();
  }
}
