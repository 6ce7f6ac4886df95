/**
 * On PostgreSQL, the application's repeated statements are prepared under a name on the connection
 * (src/db/prepared.ts) and give the same answers. Runs in the PostgreSQL pass (TEST_DATABASE_URL);
 * PGlite has no connections to prepare on.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/client';
import { departments } from '../src/db/schema';
import { createTestDatabase, usingPostgres } from './db';

describe.skipIf(!usingPostgres)('named prepared statements (PostgreSQL)', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(() => handle?.close());

  it('prepares a repeated statement once per connection and answers as before', async () => {
    const answers = await handle.db.transaction(async (tx) => {
      const found: number[] = [];
      for (let i = 0; i < 4; i++) {
        const rows = await tx
          .select({ id: departments.id })
          .from(departments)
          .where(eq(departments.name, `x${i}`));
        found.push(rows.length);
      }
      // The same connection (the transaction's) now holds the statement under its name.
      const prepared = await tx.execute(
        sql`select name, statement from pg_prepared_statements where name like 'duban\\_%'`,
      );
      return {
        found,
        prepared: (prepared as unknown as { rows: { name: string; statement: string }[] }).rows,
      };
    });
    expect(answers.found).toEqual([0, 0, 0, 0]);
    const mine = answers.prepared.filter((p) => p.statement.includes('"departments"'));
    expect(mine).toHaveLength(1);
    expect(mine[0]?.statement).toMatch(/where "departments"\."name" = \$1/);
  });

  it('does not break a failed statement inside a transaction, nor the connection after it', async () => {
    const bad = sql`select * from departments where id = ${'not-a-uuid'}::uuid`;
    for (let i = 0; i < 3; i++) {
      await expect(handle.db.execute(bad)).rejects.toThrow();
    }
    const rows = await handle.db.select({ id: departments.id }).from(departments).limit(1);
    expect(Array.isArray(rows)).toBe(true);
  });
});
