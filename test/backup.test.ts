/**
 * npm run backup / npm run restore (scripts/backup.ts): a populated database (the demo's
 * organisation and items in every state) is backed up, restored into an empty one, and every table
 * — items, tasks, flows, history (audit events), notifications, attachments once they exist — has
 * the same rows, compared by count and by a checksum of their contents.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { backup, restore, type Target } from '../scripts/backup';
import { seedDemo } from '../scripts/demo-data';
import type { Database } from '../src/db/client';
import { openPglite } from '../src/db/pglite';
import type { Config } from '../src/server/config';
import { startServer } from '../src/server/main';
import { usingPostgres } from './db';
import { databaseUrlFor } from './global-setup';

const scratch = mkdtempSync(path.join(tmpdir(), 'duban-backup-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Contents = Record<string, { rows: number; checksum: string }>;

/** Every table of the public schema: its row count and an md5 of its rows in a fixed order. */
async function contents(
  query: (text: string) => Promise<{ rows: Record<string, unknown>[] }>,
): Promise<Contents> {
  const { rows: tables } = await query(
    "select tablename from pg_tables where schemaname = 'public' order by tablename",
  );
  const out: Contents = {};
  for (const { tablename } of tables as { tablename: string }[]) {
    const { rows } = await query(
      `select count(*)::int as rows, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as checksum
       from public."${tablename}" t`,
    );
    out[tablename] = rows[0] as { rows: number; checksum: string };
  }
  return out;
}

/** A server on `overrides`' database, filled with the demo data, then stopped. */
async function populate(overrides: Partial<Config>): Promise<void> {
  const clock = () => new Date();
  const server = await startServer(
    { port: 0, bootstrapAdminPassword: 'Backup#2026', logLevel: 'silent', ...overrides },
    { clock, beforeListen: (db, cfg) => seedDemo(db.db as Database, cfg, clock) },
  );
  await server.close();
}

function expectPopulated(before: Contents): void {
  for (const table of ['items', 'tasks', 'flows', 'audit_events', 'notifications', 'users']) {
    expect(before[table]?.rows, table).toBeGreaterThan(0);
  }
}

describe('backup and restore of the embedded database', () => {
  it('restores every row into an empty DATA_DIR, and refuses to overwrite one that has a database', async () => {
    const source = path.join(scratch, 'source');
    await populate({ dataDir: source, databaseUrl: undefined });
    const read = async (dataDir: string) => {
      const handle = await openPglite(dataDir);
      try {
        return await contents(async (text) => (await handle.db.execute(text as never)) as never);
      } finally {
        await handle.close();
      }
    };
    const before = await read(source);
    expectPopulated(before);

    const file = path.join(scratch, 'embedded.backup');
    await backup({ dataDir: source }, file);
    const target = path.join(scratch, 'restored');
    await restore({ dataDir: target }, file);
    expect(await read(target)).toEqual(before);

    await expect(restore({ dataDir: target }, file)).rejects.toThrow(/已有数据库/);
    // A PostgreSQL dump is not an embedded backup: said, nothing written.
    const wrongKind = path.join(scratch, 'wrong.backup');
    writeFileSync(wrongKind, 'PGDMP not really');
    await expect(restore({ dataDir: path.join(scratch, 'other') }, wrongKind)).rejects.toThrow(
      /不是内嵌数据库的备份/,
    );
  }, 240_000);

  it('refuses to back up a data directory a running server holds', async () => {
    const dir = path.join(scratch, 'running');
    const handle = await openPglite(dir);
    try {
      await expect(backup({ dataDir: dir }, path.join(scratch, 'running.backup'))).rejects.toThrow(
        /正被另一个 Duban 进程/,
      );
    } finally {
      await handle.close();
    }
  }, 120_000);
});

describe.skipIf(!usingPostgres)('backup and restore on PostgreSQL', () => {
  const base = process.env.TEST_DATABASE_URL as string;
  const names = [`duban_backup_src_${process.pid}`, `duban_backup_dst_${process.pid}`];
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  afterAll(async () => {
    for (const name of names) await admin(`drop database if exists ${name} with (force)`);
  });

  it('restores every row into an empty database, and refuses a database that is not empty', async () => {
    const [src, dst] = names.map((n) => databaseUrlFor(base, n)) as [string, string];
    for (const name of names) await admin(`create database ${name}`);
    await populate({ databaseUrl: src });
    const read = async (url: string) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return await contents((text) => client.query(text));
      } finally {
        await client.end();
      }
    };
    const before = await read(src);
    expectPopulated(before);
    const file = path.join(scratch, 'postgres.backup');
    const target: Target = { databaseUrl: dst };
    await backup({ databaseUrl: src }, file);
    await restore(target, file);
    expect(await read(dst)).toEqual(before);
    await expect(restore(target, file)).rejects.toThrow(/不是空的/);
  }, 240_000);
});
