/**
 * Once per `vitest run`: migrate a template database that every test file then copies, so no file
 * pays for creating and migrating a database (~6 s on PGlite) and no two files share rows.
 *  - PGlite (default): a migrated in-memory instance dumped to a tarball, loaded by each file.
 *  - PostgreSQL (TEST_DATABASE_URL set): a migrated template database; each file creates its own
 *    database from it with CREATE DATABASE … TEMPLATE.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPostgres } from '../src/db/client';
import { wrapPglite } from '../src/db/pglite';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string;
  }
}

export function databaseUrlFor(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'duban-test-'));
  const pgliteClient = new PGlite({ extensions: { pg_trgm } });
  const handle = wrapPglite(pgliteClient);
  await handle.migrate();
  const dump = await pgliteClient.dumpDataDir('none');
  const tarball = path.join(dir, 'template.tar');
  writeFileSync(tarball, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  project.provide('pgliteTemplate', tarball);

  const base = process.env.TEST_DATABASE_URL;
  let template = '';
  if (base) {
    template = `duban_tpl_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${template}`);
    await admin.end();
    const templateDb = openPostgres(databaseUrlFor(base, template), 2);
    await templateDb.migrate();
    await templateDb.close();
  }
  project.provide('pgTemplate', template);

  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (base && template) {
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      // Files drop their own databases; a crashed run's leftovers go here too.
      const { rows } = await admin.query<{ datname: string }>(
        `select datname from pg_database where datname like 'duban_t_${process.pid}_%' or datname = $1`,
        [template],
      );
      for (const { datname } of rows) await admin.query(`drop database if exists ${datname} with (force)`);
      await admin.end();
    }
  };
}
