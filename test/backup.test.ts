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

  it('refuses to back up a data directory another process holds without a server on it', async () => {
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

  it('backs up online while the server runs and writes: a consistent dump, the server never stops', async () => {
    const dir = path.join(scratch, 'online');
    const password = 'Backup#2026';
    const server = await startServer({
      port: 0,
      dataDir: dir,
      databaseUrl: undefined,
      bootstrapAdminPassword: password,
      logLevel: 'silent',
    });
    const prefix = '备份期间新建的部门';
    let created = 0;
    let writing = true;
    let writer: Promise<void> | undefined;
    let failure: unknown;
    /** How many writes have been answered; a failed write fails the wait at once. */
    const answered = () => {
      if (failure) throw failure;
      return created;
    };
    try {
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      // One writer, one department after the other: each is a department row and its audit event
      // in one transaction, so a consistent dump holds the first n of them, both rows of each.
      writer = (async () => {
        while (writing) {
          const res = await fetch(`${server.url}/api/departments`, {
            method: 'POST',
            headers: { cookie, 'content-type': 'application/json', 'x-requested-with': 'duban' },
            body: JSON.stringify({ name: `${prefix}${created}` }),
          });
          if (res.status !== 201) throw new Error(`POST /api/departments: ${res.status} ${await res.text()}`);
          created++;
        }
      })().catch((error: unknown) => {
        failure = error;
      });
      await expect.poll(answered, { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
      const before = created;
      const file = path.join(scratch, 'online.backup');
      await backup({ dataDir: dir }, file);
      const during = created;
      // The server kept taking writes after the backup.
      await expect.poll(answered, { timeout: 60_000 }).toBeGreaterThan(during + 2);
      writing = false;
      await writer;
      expect(failure).toBeUndefined();

      const target = path.join(scratch, 'online-restored');
      await restore({ dataDir: target }, file);
      const handle = await openPglite(target);
      try {
        const names = async (text: string) =>
          ((await handle.db.execute(text as never)) as unknown as { rows: { name: string }[] }).rows
            .map((r) => r.name)
            .sort((a, b) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)));
        const departments = await names(`select name from departments where name like '${prefix}%'`);
        const audited = await names(
          `select detail->'after'->>'name' as name from audit_events
           where action = 'org.department.create' and detail->'after'->>'name' like '${prefix}%'`,
        );
        // Every write answered before the backup began is in it; at most the one in flight after.
        expect(departments.length).toBeGreaterThanOrEqual(before);
        expect(departments.length).toBeLessThanOrEqual(during + 1);
        expect(departments).toEqual(departments.map((_, i) => `${prefix}${i}`));
        expect(audited).toEqual(departments);
      } finally {
        await handle.close();
      }
    } finally {
      writing = false;
      await writer;
      await server.close();
    }
  }, 240_000);
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
