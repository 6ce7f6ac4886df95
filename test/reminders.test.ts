/**
 * 每月督办 and deadline reminders: who gets them, when, and that each is sent once — also with two
 * instances on one PostgreSQL database.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../src/db/client';
import { buildApp } from '../src/server/app';
import { usingPostgres } from './db';
import { buildOrg, itemBody, type Org } from './factories';
import { type Client, createTestApp, type TestApp } from './helpers';

let t: TestApp;
let org: Org;
// Today is Monday 2 March 2026 in Shanghai; reminders go out from the 2nd of each month.
const monthlyDay = 2;

beforeAll(async () => {
  t = await createTestApp({ jobs: { enabled: false, monthlyDay, intervalSeconds: 300 } });
  org = await buildOrg(t);
});
afterAll(() => t.close());

async function pending(client: Client, itemId: string, kind: string) {
  const tasks = (await client.get('/api/tasks?state=pending&pageSize=200')).json().tasks;
  return tasks.find((x: { itemId: string; kind: string }) => x.itemId === itemId && x.kind === kind);
}

/** Registers an item the head handles at once (自办, 未办结) and 督办科 acknowledges: open for reports. */
async function handledItem(dueAt: string, title: string) {
  const { clients } = org;
  const item = (await clients.sup.post('/api/items', itemBody(org, { dueAt, title }))).json();
  const task = await pending(clients.head, item.id, 'handle');
  await clients.head.post(`/api/tasks/${task.id}/complete`, {
    decision: 'self',
    promisedAt: dueAt,
    outcome: 'not_done',
    reason: '进行中',
    measures: '按计划推进',
  });
  await clients.sup.post(`/api/tasks/${(await pending(clients.sup, item.id, 'review')).id}/complete`, {
    action: 'acknowledge',
  });
  return item.id as string;
}

/** Moves the clock; the sessions signed in before have expired by then, so sign in again. */
async function setClock(iso: string) {
  t.clock.set(iso);
  org.clients.head = await t.login('cw_head');
  org.clients.sup = await t.login('sup');
}

async function reminders(client: Client, itemId: string) {
  const list = (await client.get('/api/notifications')).json() as {
    kind: string;
    itemId: string;
    message: string;
  }[];
  return list
    .filter((n) => n.itemId === itemId && ['monthly', 'due', 'overdue', 'escalated'].includes(n.kind))
    .map((n) => n.kind);
}

describe('reminders', () => {
  let soon: string;
  let reported: string;
  let inRegistration: string;

  it('on the monthly day: 每月督办 to items without a report this month, 3-day notice to the lead handlers', async () => {
    soon = await handledItem('2026-03-05', '三天后到期');
    reported = await handledItem('2026-12-31', '本月已反馈');
    const report = await org.clients.head.post(`/api/items/${reported}/reports`, {
      kind: 'lead',
      outcome: 'not_done',
      reason: '进行中',
      measures: '继续推进',
    });
    expect(report.statusCode).toBe(201);
    inRegistration = (await org.clients.sup.post('/api/items', itemBody(org, { dueAt: '2026-12-31' }))).json()
      .id;

    const sent = await t.scheduler.runOnce();
    expect(sent).toEqual({ monthly: 1, deadline: 1 });
    expect((await reminders(org.clients.head, soon)).sort()).toEqual(['due', 'monthly']);
    expect(await reminders(org.clients.head, reported)).toEqual([]);
    expect(await reminders(org.clients.head, inRegistration)).toEqual([]);
    const message = (await org.clients.head.get('/api/notifications'))
      .json()
      .find((n: { kind: string; itemId: string }) => n.kind === 'monthly' && n.itemId === soon).message;
    expect(message).toContain('2026年3月');
  });

  it('runs again the same day: nothing is sent twice', async () => {
    expect(await t.scheduler.runOnce()).toEqual({ monthly: 0, deadline: 0 });
    expect((await reminders(org.clients.head, soon)).sort()).toEqual(['due', 'monthly']);
  });

  it('the day after the deadline: overdue, once', async () => {
    await setClock('2026-03-06T01:00:00.000Z');
    expect(await t.scheduler.runOnce()).toEqual({ monthly: 0, deadline: 1 });
    expect(await t.scheduler.runOnce()).toEqual({ monthly: 0, deadline: 0 });
    expect((await reminders(org.clients.head, soon)).sort()).toEqual(['due', 'monthly', 'overdue']);
  });

  it('before the monthly day nothing monthly; from it, once per month; closed items and disabled users get nothing', async () => {
    await setClock('2026-04-01T01:00:00.000Z');
    expect((await t.scheduler.runOnce()).monthly).toBe(0);
    await org.clients.sup.post(`/api/items/${soon}/close`, { remark: '结束' });
    // A second handler who is disabled is not reminded.
    const admin = await t.admin();
    const handlers = [
      { userId: org.users.head.id, role: 'head' },
      { userId: org.users.staff2.id, role: 'staff' },
    ];
    const dbadmin = await t.login('dbadmin');
    expect((await dbadmin.patch(`/api/items/${reported}`, { handlers })).statusCode).toBe(200);
    // Disabled behind the system's back (a directory sync): the API refuses to disable a handler of an
    // open item without a handover (§10).
    expect((await admin.patch(`/api/users/${org.users.staff2.id}`, { disabled: true })).statusCode).toBe(409);
    await t.db.db.execute(sql`update users set disabled = true where id = ${org.users.staff2.id}`);
    await setClock('2026-04-02T01:00:00.000Z');
    // `reported` and the first item, once it left registration, are open without an April report.
    expect((await t.scheduler.runOnce()).monthly).toBe(1);
    expect(await reminders(org.clients.head, reported)).toEqual(['monthly']);
    expect((await reminders(org.clients.head, soon)).filter((k) => k === 'monthly')).toHaveLength(1);
    await setClock('2026-04-20T01:00:00.000Z');
    expect((await t.scheduler.runOnce()).monthly).toBe(0);
  });
});

describe.runIf(usingPostgres)('two instances on one PostgreSQL database', () => {
  it('each reminder is sent once', async () => {
    const second = openPostgres(t.db.url as string, 5);
    const { app: app2, scheduler: scheduler2 } = await buildApp({
      config: t.config,
      db: second.db,
      clock: t.clock.now,
      logger: false,
    });
    try {
      const items = [];
      for (let i = 0; i < 5; i++) items.push(await handledItem('2026-05-08', `双实例${i}`));
      // 2026-05-05 is still 劳动节: 每月督办 goes out (it is not a deadline reminder), the deadline
      // ladder waits for a working day.
      await setClock('2026-05-05T01:00:00.000Z');
      const [a, b] = await Promise.all([t.scheduler.runOnce(), scheduler2.runOnce()]);
      // May: monthly for every open item reportable (5 new + `reported`).
      expect(a.monthly + b.monthly).toBe(6);
      expect(a.deadline + b.deadline).toBe(0);
      // Wednesday 05-06: two working days before Friday 05-08: due for the 5 new ones.
      await setClock('2026-05-06T01:00:00.000Z');
      const [a2, b2] = await Promise.all([t.scheduler.runOnce(), scheduler2.runOnce()]);
      expect(a2.monthly + b2.monthly).toBe(0);
      expect(a2.deadline + b2.deadline).toBe(5);
      for (const itemId of items)
        expect((await reminders(org.clients.head, itemId)).sort()).toEqual(['due', 'monthly']);

      // Wednesday 05-13 is overdue working day 4 (Saturday 05-09 was a 调休 working day): the missed
      // day-1 reminder and the day-3 escalation are caught up once, across both instances.
      await setClock('2026-05-13T01:00:00.000Z');
      const [c, d] = await Promise.all([t.scheduler.runOnce(), scheduler2.runOnce()]);
      // Per item: the head is escalated to (not also sent the overdue line), and the registrar.
      expect(c.deadline + d.deadline).toBe(10);
      const [e, f] = await Promise.all([t.scheduler.runOnce(), scheduler2.runOnce()]);
      expect(e.deadline + f.deadline).toBe(0);
      for (const itemId of items) expect(await reminders(org.clients.head, itemId)).toContain('escalated');
    } finally {
      await app2.close();
      await second.close();
    }
  });
});
