/**
 * The embedded database's own start: the cluster is made and migrated by initdb in a child process
 * (so the server never holds initdb's or the migrations' memory), only a finished cluster is put
 * in place, and PostgreSQL runs with the small buffer pool chosen for it (src/db/pglite.ts).
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsFolder, queryRows } from '../src/db/client';
import { openPglite } from '../src/db/pglite';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'duban-embedded-'));
  dirs.push(dir);
  return dir;
}

// Each test runs initdb (PostgreSQL in WebAssembly, in a child process): 5–10 s on a quiet 2-core
// machine, over 30 s when other test files run beside it. Like test/backup.test.ts, which starts
// clusters too, these get the time that work takes.
const INITDB_TEST_MS = 180_000;

describe('the embedded database', () => {
  it(
    'creates the cluster on first start, migrated, with 16 MB of shared buffers, and opens it again',
    async () => {
      const dir = scratch();
      const first = await openPglite(dir);
      const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8'));
      const applied = async () =>
        (
          await queryRows<{ n: number }>(
            first.db,
            sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
          )
        )[0]?.n;
      try {
        // Every migration ran in the child, before the server's own migrate() (which finds nothing to do).
        expect(await applied()).toBe(journal.entries.length);
        const [trgm] = await queryRows<{ n: number }>(
          first.db,
          sql`select count(*)::int as n from pg_extension where extname = 'pg_trgm'`,
        );
        expect(trgm?.n).toBe(1);
        await first.migrate();
        expect(await applied()).toBe(journal.entries.length);
        const [empty] = await queryRows<{ n: number }>(first.db, sql`select count(*)::int as n from items`);
        expect(empty?.n).toBe(0);
        const [row] = await queryRows<{ shared_buffers: string }>(first.db, sql`show shared_buffers`);
        expect(row?.shared_buffers).toBe('16MB');
        await first.db.execute(sql`create table kept (v int)`);
        await first.db.execute(sql`insert into kept values (42)`);
      } finally {
        await first.close();
      }
      expect(existsSync(path.join(dir, 'pgdata', 'PG_VERSION'))).toBe(true);
      expect(existsSync(path.join(dir, 'pgdata.initdb'))).toBe(false);
      const again = await openPglite(dir);
      try {
        const rows = await queryRows<{ v: number }>(again.db, sql`select v from kept`);
        expect(rows).toEqual([{ v: 42 }]);
      } finally {
        await again.close();
      }
    },
    INITDB_TEST_MS,
  );

  it(
    'sets aside a directory that is no cluster (an initdb that did not finish) and never deletes it',
    async () => {
      const dir = scratch();
      mkdirSync(path.join(dir, 'pgdata', 'base'), { recursive: true });
      writeFileSync(path.join(dir, 'pgdata', 'base', 'leftover'), 'half-made');
      // A scratch directory of an earlier interrupted start is simply made again.
      mkdirSync(path.join(dir, 'pgdata.initdb'));
      const handle = await openPglite(dir);
      try {
        const [row] = await queryRows<{ one: number }>(handle.db, sql`select 1 as one`);
        expect(row?.one).toBe(1);
      } finally {
        await handle.close();
      }
      const entries = readdirSync(dir);
      const aside = entries.filter((e) => e.startsWith('pgdata.incomplete-'));
      expect(aside).toHaveLength(1);
      expect(existsSync(path.join(dir, aside[0] as string, 'base', 'leftover'))).toBe(true);
      expect(existsSync(path.join(dir, 'pgdata', 'PG_VERSION'))).toBe(true);
      expect(entries).not.toContain('pgdata.initdb');
    },
    INITDB_TEST_MS,
  );
});
