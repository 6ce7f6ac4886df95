/**
 * 备份与恢复 (spec §13: attachments live in the database, so a backup must hold them): a populated
 * database — items, flows, tasks, history and an attachment of several chunks — backed up and
 * restored into an empty one holds every row, and the attachment byte for byte. PostgreSQL through
 * pg_dump/pg_restore when the suite runs on it, else the embedded PGlite's own dump.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupPglite, backupPostgres, restorePglite, restorePostgres } from '../src/db/backup';
import { type Database, type DatabaseHandle, openPostgres, queryRows } from '../src/db/client';
import { openPglite } from '../src/db/pglite';
import { usingPostgres } from './db';
import { buildOrg, itemBody } from './factories';
import { databaseUrlFor } from './global-setup';
import { createTestApp, type TestApp } from './helpers';

let t: TestApp;
let dir: string;

beforeAll(async () => {
  t = await createTestApp();
  dir = mkdtempSync(path.join(os.tmpdir(), 'duban-backup-'));
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

function multipart(name: string, data: Buffer) {
  const boundary = '----dubanbackup';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`;
  return {
    body: Buffer.concat([Buffer.from(head), data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

interface Counts {
  items: number;
  flows: number;
  tasks: number;
  audit: number;
  attachments: number;
  chunks: number;
}

async function counts(db: Database): Promise<Counts> {
  const [row] = await queryRows<Counts>(
    db,
    sql`select (select count(*) from items)::int as items, (select count(*) from flows)::int as flows,
      (select count(*) from tasks)::int as tasks, (select count(*) from audit_events)::int as audit,
      (select count(*) from attachments where state = 'ready')::int as attachments,
      (select count(*) from attachment_chunks)::int as chunks`,
  );
  return row as Counts;
}

/** The SHA-256 of an attachment's chunks read back in order. */
async function storedSha256(db: Database, id: string): Promise<string> {
  const rows = await queryRows<{ data: Uint8Array }>(
    db,
    sql`select data from attachment_chunks where attachment_id = ${id} order by seq`,
  );
  const hash = createHash('sha256');
  for (const row of rows) hash.update(row.data);
  return hash.digest('hex');
}

describe('备份与恢复', () => {
  it('a backup restored into an empty database holds every item, task, history entry and attachment, byte for byte', async () => {
    const org = await buildOrg(t);
    const item = await org.clients.sup.post('/api/items', itemBody(org));
    expect(item.statusCode, item.body).toBe(201);
    const itemId = item.json().id as string;
    const data = Buffer.concat([PDF, randomBytes(600 * 1024)]);
    const { body, headers } = multipart('领导批示.pdf', data);
    const upload = await org.clients.sup.request('POST', `/api/items/${itemId}/attachments`, body, headers);
    expect(upload.statusCode, upload.body).toBe(201);
    const attachment = upload.json().attachment as { id: string; sha256: string };
    expect(attachment.sha256).toBe(createHash('sha256').update(data).digest('hex'));

    const before = await counts(t.db.db);
    expect(before).toMatchObject({ items: 1, attachments: 1, chunks: 3 });
    expect(before.tasks).toBeGreaterThan(0);
    expect(before.audit).toBeGreaterThan(0);

    const file = path.join(dir, 'duban.backup');
    let restored: DatabaseHandle;
    let drop = async () => {};
    if (usingPostgres && t.db.url) {
      const base = process.env.TEST_DATABASE_URL as string;
      await backupPostgres(t.db.url, file);
      // Named like the suite's databases, so that global teardown drops it after a crash.
      const name = `duban_t_${process.ppid}_${process.pid}_restored`;
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`create database ${name}`);
      drop = async () => {
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      };
      const url = databaseUrlFor(base, name);
      await restorePostgres(url, file);
      // A second restore would mix two histories: refused.
      await expect(restorePostgres(url, file)).rejects.toThrow('不是空的');
      restored = openPostgres(url, 2);
    } else {
      await backupPglite((t.db.db as unknown as { $client: PGlite }).$client, file);
      const dataDir = path.join(dir, 'restored');
      await restorePglite(dataDir, file);
      await expect(restorePglite(dataDir, file)).rejects.toThrow('不是空的');
      restored = await openPglite(dataDir);
    }
    try {
      expect(await counts(restored.db)).toEqual(before);
      expect(await storedSha256(restored.db, attachment.id)).toBe(attachment.sha256);
      // The restored database is at the current migration: a server starting on it finds nothing to do.
      await restored.migrate();
      expect(await counts(restored.db)).toEqual(before);
    } finally {
      await restored.close();
      await drop();
    }
  });
});
