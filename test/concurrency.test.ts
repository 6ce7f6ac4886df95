/**
 * Concurrent actions on one task: exactly one wins, the rest get 409, and no duplicate next tasks
 * appear. Meaningful on PostgreSQL (CI runs this file there too); on the embedded database the
 * requests are serialised by PGlite itself and the same assertions hold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, itemBody, type Org } from './factories';
import { createTestApp, type TestApp } from './helpers';

let t: TestApp;
let org: Org;

beforeAll(async () => {
  t = await createTestApp();
  org = await buildOrg(t);
});
afterAll(() => t.close());

const N = 20;

describe('concurrency', () => {
  it(`of ${N} parallel completions of one task exactly one succeeds, the rest get 409`, async () => {
    const { clients, users } = org;
    const item = (await clients.sup.post('/api/items', itemBody(org))).json();
    const [task] = (await clients.head.get('/api/tasks?state=pending&pageSize=200'))
      .json()
      .tasks.filter((x: { itemId: string }) => x.itemId === item.id);
    const results = await Promise.all(
      Array.from({ length: N }, () =>
        clients.head.post(`/api/tasks/${task.id}/complete`, {
          decision: 'delegate',
          delegateToId: users.deputy.id,
        }),
      ),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(N - 1);
    // Exactly one next task was created.
    const detail = (await clients.sup.get(`/api/items/${item.id}`)).json();
    const steps = detail.flows[0].steps;
    expect(steps.map((s: { kind: string; state: string }) => `${s.kind}:${s.state}`)).toEqual([
      'handle:done',
      'handle:pending',
    ]);
    const history = (await clients.sup.get(`/api/items/${item.id}/history`)).json();
    expect(history.filter((h: { action: string }) => h.action === 'task.complete')).toHaveLength(1);
  });

  it('concurrent completions of different tasks by different people all succeed', async () => {
    const { clients, users } = org;
    const items = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        clients.sup.post('/api/items', itemBody(org, { title: `并发事项${i}` })),
      ),
    );
    const ids = new Set(items.map((r) => r.json().id));
    const tasks = (await clients.head.get('/api/tasks?state=pending&pageSize=200'))
      .json()
      .tasks.filter((x: { itemId: string }) => ids.has(x.itemId));
    expect(tasks).toHaveLength(6);
    const results = await Promise.all(
      tasks.map((x: { id: string }) =>
        clients.head.post(`/api/tasks/${x.id}/complete`, {
          decision: 'delegate',
          delegateToId: users.deputy.id,
        }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(6).fill(200));
  });

  it(`${N} concurrent registrations get ${N} distinct consecutive numbers`, async () => {
    const { clients } = org;
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        clients.sup.post('/api/items', itemBody(org, { title: `编号测试${i}` })),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(N).fill(201));
    const numbers = results.map((r) => r.json().number as string);
    expect(new Set(numbers).size).toBe(N);
    const sequence = numbers.map((n) => Number(n.slice(-4))).sort((a, b) => a - b);
    expect((sequence.at(-1) ?? 0) - (sequence[0] ?? 0)).toBe(N - 1);
  });
});
