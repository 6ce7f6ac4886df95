/**
 * Spec §11 催办 over HTTP: who may urge, the minimum interval (429 with retryAfter) also for two
 * urges at the same moment, recipients (never the urger, never 督办科's review), the urge log on the
 * item, batch 催办, and 本月未反馈.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, itemBody, type Org } from './factories';
import { type Client, createTestApp, type TestApp } from './helpers';

let t: TestApp;
let org: Org;

async function pendingTask(client: Client, itemId: string) {
  const res = await client.get('/api/tasks?state=pending&pageSize=200');
  return (res.json().tasks as { id: string; itemId: string }[]).find((x) => x.itemId === itemId)
    ?.id as string;
}

async function register(title: string) {
  const res = await org.clients.sup.post('/api/items', itemBody(org, { title }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

beforeAll(async () => {
  t = await createTestApp({
    session: { idleMinutes: 60 * 24 * 90, absoluteHours: 24 * 90, secureCookie: false, cacheSeconds: 2 },
  });
  t.clock.set('2026-03-02T02:00:00.000Z');
  org = await buildOrg(t);
});
afterAll(() => t.close());

describe('§11 催办', () => {
  it('§11 supervisors, admins and leaders urge; one per interval (429 retryAfter), also when simultaneous', async () => {
    const { clients: c } = org;
    const id = await register('催办间隔');
    expect((await c.hrStaff.post(`/api/items/${id}/urge`, {})).statusCode).toBe(404);
    expect((await c.head.post(`/api/items/${id}/urge`, {})).statusCode).toBe(403);

    const [a, b] = await Promise.all([
      c.leader.post(`/api/items/${id}/urge`, { message: '请加快' }),
      c.dbadmin.post(`/api/items/${id}/urge`, {}),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 429]);
    const refused = a.statusCode === 429 ? a : b;
    expect(refused.json().error).toMatchObject({
      code: 'rate_limited',
      detail: { retryAfter: '2026-03-02T06:00:00.000Z' }, // 240 minutes later
    });
    t.clock.set('2026-03-02T06:00:00.000Z');
    expect((await c.sup.post(`/api/items/${id}/urge`, {})).statusCode).toBe(200);

    const detail = (await c.sup.get(`/api/items/${id}`)).json();
    expect(detail.urges).toHaveLength(2);
    expect(detail.urges[1]).toMatchObject({
      recipientIds: [org.users.head.id],
      recipientNames: ['财务处长'],
    });
    expect(detail.permissions.urge).toBe(true);
  });

  it('§11 never 督办科’s own review; never the urger; batch 催办 answers per item', async () => {
    const { clients: c } = org;
    const inReview = await register('审核中');
    await c.head.post(`/api/tasks/${await pendingTask(c.head, inReview)}/complete`, {
      decision: 'self',
      promisedAt: '2026-05-31',
      outcome: 'not_done',
      reason: '进行中',
      measures: '加快',
    });
    const withHead = await register('负责人办理中');
    const closed = await register('已结束');
    await c.sup.post(`/api/items/${closed}/close`, {});

    const res = await c.sup2.post('/api/items/urge', {
      itemIds: [inReview, withHead, closed, '00000000-0000-4000-8000-000000000000'],
      message: '请按时办理',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().results).toEqual([
      { itemId: inReview, status: 'urged', notified: 0 }, // only 督办科's review is pending
      { itemId: withHead, status: 'urged', notified: 1 },
      { itemId: closed, status: 'closed' },
      { itemId: '00000000-0000-4000-8000-000000000000', status: 'not_found' },
    ]);
    const again = await c.sup2.post('/api/items/urge', { itemIds: [withHead] });
    expect(again.json().results[0]).toMatchObject({ status: 'too_soon', retryAfter: expect.any(String) });
    expect((await c.staff.post('/api/items/urge', {})).statusCode).toBe(403);
  });

  it('§11 本月未反馈: open items whose registration ended before this month and no lead report this month', async () => {
    const { clients: c } = org;
    const old = await register('上月登记');
    await c.head.post(`/api/tasks/${await pendingTask(c.head, old)}/complete`, {
      decision: 'self',
      promisedAt: '2026-05-31',
      outcome: 'not_done',
      reason: '进行中',
      measures: '加快',
    });
    await c.sup.post(`/api/tasks/${await pendingTask(c.sup, old)}/complete`, { action: 'acknowledge' });
    const reported = await register('本月已反馈');
    await c.head.post(`/api/tasks/${await pendingTask(c.head, reported)}/complete`, {
      decision: 'self',
      promisedAt: '2026-05-31',
      outcome: 'not_done',
      reason: '进行中',
      measures: '加快',
    });
    await c.sup.post(`/api/tasks/${await pendingTask(c.sup, reported)}/complete`, { action: 'acknowledge' });
    t.clock.set('2026-04-03T02:00:00.000Z');
    await c.head.post(`/api/items/${reported}/reports`, {
      kind: 'lead',
      outcome: 'not_done',
      reason: '进行中',
      measures: '加快',
    });
    const ids = (
      (await c.sup.get('/api/items?scope=all&notReportedThisMonth=true&pageSize=200')).json().items as {
        id: string;
      }[]
    ).map((i) => i.id);
    expect(ids).toContain(old);
    expect(ids).not.toContain(reported);
    const exported = await c.sup.get('/api/items/export.xlsx?scope=all&notReportedThisMonth=true');
    expect(exported.statusCode).toBe(200);
  });
});
