/**
 * The folders' import boundaries (biome.json overrides, noRestrictedImports): src/domain imports
 * nothing of server/db/jobs/web and no I/O library; src/web never imports server/db/jobs code;
 * src/jobs never imports server or web code; src/platform imports none of server, jobs or web;
 * src/contract imports only typebox and src/domain (the web may import it).
 * Checked by linting probe files with the project's own configuration in a scratch copy, so a
 * boundary dropped from biome.json fails here, not only in review.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'duban-boundaries-'));
  const config = JSON.parse(await readFile('biome.json', 'utf8'));
  config.vcs = { enabled: false };
  await writeFile(join(dir, 'biome.json'), JSON.stringify(config));
  for (const folder of [
    'src/domain',
    'src/web/pages',
    'src/server',
    'src/jobs',
    'src/platform',
    'src/contract',
  ])
    await mkdir(join(dir, folder), { recursive: true });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Lints one probe file at `path` (relative to the scratch project) and returns Biome's report. */
async function lint(path: string, source: string): Promise<{ ok: boolean; report: string }> {
  await writeFile(join(dir, path), source);
  const run = spawnSync(
    process.execPath,
    [join(process.cwd(), 'node_modules/@biomejs/biome/bin/biome'), 'lint', '--max-diagnostics=50', path],
    { cwd: dir, encoding: 'utf8' },
  );
  return { ok: run.status === 0, report: `${run.stdout}${run.stderr}` };
}

describe('import boundaries', () => {
  it.each([
    ["import { newId } from '../server/ids';", 'server'],
    ["import { db } from '../db/client';", 'db'],
    ["import { createScheduler } from '../jobs/scheduler';", 'jobs'],
    ["import { App } from '../web/App';", 'web'],
    ["import { sql } from 'drizzle-orm';", 'I/O'],
    ["import { readFile } from 'node:fs/promises';", 'I/O'],
  ])('src/domain may not %s', async (line) => {
    const { ok, report } = await lint('src/domain/probe.ts', `${line}\nexport const probe = 1;\n`);
    expect(ok).toBe(false);
    expect(report).toContain('noRestrictedImports');
  });

  it.each([
    ["import { loadConfig } from '../../server/config';"],
    ["import type { Database } from '../../db/client';"],
    ["import Fastify from 'fastify';"],
  ])('src/web may not %s', async (line) => {
    const { ok, report } = await lint('src/web/pages/probe.ts', `${line}\nexport const probe = 1;\n`);
    expect(ok).toBe(false);
    expect(report).toContain('noRestrictedImports');
  });

  it.each([
    ["import { newId } from '../server/ids';"],
    ["import { insertNotifications } from '../server/modules/items/repository';"],
    ["import type { AppInstance } from '../server/types';"],
    ["import { App } from '../web/App';"],
  ])('src/jobs may not %s', async (line) => {
    const { ok, report } = await lint('src/jobs/probe.ts', `${line}\nexport const probe = 1;\n`);
    expect(ok).toBe(false);
    expect(report).toContain('noRestrictedImports');
  });

  it.each([
    ["import { requireRole } from '../server/guards';"],
    ["import { createScheduler } from '../jobs/scheduler';"],
    ["import { App } from '../web/App';"],
  ])('src/platform may not %s', async (line) => {
    const { ok, report } = await lint('src/platform/probe.ts', `${line}\nexport const probe = 1;\n`);
    expect(ok).toBe(false);
    expect(report).toContain('noRestrictedImports');
  });

  it.each([
    ["import { rawId } from '../server/plugins/auth';"],
    ["import type { Database } from '../db/client';"],
    ["import { newId } from '../platform/ids';"],
    ["import { createScheduler } from '../jobs/scheduler';"],
    ["import { label } from '../web/api/labels';"],
    ["import { readFile } from 'node:fs/promises';"],
    ["import Fastify from 'fastify';"],
    ["import { Button } from 'antd';"],
  ])('src/contract may not %s', async (line) => {
    const { ok, report } = await lint('src/contract/probe.ts', `${line}\nexport const probe = 1;\n`);
    expect(ok).toBe(false);
    expect(report).toContain('noRestrictedImports');
  });

  it('lets each folder import what it may', async () => {
    const domain = await lint(
      'src/domain/probe.ts',
      "import { x } from './types';\nexport const probe = x;\n",
    );
    expect(domain.report).not.toContain('noRestrictedImports');
    const web = await lint(
      'src/web/pages/probe.ts',
      "import { Button } from 'antd';\nimport { y } from '../api/client';\nexport const probe = [Button, y];\n",
    );
    expect(web.report).not.toContain('noRestrictedImports');
    const server = await lint(
      'src/server/probe.ts',
      "import { sql } from 'drizzle-orm';\nexport const probe = sql;\n",
    );
    expect(server.report).not.toContain('noRestrictedImports');
    const jobs = await lint(
      'src/jobs/probe.ts',
      "import { newId } from '../platform/ids';\nimport type { Database } from '../db/client';\n" +
        "import { addDays } from '../domain/dates';\nexport const probe = [newId, addDays] as unknown as Database;\n",
    );
    expect(jobs.report).not.toContain('noRestrictedImports');
    const platform = await lint(
      'src/platform/probe.ts',
      "import { sql } from 'drizzle-orm';\nimport { queryRows } from '../db/client';\nexport const probe = [sql, queryRows];\n",
    );
    expect(platform.report).not.toContain('noRestrictedImports');
    const contract = await lint(
      'src/contract/probe.ts',
      "import { Type } from 'typebox';\nimport type { Outcome } from '../domain/types';\n" +
        "import { Str } from './common';\nexport const probe: [unknown, unknown, Outcome] = [Type, Str, 'assist'];\n",
    );
    expect(contract.report).not.toContain('noRestrictedImports');
    const webToContract = await lint(
      'src/web/pages/probe.ts',
      "import type { ItemDetailAnswer } from '../../contract/items';\nimport { LIGHT_LABEL } from '../../contract/labels';\n" +
        'export const probe: [unknown, ItemDetailAnswer | undefined] = [LIGHT_LABEL, undefined];\n',
    );
    expect(webToContract.report).not.toContain('noRestrictedImports');
  });
});
