/** A database of its own for one test file, copied from the template that global-setup migrated. */
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { inject } from 'vitest';
import { type DatabaseHandle, openPostgres } from '../src/db/client';
import { wrapPglite } from '../src/db/pglite';
import { databaseUrlFor } from './global-setup';

export const usingPostgres = Boolean(process.env.TEST_DATABASE_URL);
let counter = 0;

export async function createTestDatabase(): Promise<DatabaseHandle & { url?: string }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    const tarball = readFileSync(inject('pgliteTemplate'));
    const client = await PGlite.create({ loadDataDir: new Blob([tarball]), extensions: { pg_trgm } });
    return wrapPglite(client);
  }
  const template = inject('pgTemplate');
  // The parent's pid groups a run's databases so that global teardown can drop leftovers.
  const name = `duban_t_${process.ppid}_${process.pid}_${Date.now()}_${counter++}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrlFor(base, name);
  const handle = openPostgres(url, 10);
  return {
    ...handle,
    url,
    async close() {
      await handle.close();
      const dropper = new pg.Client({ connectionString: base });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
