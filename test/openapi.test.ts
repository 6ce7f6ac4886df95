/** The published OpenAPI document covers every path of the API contract, keyed by full request path. */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { generateApi } from 'swagger-typescript-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers';

const require = createRequire(import.meta.url);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const CONTRACT: [method: string, path: string][] = [
  ['post', '/api/auth/login'],
  ['post', '/api/auth/logout'],
  ['get', '/api/me'],
  ['get', '/api/health'],
  ['get', '/api/departments'],
  ['post', '/api/departments'],
  ['get', '/api/users'],
  ['post', '/api/users'],
  ['patch', '/api/users/{id}'],
  ['get', '/api/sources'],
  ['put', '/api/sources'],
  ['post', '/api/items'],
  ['get', '/api/items'],
  ['get', '/api/items/{id}'],
  ['patch', '/api/items/{id}'],
  ['post', '/api/items/{id}/close'],
  ['post', '/api/items/{id}/reopen'],
  ['post', '/api/items/{id}/urge'],
  ['get', '/api/items/{id}/history'],
  ['get', '/api/items/export.xlsx'],
  ['get', '/api/summary'],
  ['get', '/api/audit'],
  ['get', '/api/tasks'],
  ['get', '/api/tasks/{id}'],
  ['post', '/api/tasks/{id}/complete'],
  ['get', '/api/reports/eligible'],
  ['post', '/api/items/{id}/reports'],
  ['get', '/api/notifications'],
  ['post', '/api/notifications/{id}/read'],
  // v1.1 §11–§12: 延期申请, batch 催办, the working-day calendar, the login page's settings.
  ['post', '/api/items/{id}/extensions'],
  ['post', '/api/items/urge'],
  ['get', '/api/calendar'],
  ['put', '/api/calendar/{date}'],
  ['delete', '/api/calendar/{date}'],
  ['get', '/api/settings/public'],
];

describe('GET /api/openapi.json', () => {
  it('lists every contract path with its method, and is served without signing in', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths as Record<string, Record<string, unknown>>;
    const missing = CONTRACT.filter(([method, path]) => !paths[path]?.[method]).map(([m, p]) => `${m} ${p}`);
    expect(missing).toEqual([]);
    expect(Object.keys(paths).every((p) => p.startsWith('/api/'))).toBe(true);
  });
});

describe('the OpenAPI document is usable by a generated client', () => {
  type Operation = {
    operationId?: string;
    security?: unknown[];
    responses: Record<string, { $ref?: string }>;
  };
  let doc: {
    paths: Record<string, Record<string, Operation>>;
    components: Record<string, Record<string, unknown>>;
  };
  let operations: [method: string, path: string, operation: Operation][];
  beforeAll(async () => {
    doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => [method, path, op] as [string, string, Operation]),
    );
  });

  it('is a valid OpenAPI 3.0.3 document', async () => {
    // validate() dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
  });

  it('gives every operation a unique, stable operationId', () => {
    const ids = operations.map(([, , op]) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]*$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    // Clients name their functions after these: pinned, so a rename fails here first.
    expect(doc.paths['/api/items/{id}']?.get?.operationId).toBe('getItemsById');
    expect(doc.paths['/api/tasks/{id}/complete']?.post?.operationId).toBe('postTasksByIdComplete');
    expect(doc.paths['/api/items/export.xlsx']?.get?.operationId).toBe('getItemsExportXlsx');
    expect(doc.paths['/api/auth/login']?.post?.operationId).toBe('postAuthLogin');
  });

  it('documents the error answers with the contract error shape', () => {
    const error = doc.components.schemas?.Error as { properties: { error: { required: string[] } } };
    expect(error.properties.error.required).toEqual(['code', 'message']);
    for (const [method, path, op] of operations) {
      const where = `${method} ${path}`;
      expect(op.responses['400']?.$ref, where).toBe('#/components/responses/Error400');
      if (method !== 'get') expect(op.responses['409']?.$ref, where).toBe('#/components/responses/Error409');
      if (path.includes('{')) expect(op.responses['404'], where).toBeDefined();
    }
    // Sign-in needs no session: no 401 there, and an empty security list says so.
    const login = doc.paths['/api/auth/login']?.post as Operation;
    expect(login.security).toEqual([]);
    expect(login.responses['401']).toBeUndefined();
    expect(login.responses['429']).toBeDefined();
    expect(doc.paths['/api/items/{id}/urge']?.post?.responses['429']).toBeDefined();
    expect(doc.paths['/api/items']?.get?.responses['401']).toBeDefined();
  });

  it('generates a TypeScript client (swagger-typescript-api) that compiles and is typed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'duban-client-'));
    try {
      const { files } = await generateApi({
        spec: structuredClone(doc) as never,
        output: false,
        httpClientType: 'fetch',
        silent: true,
      });
      for (const file of files) {
        await writeFile(join(dir, `${file.fileName}${file.fileExtension}`), file.fileContent);
      }
      const apiFile = files[0]?.fileName as string;
      const use = (body: string) =>
        [
          `import { Api } from './${apiFile}';`,
          `const client = new Api({ baseUrl: 'http://127.0.0.1:3000' });`,
          'export async function use() {',
          body,
          '}',
        ].join('\n');
      await writeFile(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'es2022',
            module: 'esnext',
            moduleResolution: 'bundler',
            lib: ['es2022', 'dom'],
            strict: true,
            noEmit: true,
            skipLibCheck: true,
            types: [],
          },
          include: ['*.ts'],
        }),
      );
      const tsc = (): { status: number | null; output: string } => {
        const run = spawnSync(
          process.execPath,
          [join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc'), '-p', dir],
          {
            encoding: 'utf8',
          },
        );
        return { status: run.status, output: `${run.stdout}${run.stderr}` };
      };
      // Right: the operations by their ids, with their typed parameters and answers.
      await writeFile(
        join(dir, 'use.ts'),
        use(
          [
            `  await client.api.postAuthLogin({ username: 'admin', password: 'x' });`,
            `  const item = await client.api.getItemsById('00000000-0000-4000-8000-000000000000');`,
            '  const title: string = item.data.title;',
            `  const done = await client.api.postTasksByIdComplete('t', { opinion: '同意' } as never);`,
            '  return [title, done.status];',
          ].join('\n'),
        ),
      );
      const good = tsc();
      expect(good.output).toBe('');
      expect(good.status).toBe(0);
      // Wrong: a number where the answer's title is a string, an unknown operation. The same
      // compile must refuse it — otherwise the first check proved nothing.
      await writeFile(
        join(dir, 'use.ts'),
        use(
          [
            `  const item = await client.api.getItemsById('x');`,
            '  const title: number = item.data.title;',
            '  await client.api.getNoSuchOperation();',
            '  return title;',
          ].join('\n'),
        ),
      );
      const bad = tsc();
      expect(bad.status).not.toBe(0);
      expect(bad.output).toMatch(/title[\s\S]*TS2322|TS2322[\s\S]*number/);
      expect(bad.output).toContain('getNoSuchOperation');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
