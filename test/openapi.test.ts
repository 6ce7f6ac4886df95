/** The published OpenAPI document covers every path of the API contract, keyed by full request path. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers';

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
