/**
 * The embedded database (PGlite, PostgreSQL compiled to WebAssembly), imported by ./client only
 * when no DATABASE_URL is set, and directly by the tests (a migrated template loaded in memory).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { type Database, type DatabaseHandle, migrationsFolder } from './client';
import { acquireDataDirLock, type DataDirLock } from './lock';
import * as schema from './schema';

/** An existing PGlite instance (tests load a migrated template into memory). */
export function wrapPglite(client: PGlite, onClose?: () => void): DatabaseHandle {
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(drizzlePglite(client, { schema }), { migrationsFolder }),
    async close() {
      await client.close();
      onClose?.();
    },
  };
}

/**
 * The embedded database in `dataDir`. PGlite does not lock its directory itself, so a lock file
 * keeps a second server off the same directory (two writers would corrupt it).
 */
export async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  mkdirSync(dataDir, { recursive: true });
  const lock: DataDirLock = acquireDataDirLock(dataDir);
  try {
    const client = await PGlite.create({ dataDir: path.join(dataDir, 'pgdata'), extensions: { pg_trgm } });
    return wrapPglite(client, () => lock.release());
  } catch (error) {
    lock.release();
    throw error;
  }
}
