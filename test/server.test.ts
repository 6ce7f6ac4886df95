import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/server/main';
import { usingPostgres } from './db';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'duban-server-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// Starting on the embedded database: migrations, first admin, health, the UI placeholder and
// the refusal of a second server on the same data directory.
describe.skipIf(usingPostgres)('npm start on the embedded database', () => {
  it('serves health, lets admin sign in, and refuses a second process on the same DATA_DIR', async () => {
    const server = await startServer({
      port: 0,
      dataDir,
      databaseUrl: undefined,
      logLevel: 'silent',
      bootstrapAdminPassword: 'First1234',
      webDir: path.join(dataDir, 'no-web'),
    });
    try {
      const health = await fetch(`${server.url}/api/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'First1234' }),
      });
      expect(login.status).toBe(200);
      const page = await fetch(`${server.url}/some/page`);
      expect(await page.text()).toContain('督办系统');
      const openapi = await (await fetch(`${server.url}/api/openapi.json`)).json();
      expect(Object.keys(openapi.paths)).toEqual(
        expect.arrayContaining(['/api/auth/login', '/api/users', '/api/me']),
      );
      expect((await fetch(`${server.url}/api/docs`)).status).toBe(200);
      await expect(
        startServer({ port: 0, dataDir, databaseUrl: undefined, logLevel: 'silent' }),
      ).rejects.toThrow(/正被另一个 Duban 进程/);
    } finally {
      await server.close();
    }
    // Closed cleanly, the directory can be opened again, and admin is not created twice.
    const again = await startServer({ port: 0, dataDir, databaseUrl: undefined, logLevel: 'silent' });
    try {
      const login = await fetch(`${again.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'First1234' }),
      });
      expect(login.status).toBe(200);
    } finally {
      await again.close();
    }
  }, 60_000);
});
