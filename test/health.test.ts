/**
 * Operations (issue 12 point 5): health answers 503 `unavailable` while the database cannot be
 * reached and recovers by itself; readiness for a load balancer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../src/db/client';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { createTestApp, type TestApp } from './helpers';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('health and readiness', () => {
  it('200 while the database answers, 503 unavailable while it does not, 200 again after', async () => {
    for (const url of ['/api/health', '/api/health/ready']) {
      expect((await t.app.inject({ url })).statusCode).toBe(200);
    }
    const database = t.db.db as unknown as { execute: (...args: unknown[]) => Promise<unknown> };
    const execute = database.execute;
    database.execute = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    try {
      for (const url of ['/api/health', '/api/health/ready']) {
        const down = await t.app.inject({ url });
        expect(down.statusCode, url).toBe(503);
        expect(down.json().error.code).toBe('unavailable');
      }
    } finally {
      database.execute = execute;
    }
    expect((await t.app.inject({ url: '/api/health' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ url: '/api/health/ready' })).json()).toEqual({ status: 'ready' });
  });

  it('a PostgreSQL server that is not there is a 503, not a 500', async () => {
    const handle = openPostgres('postgres://postgres@127.0.0.1:1/duban_nowhere', 1);
    const { app } = await buildApp({
      config: loadConfig({ LOG_LEVEL: 'silent' }),
      db: handle.db,
      logger: false,
    });
    try {
      const res = await app.inject({ url: '/api/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('unavailable');
    } finally {
      await app.close();
      await handle.close();
    }
  });
});

describe('GET /metrics', () => {
  it('is absent without METRICS_TOKEN (the path is just another page of the web UI)', async () => {
    const res = await t.app.inject({ url: '/metrics', headers: { authorization: 'Bearer x' } });
    expect(res.body).not.toContain('duban_');
  });

  it('answers Prometheus text to the token holder only: latency per route, task completions', async () => {
    const m = await createTestApp({ metricsToken: 's3cret-token' });
    try {
      await m.app.inject({ url: '/api/health' });
      expect((await m.app.inject({ url: '/metrics' })).statusCode).toBe(401);
      expect(
        (await m.app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong-token' } }))
          .statusCode,
      ).toBe(401);
      const res = await m.app.inject({ url: '/metrics', headers: { authorization: 'Bearer s3cret-token' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/plain/);
      expect(res.body).toMatch(
        /duban_http_request_duration_seconds_count\{method="GET",route="\/api\/health",status="200"\} 1/,
      );
      expect(res.body).toContain('duban_task_completions_total 0');
      expect(res.body).toContain('duban_process_cpu_seconds_total');
    } finally {
      await m.close();
    }
  });
});
