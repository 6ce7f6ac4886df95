/** Scratch databases on the benchmark's PostgreSQL server: created, migrated, dropped. */
import pg from 'pg';
import { openPostgres } from '../../src/db/client';

export function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(base: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Creates `name` (a copy of `template` when given: nobody may be connected to it). */
export async function createDatabase(base: string, name: string, template?: string): Promise<string> {
  await admin(base, (c) => c.query(`create database ${name}${template ? ` template ${template}` : ''}`));
  return databaseUrl(base, name);
}

export async function dropDatabase(base: string, name: string): Promise<void> {
  await admin(base, (c) => c.query(`drop database if exists ${name} with (force)`));
}

/** Applies the project's migrations with its own migrator (src/db/client.ts). */
export async function migrate(url: string): Promise<void> {
  const handle = openPostgres(url, 2);
  try {
    await handle.migrate();
  } finally {
    await handle.close();
  }
}

export async function serverFacts(base: string) {
  return admin(base, async (c) => {
    const version = (await c.query<{ v: string }>('select version() as v')).rows[0]?.v ?? '';
    const settings = await c.query<{ name: string; setting: string; unit: string | null }>(
      `select name, setting, unit from pg_settings
       where name in ('shared_buffers', 'max_connections', 'work_mem', 'synchronous_commit', 'fsync',
                      'effective_cache_size', 'max_wal_size', 'random_page_cost', 'jit')`,
    );
    return {
      version,
      settings: Object.fromEntries(
        settings.rows.map((r) => [r.name, r.unit ? `${r.setting} ${r.unit}` : r.setting]),
      ),
    };
  });
}

/** The harness's own connections, left out of the CPU charged to the server's or pgbench's backends. */
export const HARNESS_APPLICATION = 'duban-bench-harness';

/** A pool for the harness's own queries; an idle connection dropped by the server must not crash the run. */
export function openPool(url: string, max: number): pg.Pool {
  // idleTimeoutMillis 0: the connections live as long as the pool, so that a phase's CPU accounting,
  // which reads the harness's backends by pid at its start, finds them all at its end.
  const pool = new pg.Pool({
    connectionString: url,
    max,
    application_name: HARNESS_APPLICATION,
    idleTimeoutMillis: 0,
  });
  pool.on('error', (error) => process.stderr.write(`  (idle harness connection lost: ${error.message})\n`));
  return pool;
}
