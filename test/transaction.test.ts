/**
 * `db.transaction` on both databases: on PostgreSQL it sends BEGIN/COMMIT/ROLLBACK itself
 * (src/db/client.ts, withPlainTransactions), on PGlite it is Drizzle's. Both must commit, roll back
 * and nest alike, and a PostgreSQL pool must get every connection back.
 */
import { sql } from 'drizzle-orm';
import { TransactionRollbackError } from 'drizzle-orm/errors';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type Database,
  type DatabaseHandle,
  drizzleInternals,
  queryRows,
  transactionStartingWith,
} from '../src/db/client';
import { assertPipelineSupport } from '../src/db/prepared';
import * as schema from '../src/db/schema';
import { createTestDatabase } from './db';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  await handle.db.execute(
    sql`create table tx_probe (x int, u int unique deferrable initially deferred, name text)`,
  );
});
afterAll(async () => {
  await handle?.close();
});
beforeEach(async () => {
  await handle.db.execute(sql`delete from tx_probe`);
});

const values = async () =>
  (await queryRows<{ x: number }>(handle.db, sql`select x from tx_probe order by x`)).map((r) => r.x);

class Refused extends Error {}

describe('db.transaction', () => {
  it('commits what the callback wrote and answers its result', async () => {
    const answer = await handle.db.transaction(async (tx) => {
      await tx.execute(sql`insert into tx_probe (x) values (1), (2)`);
      return 'done';
    });
    expect(answer).toBe('done');
    expect(await values()).toEqual([1, 2]);
  });

  it('rolls back and rethrows the same error when the callback throws', async () => {
    const refusal = new Refused('409');
    await expect(
      handle.db.transaction(async (tx) => {
        await tx.execute(sql`insert into tx_probe (x) values (1)`);
        throw refusal;
      }),
    ).rejects.toBe(refusal);
    expect(await values()).toEqual([]);
  });

  it('rolls back on tx.rollback()', async () => {
    await expect(
      handle.db.transaction(async (tx) => {
        await tx.execute(sql`insert into tx_probe (x) values (1)`);
        tx.rollback();
      }),
    ).rejects.toBeInstanceOf(TransactionRollbackError);
    expect(await values()).toEqual([]);
  });

  it('rolls back a failed statement and leaves the connection usable', async () => {
    await expect(
      handle.db.transaction(async (tx) => {
        await tx.execute(sql`insert into tx_probe (x) values (1)`);
        await tx.execute(sql`select 1 / 0`);
      }),
    ).rejects.toThrow();
    expect(await values()).toEqual([]);
  });

  it('a commit that fails (a deferred unique check) is an error and writes nothing', async () => {
    await expect(
      handle.db.transaction(async (tx) => {
        await tx.execute(sql`insert into tx_probe (x, u) values (1, 7), (2, 7)`);
      }),
    ).rejects.toThrow();
    expect(await values()).toEqual([]);
  });

  it('nests as a savepoint: an inner failure caught inside keeps the outer writes', async () => {
    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`insert into tx_probe (x) values (1)`);
      await tx
        .transaction(async (inner) => {
          await inner.execute(sql`insert into tx_probe (x) values (2)`);
          throw new Refused('inner');
        })
        .catch((error: unknown) => {
          if (!(error instanceof Refused)) throw error;
        });
      await tx.execute(sql`insert into tx_probe (x) values (3)`);
    });
    expect(await values()).toEqual([1, 3]);
  });

  it('sees its own writes and hides them from others until it commits', async () => {
    let seenInside: number[] = [];
    let seenOutside: number[] = [];
    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`insert into tx_probe (x) values (5)`);
      seenInside = (await queryRows<{ x: number }>(tx, sql`select x from tx_probe`)).map((r) => r.x);
      // PGlite has one connection, which the transaction holds: a read from outside would wait for it.
      if (handle.kind === 'postgres') seenOutside = await values();
    });
    expect(seenInside).toEqual([5]);
    expect(seenOutside).toEqual([]);
    expect(await values()).toEqual([5]);
  });

  it('gives every connection back: many more failing and passing transactions than the pool holds', async () => {
    for (let i = 0; i < 30; i++) {
      await handle.db
        .transaction(async (tx) => {
          await tx.execute(sql`insert into tx_probe (x) values (${i})`);
          if (i % 2 === 0) throw new Refused(String(i));
        })
        .catch((error: unknown) => {
          if (!(error instanceof Refused)) throw error;
        });
    }
    // Concurrently too, beyond the pool's size (10): they queue for connections and all finish.
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        handle.db.transaction(async (tx) => {
          await tx.execute(sql`insert into tx_probe (x) values (${100 + i})`);
        }),
      ),
    );
    const all = await values();
    expect(all.filter((x) => x < 100)).toEqual(Array.from({ length: 15 }, (_, k) => 2 * k + 1));
    expect(all.filter((x) => x >= 100)).toHaveLength(25);
  });
});

describe("the Drizzle internals behind db.transaction on PostgreSQL (drizzle-orm 0.45's)", () => {
  // A pool that never connects: the check builds objects, it sends nothing.
  const pool = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none' });
  const db = drizzle(pool, { schema }) as unknown as Database;
  const withSession = (changes: Record<string, unknown>) =>
    ({
      ...db,
      dialect: (db as unknown as { dialect: unknown }).dialect,
      session: Object.assign(
        Object.create(Object.getPrototypeOf((db as unknown as { session: object }).session)),
        (db as unknown as { session: object }).session,
        changes,
      ),
    }) as unknown as Database;
  afterAll(() => pool.end());

  it('are found in this version (the check openPostgres runs at start)', () => {
    expect(drizzleInternals(db, pool).session.client).toBe(pool);
  });

  it("node-postgres's, for the pipelines, are found too, and stop the start when they move", () => {
    expect(() => assertPipelineSupport()).not.toThrow();
    const connection = (pg as unknown as { Connection: { prototype: Record<string, unknown> } }).Connection
      .prototype;
    const sync = connection.sync;
    try {
      delete connection.sync;
      expect(() => assertPipelineSupport()).toThrow(/no Connection\.sync/);
    } finally {
      connection.sync = sync;
    }
    expect(() => assertPipelineSupport()).not.toThrow();
  });

  it('stop the start loudly when they move', () => {
    expect(() => drizzleInternals(db, new pg.Pool())).toThrow(/not the database's pool/);
    expect(() => drizzleInternals({ ...db, dialect: {} } as unknown as Database, pool)).toThrow(/PgDialect/);
    expect(() =>
      drizzleInternals(
        {
          dialect: (db as never as { dialect: unknown }).dialect,
          session: { client: pool },
        } as unknown as Database,
        pool,
      ),
    ).toThrow(/NodePgSession/);
    expect(() => drizzleInternals(withSession({ schema: undefined }), pool)).toThrow(/relational schema/);
    expect(() => drizzleInternals(withSession({ options: undefined }), pool)).toThrow(/options/);
    expect(() => drizzleInternals(withSession({ logger: {} }), pool)).toThrow(/logQuery/);
  });
});

describe('transactionStartingWith (BEGIN and the first statements in one round trip on PostgreSQL)', () => {
  const first = [
    { text: 'insert into tx_probe (x, name) values ($1::int, $2) returning x', values: ['1', 'a'] },
    { text: 'select count(*)::int as n from tx_probe where name = $1', values: ['a'] },
  ];

  it("answers each first statement's rows, inside the transaction, and commits with the rest", async () => {
    const answer = await transactionStartingWith(handle.db, first, async (tx, rows) => {
      await tx.execute(sql`insert into tx_probe (x) values (2)`);
      return rows;
    });
    expect(answer).toEqual([[{ x: 1 }], [{ n: 1 }]]);
    expect(await values()).toEqual([1, 2]);
  });

  it('rolls the first statements back with the rest when the callback throws', async () => {
    const refusal = new Refused('409');
    await expect(
      transactionStartingWith(handle.db, first, async () => {
        throw refusal;
      }),
    ).rejects.toBe(refusal);
    expect(await values()).toEqual([]);
  });

  it('is an error when a first statement fails, writes nothing, and every connection stays usable', async () => {
    const failing = [first[0] as (typeof first)[number], { text: 'select $1::int as n', values: ['x'] }];
    // More than the pool's connections (10), each run twice: statements prepared on a connection
    // before a failure must not make its next pipeline fail.
    for (let round = 0; round < 2; round++) {
      const results = await Promise.allSettled(
        Array.from({ length: 24 }, (_, i) =>
          transactionStartingWith(handle.db, i % 2 === 0 ? failing : first, async (_tx, rows) => rows.length),
        ),
      );
      expect(results.filter((r) => r.status === 'rejected')).toHaveLength(12);
      expect(results.filter((r) => r.status === 'fulfilled').map((r) => r.value)).toEqual(Array(12).fill(2));
    }
    expect(await values()).toEqual(Array(24).fill(1));
  });
});
