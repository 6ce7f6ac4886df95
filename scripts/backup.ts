/**
 * `npm run backup -- FILE` and `npm run restore -- FILE`: the whole database (items, tasks,
 * history, attachments — they all live in it) to one file and back, for the database the
 * environment configures (DATABASE_URL, or the embedded one in DATA_DIR; see docs/operations.md).
 *
 * - PostgreSQL: pg_dump's custom format (`pg_dump -Fc`), online, consistent (one snapshot);
 *   restored with pg_restore into an empty database, in one transaction.
 * - Embedded (PGlite): PGlite's own dump of the cluster. While a server runs on the directory (one
 *   process per data directory), the server takes the dump itself, online, and hands it over
 *   through a socket in DATA_DIR (src/db/online-backup.ts); otherwise the command opens the
 *   directory. The restore goes into an empty DATA_DIR.
 *
 * A file of one kind cannot be restored into the other (different formats): the restore says so.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import pg from 'pg';
import { DataDirLockedError } from '../src/db/lock';
import { backupThroughServer } from '../src/db/online-backup';
import { backupPglite, restorePglite } from '../src/db/pglite';
import { loadConfig } from '../src/server/config';

export type Target = { databaseUrl: string } | { dataDir: string };

function run(command: string, args: string[]): void {
  const child = spawnSync(command, args, { encoding: 'utf8' });
  if (child.error) {
    throw new Error(
      `${command} 无法运行（请安装 postgresql-client）/ cannot run ${command}: ${child.error.message}`,
    );
  }
  if (child.status !== 0) throw new Error(`${command} 失败 / failed:\n${child.stderr}`);
}

/** 'postgres' for pg_dump's custom format, 'pglite' for a gzip (PGlite's dump), else undefined. */
function kindOf(file: string): 'postgres' | 'pglite' | undefined {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(5);
    readSync(fd, head, 0, 5, 0);
    if (head.toString('latin1') === 'PGDMP') return 'postgres';
    if (head[0] === 0x1f && head[1] === 0x8b) return 'pglite';
    return undefined;
  } finally {
    closeSync(fd);
  }
}

export async function backup(target: Target, file: string): Promise<void> {
  if ('databaseUrl' in target) {
    run('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, target.databaseUrl]);
  } else {
    try {
      await backupPglite(target.dataDir, file);
    } catch (error) {
      // A server holds the directory: it takes the backup for us, or (no socket) the refusal stands.
      if (!(error instanceof DataDirLockedError)) throw error;
      if (!(await backupThroughServer(target.dataDir, file))) throw error;
    }
  }
}

export async function restore(target: Target, file: string): Promise<void> {
  if (!existsSync(file)) throw new Error(`找不到备份文件 / no such file: ${file}`);
  const kind = kindOf(file);
  if ('databaseUrl' in target) {
    if (kind !== 'postgres') {
      throw new Error(`${file} 不是 PostgreSQL 的备份（pg_dump -Fc）/ not a PostgreSQL backup`);
    }
    const client = new pg.Client({ connectionString: target.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ t: string | null }>(
        "select to_regclass('public.items')::text as t",
      );
      if (rows[0]?.t) {
        throw new Error(
          '目标数据库不是空的，恢复只写入空数据库 / the target database is not empty: restore into an empty one',
        );
      }
    } finally {
      await client.end();
    }
    run('pg_restore', [
      '--no-owner',
      '--exit-on-error',
      '--single-transaction',
      `--dbname=${target.databaseUrl}`,
      file,
    ]);
  } else {
    if (kind !== 'pglite')
      throw new Error(`${file} 不是内嵌数据库的备份 / not a backup of the embedded database`);
    await restorePglite(target.dataDir, file);
  }
}

if (process.argv[1]?.endsWith('backup.ts')) {
  const [command, file] = process.argv.slice(2);
  if ((command !== 'backup' && command !== 'restore') || !file) {
    process.stderr.write('用法 / usage: npm run backup -- FILE   |   npm run restore -- FILE\n');
    process.exit(2);
  }
  const config = loadConfig();
  const target: Target = config.databaseUrl
    ? { databaseUrl: config.databaseUrl }
    : { dataDir: config.dataDir };
  const where = 'databaseUrl' in target ? 'PostgreSQL (DATABASE_URL)' : `DATA_DIR ${target.dataDir}`;
  try {
    await (command === 'backup' ? backup(target, file) : restore(target, file));
    process.stdout.write(
      `${command === 'backup' ? '已备份' : '已恢复'} / ${command} done: ${where} ${command === 'backup' ? '→' : '←'} ${file}\n`,
    );
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
