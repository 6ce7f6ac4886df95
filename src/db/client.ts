/**
 * Opens the database: the embedded PGlite (default) or a PostgreSQL server through `pg`.
 * Both give the same Drizzle API over the same schema, so nothing above this module knows which.
 * PGlite lives in ./pglite and is imported only when the embedded database is opened: with
 * DATABASE_URL its module and WebAssembly are never loaded.
 */
import { fileURLToPath } from 'node:url';
import { is, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePg, NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { type PgDatabase, PgDialect, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import {
  assertPipelineSupport,
  namingClient,
  PipelineQuery,
  type PipelineStatement,
  statementNamer,
} from './prepared';
import * as schema from './schema';

export type Schema = typeof schema;
/** A database or a transaction: repositories accept either. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

/** Rows of a raw SQL query (both drivers answer `{ rows }`). */
export async function queryRows<T>(db: Database, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** What both drivers' clients (a pg Pool or PoolClient, a PGlite instance or transaction) answer. */
interface DriverClient {
  query(text: unknown, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * Rows of a fixed SQL text with positional parameters, sent to the driver without Drizzle: for the
 * hot statements of a command (a completion's reads and writes), whose text the caller keeps as a
 * constant. Drizzle's query builder, its `sql` rendering and its result mapping were ~15 % of the
 * server's CPU per completion (docs/benchmarks.md); a constant text is also what a named prepared
 * statement needs (./prepared). The caller casts the parameters in the text (`$1::uuid`) and reads
 * only columns that both drivers parse alike (text, integers, booleans, json): timestamps and
 * dates travel inside json and are turned into Dates by the caller, as PGlite's and pg's own
 * parsers differ for them.
 */
export async function rawRows<T>(db: Database, text: string, params: readonly unknown[]): Promise<T[]> {
  const { client, logger } = (
    db as unknown as {
      session: { client: DriverClient; logger?: { logQuery(query: string, params: unknown[]): void } };
    }
  ).session;
  // Drizzle's logger sees these statements as its own (the bench's replay records them so).
  logger?.logQuery(text, params as unknown[]);
  // node-postgres takes a config object (which the naming client prepares under a name); PGlite
  // takes the text and the parameters.
  const config = client instanceof pg.Pool || client instanceof pg.Client ? { text, values: params } : text;
  const result = await client.query(config, config === text ? [...params] : undefined);
  return result.rows as T[];
}

/**
 * `db.transaction(fn)` on the pool without Drizzle's statements: BEGIN and COMMIT (or ROLLBACK) are
 * constant texts sent by the pool's client as simple queries (one message each, never parsed as a
 * prepared statement), while `fn` gets the same Drizzle transaction object as before (a session on
 * that client), so everything inside — savepoints of a nested `tx.transaction`, `tx.rollback()`,
 * `rawRows(tx, …)` — works unchanged. Drizzle built, traced and logged BEGIN and COMMIT like any
 * query and sent them through the extended protocol; that was most of what was left of its share of a
 * completion (docs/benchmarks.md). The semantics are Drizzle's: COMMIT inside the `try`, so a failing
 * commit is rolled back and rethrown; an error of `fn` (a 409, a refusal) rolls back and is rethrown.
 * One difference: when ROLLBACK itself fails (a broken connection), the client is destroyed rather
 * than returned to the pool, and `fn`'s error is the one thrown. A transaction with options
 * (isolation level, access mode) goes through Drizzle.
 */
function withPlainTransactions(db: Database, pool: pg.Pool): void {
  const { dialect, session } = drizzleInternals(db, pool);
  assertPipelineSupport();
  const drizzleTransaction = db.transaction.bind(db);
  // One transaction object per pooled connection, made on its first transaction: building one (a
  // Drizzle database with a query builder per table) was ~3 % of a completion. It holds nothing but
  // the connection; a transaction object used after its transaction ended reached that same
  // (released) connection before this too.
  const transactions = new WeakMap<pg.PoolClient, unknown>();
  const plain = async <T>(
    fn: (tx: unknown, first: unknown[][]) => Promise<T | CommitWith<T>>,
    first: readonly PipelineStatement[] = [],
  ): Promise<T> => {
    const client = await pool.connect();
    let tx = transactions.get(client);
    if (!tx) {
      const txSession = new NodePgSession(client, dialect, session.schema, session.options);
      tx = new NodePgTransaction(dialect, txSession as unknown as Session, session.schema);
      transactions.set(client, tx);
    }
    let released = false;
    try {
      let rows: unknown[][] = [];
      if (first.length === 0) await client.query('begin');
      else {
        try {
          rows = (await pipeline(client, first)).slice(1);
        } catch (error) {
          // Which of its statements the connection now holds under a name is unknown: discard it
          // (which also ends its transaction, if BEGIN ran).
          released = true;
          client.release(error as Error);
          throw error;
        }
      }
      try {
        const result = await fn(tx, rows);
        if (!(result instanceof CommitWith)) {
          await client.query('commit');
          return result;
        }
        try {
          await pipeline(client, [result.statement], 'commit');
        } catch (error) {
          // As for the first statements: the connection's named statements are unknown now; discarding
          // it ends the transaction (nothing of it is committed: COMMIT comes after the statement).
          released = true;
          client.release(error as Error);
          throw error;
        }
        return result.value as T;
      } catch (error) {
        // (A failed COMMIT pipeline has discarded the connection already.)
        if (!released) {
          try {
            await client.query('rollback');
          } catch (rollbackError) {
            released = true;
            client.release(rollbackError as Error);
          }
        }
        throw error;
      }
    } finally {
      if (!released) client.release();
    }
  };
  db.transaction = ((fn: (tx: unknown) => Promise<unknown>, config?: unknown) =>
    config === undefined
      ? plain(fn)
      : drizzleTransaction(fn as never, config as never)) as Database['transaction'];
  pipelined.set(db, plain as Pipelined);
}

type Pipelined = <T>(
  fn: (tx: Database, first: unknown[][]) => Promise<T | CommitWith<T>>,
  first: readonly PipelineStatement[],
) => Promise<T>;
/** The databases whose transactions can start with a pipeline (PostgreSQL through withPlainTransactions). */
const pipelined = new WeakMap<Database, Pipelined>();

function pipeline(
  client: pg.PoolClient,
  statements: readonly PipelineStatement[],
  at: 'begin' | 'commit' = 'begin',
): Promise<unknown[][]> {
  return new Promise((resolve, reject) => {
    client.query(
      new PipelineQuery(
        statements,
        (error, rows) => (error ? reject(error) : resolve(rows as unknown[][])),
        at,
      ),
    );
  });
}

/**
 * What a callback of transactionStartingWith may answer instead of its result: the result, and a
 * last statement that goes with COMMIT in one round trip (on PostgreSQL). The statement must refuse
 * by failing (an error aborts the transaction, and COMMIT is then never run): its rows are not
 * looked at before the commit.
 */
export class CommitWith<T> {
  constructor(
    readonly value: T,
    readonly statement: PipelineStatement,
  ) {}
}

/**
 * A transaction whose first statements' rows are known before `fn` runs: on PostgreSQL, BEGIN and
 * `first` go in one round trip (./prepared, PipelineQuery); on PGlite (or a database without the
 * plain transactions) they run one after the other inside the transaction, through rawRows. `first`
 * holds constant texts whose parameters are strings (or NULL); `fn` gets their rows in order. The
 * statements are logged like rawRows' (the bench's replay records them so).
 */
export function transactionStartingWith<T>(
  db: Database,
  first: readonly PipelineStatement[],
  fn: (tx: Database, rows: unknown[][]) => Promise<T | CommitWith<T>>,
): Promise<T> {
  const run = pipelined.get(db);
  if (run) {
    const { logger } = (
      db as unknown as { session: { logger?: { logQuery(q: string, p: unknown[]): void } } }
    ).session;
    if (logger) for (const s of first) logger.logQuery(s.text, [...s.values]);
    return run(async (tx, rows) => {
      const result = await fn(tx, rows);
      if (result instanceof CommitWith) logger?.logQuery(result.statement.text, [...result.statement.values]);
      return result;
    }, first);
  }
  return db.transaction(async (tx) => {
    const rows: unknown[][] = [];
    for (const s of first) rows.push(await rawRows(tx, s.text, s.values));
    const result = await fn(tx, rows);
    if (!(result instanceof CommitWith)) return result;
    await rawRows(tx, result.statement.text, result.statement.values);
    return result.value;
  });
}

type Session = ConstructorParameters<typeof NodePgTransaction>[1];
type Dialect = ConstructorParameters<typeof NodePgTransaction>[0];
type RelationalSchema = ConstructorParameters<typeof NodePgTransaction>[2];
interface DrizzleInternals {
  dialect: Dialect;
  session: {
    client: unknown;
    schema: RelationalSchema;
    options: ConstructorParameters<typeof NodePgSession>[3];
  };
}

/**
 * What withPlainTransactions and rawRows take from Drizzle beyond its public API (drizzle-orm
 * 0.45): the database's `dialect` and `session`, the session's `client`, `schema`, `options` and
 * `logger`, and the constructors of NodePgSession and NodePgTransaction with their argument order.
 * Checked when the pool is opened, by building one session and one transaction object as the
 * transactions will, so that a Drizzle release that moves any of them stops the server at start
 * instead of sending statements on the wrong connection or outside the transaction. Exported for
 * test/transaction.test.ts.
 */
export function drizzleInternals(db: Database, pool: unknown): DrizzleInternals {
  const fail = (what: string): never => {
    throw new Error(
      `drizzle-orm's internals are not what src/db/client.ts (withPlainTransactions, rawRows) was written for: ${what}`,
    );
  };
  const { dialect, session } = db as unknown as Partial<DrizzleInternals> & {
    session?: DrizzleInternals['session'] & { logger?: { logQuery?: unknown } };
  };
  if (!is(dialect, PgDialect)) fail('db.dialect is not a PgDialect');
  if (!is(session, NodePgSession)) fail('db.session is not a NodePgSession');
  const s = session as NonNullable<typeof session>;
  if (s.client !== pool) fail("db.session.client is not the database's pool");
  if (typeof s.schema !== 'object' || s.schema === null || !('fullSchema' in s.schema))
    fail('db.session.schema is not the relational schema');
  if (typeof s.options !== 'object' || s.options === null) fail('db.session.options is not an object');
  if (typeof s.logger?.logQuery !== 'function') fail('db.session.logger has no logQuery');
  // A session and a transaction object as withPlainTransactions makes them, on a stand-in client.
  const client = {};
  const probe = new NodePgSession(
    client as pg.PoolClient,
    dialect as Dialect,
    s.schema,
    s.options,
  ) as unknown as {
    client: unknown;
    schema: unknown;
    options: unknown;
  };
  if (probe.client !== client || probe.schema !== s.schema || probe.options !== s.options)
    fail('new NodePgSession(client, dialect, schema, options) no longer keeps its arguments');
  const tx = new NodePgTransaction(dialect as Dialect, probe as unknown as Session, s.schema) as unknown as {
    session: unknown;
    dialect: unknown;
    nestedIndex: unknown;
  };
  if (tx.session !== probe || tx.dialect !== dialect || tx.nestedIndex !== 0)
    fail('new NodePgTransaction(dialect, session, schema) no longer keeps its arguments');
  return { dialect: dialect as Dialect, session: s };
}

export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** Applies the committed migrations that have not run yet. */
  migrate(): Promise<void>;
  /** The embedded database only: a consistent gzip dump taken while it serves (online backup). */
  dump?(): Promise<Buffer>;
  close(): Promise<void>;
}

const MIGRATION_LOCK = 727_000;
/** Beside this module: src/db/migrations, or dist/server/migrations in the built server. */
export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

// Dates stay 'YYYY-MM-DD' strings and timestamps Date objects on both drivers.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export function openPostgres(url: string, poolSize = 10): DatabaseHandle {
  // Repeated statements are prepared under a name once per connection (see ./prepared).
  const pool = new pg.Pool({ connectionString: url, max: poolSize, Client: namingClient(statementNamer()) });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = drizzlePg(pool, { schema }) as unknown as Database;
  withPlainTransactions(db, pool);
  return {
    db,
    kind: 'postgres',
    async migrate() {
      // Instances starting together: one migrates, the others wait and then find nothing to do.
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await migratePg(drizzlePg(client, { schema }), { migrationsFolder });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export async function openDatabase(options: {
  databaseUrl: string | undefined;
  dataDir: string;
  poolSize?: number;
}): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize);
  const { openPglite } = await import('./pglite');
  return openPglite(options.dataDir);
}
