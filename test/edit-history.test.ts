/**
 * 待办事项 / 已办事项, the admin's edit in 督办列表 (handlers decide who may report), the item's
 * history and the audit log, over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, itemBody, type Org } from './factories';
import { type Client, createTestApp, errorOf, type TestApp } from './helpers';

let t: TestApp;
let org: Org;

interface TaskRow {
  id: string;
  kind: string;
  state: string;
  itemId: string;
  itemNumber: string;
  itemTitle: string;
  light: string;
  senderId: string | null;
  senderName: string | null;
  createdAt: string;
  completedAt: string | null;
}

beforeAll(async () => {
  t = await createTestApp({
    session: { idleMinutes: 60 * 24 * 30, absoluteHours: 24 * 30, secureCookie: false, cacheSeconds: 2 },
  });
  org = await buildOrg(t);
});
afterAll(() => t.close());

async function register(overrides: Record<string, unknown> = {}) {
  const res = await org.clients.sup.post('/api/items', itemBody(org, overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; number: string };
}

async function tasks(client: Client, query: string) {
  const res = await client.get(`/api/tasks?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { tasks: TaskRow[]; total: number };
}

async function complete(client: Client, taskId: string, body: Record<string, unknown>) {
  const res = await client.post(`/api/tasks/${taskId}/complete`, body);
  expect(res.statusCode, res.body).toBe(200);
}

async function eligibleIds(client: Client, kind: 'lead' | 'assist' = 'lead') {
  const res = await client.get(`/api/reports/eligible?kind=${kind}`);
  expect(res.statusCode).toBe(200);
  return (res.json().items as { id: string }[]).map((i) => i.id);
}

describe('待办事项 / 已办事项', () => {
  it('lists the caller’s own tasks newest first with item number, title, light, sender and times', async () => {
    const { clients: c, users: u } = org;
    t.clock.set('2026-03-02T01:00:00.000Z');
    const first = await register({ title: '第一项', dueAt: '2026-03-05' });
    t.clock.advanceMinutes(5);
    const second = await register({ title: '第二项', assignedAt: '2026-02-20', dueAt: '2026-02-27' });
    t.clock.advanceMinutes(5);
    const third = await register({ title: '第三项' });

    const pending = await tasks(c.head, 'state=pending');
    expect(pending.total).toBe(3);
    expect(pending.tasks.map((x) => x.itemTitle)).toEqual(['第三项', '第二项', '第一项']);
    expect(pending.tasks[1]).toMatchObject({
      kind: 'handle',
      state: 'pending',
      itemId: second.id,
      itemNumber: second.number,
      itemTitle: '第二项',
      light: 'red', // due Friday 02-27, today Monday 03-02: one working day overdue
      senderId: u.sup.id,
      senderName: '督办员甲',
      createdAt: '2026-03-02T01:05:00.000Z',
      completedAt: null,
    });
    expect(pending.tasks.map((x) => x.light)).toEqual(['green', 'red', 'yellow']);
    // Somebody else's list does not show them.
    expect((await tasks(c.deputy, 'state=pending')).total).toBe(0);

    // Paging: one per page, with the total.
    const page2 = await tasks(c.head, 'state=pending&pageSize=1&page=2');
    expect(page2.total).toBe(3);
    expect(page2.tasks.map((x) => x.itemId)).toEqual([second.id]);

    // Completing two moves them to 已办, latest completion first.
    const byItem = (id: string) => pending.tasks.find((x) => x.itemId === id)?.id as string;
    t.clock.advanceMinutes(10);
    await complete(c.head, byItem(third.id), { decision: 'delegate', delegateToId: u.deputy.id });
    t.clock.advanceMinutes(10);
    await complete(c.head, byItem(first.id), { decision: 'delegate', delegateToId: u.deputy.id });
    const done = await tasks(c.head, 'state=done');
    expect(done.total).toBe(2);
    expect(done.tasks.map((x) => x.itemId)).toEqual([first.id, third.id]);
    expect(done.tasks[0]).toMatchObject({ state: 'done', completedAt: '2026-03-02T01:30:00.000Z' });
    expect((await tasks(c.head, 'state=pending')).tasks.map((x) => x.itemId)).toEqual([second.id]);
    // The deputy got them, sent by the head.
    const deputy = await tasks(c.deputy, '');
    expect(deputy.tasks.map((x) => [x.itemId, x.senderName])).toEqual([
      [first.id, '财务处长'],
      [third.id, '财务处长'],
    ]);
  });
});

describe('督办列表: the admin edits handlers, result and basic fields', () => {
  it('handlers decide who may report; every edit is in the history with before and after', async () => {
    const { clients: c, users: u } = org;
    t.clock.set('2026-03-03T01:00:00.000Z');
    const item = await register({ title: '办理人调整测试' });
    // The registration flow ends: the head handles it himself, the supervisor acknowledges.
    const handle = (await tasks(c.head, 'state=pending')).tasks.find((x) => x.itemId === item.id);
    await complete(c.head, handle?.id as string, {
      decision: 'self',
      promisedAt: '2026-05-31',
      outcome: 'not_done',
      reason: '资金未到位',
      measures: '申请追加预算',
    });
    const review = (await tasks(c.sup, 'state=pending')).tasks.find((x) => x.itemId === item.id);
    await complete(c.sup, review?.id as string, { action: 'acknowledge' });

    expect(await eligibleIds(c.head)).toContain(item.id);
    expect(await eligibleIds(c.staff2)).not.toContain(item.id);
    expect(await eligibleIds(c.hrStaff, 'assist')).not.toContain(item.id);

    // Only the admin may edit (403 for the supervisor, 404 for someone who may not see it).
    expect((await c.sup.patch(`/api/items/${item.id}`, { title: 'x' })).statusCode).toBe(403);
    expect((await c.itStaff.patch(`/api/items/${item.id}`, { title: 'x' })).statusCode).toBe(404);
    const bad = await c.dbadmin.patch(`/api/items/${item.id}`, { handlers: [{ userId: u.staff2.id }] });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(errorOf(bad).fields ?? {})).toEqual(['handlers.0.role']);

    // Add 财务经办二 and 人事经办 (协办): both may now report; the head may too.
    t.clock.set('2026-03-04T02:00:00.000Z');
    const edited = await c.dbadmin.patch(`/api/items/${item.id}`, {
      handlers: [
        { userId: u.head.id, role: 'head' },
        { userId: u.staff2.id, role: 'staff' },
        { userId: u.hrStaff.id, role: 'assist' },
      ],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(await eligibleIds(c.staff2)).toContain(item.id);
    expect(await eligibleIds(c.hrStaff, 'assist')).toContain(item.id);
    expect(await eligibleIds(c.hrStaff, 'lead')).not.toContain(item.id);
    // 人事经办 now sees the item (a handler) and may report on it.
    expect((await c.hrStaff.get(`/api/items/${item.id}`)).json().permissions.reportAssist).toBe(true);
    const report = await c.staff2.post(`/api/items/${item.id}/reports`, {
      kind: 'lead',
      outcome: 'not_done',
      reason: '仍在协调',
      measures: '下周再议',
    });
    expect(report.statusCode, report.body).toBe(201);

    // Remove the head: he may no longer report. His pending approval of the report needs a
    // successor (§10), who takes it over.
    t.clock.set('2026-03-05T02:00:00.000Z');
    const second = await c.dbadmin.patch(`/api/items/${item.id}`, {
      handlers: [
        { userId: u.staff2.id, role: 'staff' },
        { userId: u.hrStaff.id, role: 'assist' },
      ],
      handlerSuccessors: { [u.head.id]: u.deputy.id },
      result: 'apply_close',
      title: '办理人调整测试（已改）',
    });
    expect(second.statusCode, second.body).toBe(200);
    expect(await eligibleIds(c.head)).not.toContain(item.id);
    const refused = await c.head.post(`/api/items/${item.id}/reports`, {
      kind: 'lead',
      outcome: 'apply_close',
      implementation: '已完成',
    });
    expect(refused.statusCode).toBe(403);

    // The history: registration, the steps, both edits with who and when and before/after.
    const res = await c.staff.get(`/api/items/${item.id}/history`);
    expect(res.statusCode, res.body).toBe(200);
    const history = res.json() as {
      at: string;
      actorId: string;
      actorName: string;
      action: string;
      detail: { changes?: Record<string, { before: unknown; after: unknown }> };
    }[];
    expect(history[0]).toMatchObject({ action: 'item.register', actorId: u.sup.id, actorName: '督办员甲' });
    const edits = history.filter((h) => h.action === 'item.edit');
    expect(edits).toHaveLength(2);
    expect(edits[0]).toMatchObject({
      at: '2026-03-04T02:00:00.000Z',
      actorId: u.dbadmin.id,
      actorName: '督办管理员',
    });
    expect(edits[0]?.detail.changes).toEqual({
      handlers: {
        before: [{ userId: u.head.id, role: 'head' }],
        after: [
          { userId: u.head.id, role: 'head' },
          { userId: u.staff2.id, role: 'staff' },
          { userId: u.hrStaff.id, role: 'assist' },
        ],
      },
    });
    expect(edits[1]?.detail.changes).toMatchObject({
      title: { before: '办理人调整测试', after: '办理人调整测试（已改）' },
      result: { before: 'not_done', after: 'apply_close' },
      handlers: {
        before: [
          { userId: u.head.id, role: 'head' },
          { userId: u.staff2.id, role: 'staff' },
          { userId: u.hrStaff.id, role: 'assist' },
        ],
      },
    });
    // Oldest first.
    const times = history.map((h) => h.at);
    expect(times).toEqual([...times].sort());
    // Someone who may not see the item gets 404 for its history too.
    expect((await c.itStaff.get(`/api/items/${item.id}/history`)).statusCode).toBe(404);
  });
});

describe('GET /api/audit', () => {
  it('filters every audit event by actor, action and time for auditors and sysadmins', async () => {
    const { clients: c, users: u } = org;
    const q = (query: string) => c.auditor.get(`/api/audit?${query}`);
    const edits = (await q(`actorId=${u.dbadmin.id}&action=item.edit`)).json();
    expect(edits.total).toBe(2);
    expect(edits.events.map((e: { actorName: string }) => e.actorName)).toEqual(['督办管理员', '督办管理员']);
    // Newest first.
    expect(edits.events.map((e: { at: string }) => e.at)).toEqual([
      '2026-03-05T02:00:00.000Z',
      '2026-03-04T02:00:00.000Z',
    ]);
    // A day in the configured time zone (2026-03-04 in Shanghai is 03-03T16:00Z to 03-04T16:00Z).
    expect((await q('action=item.edit&from=2026-03-04&to=2026-03-04')).json().total).toBe(1);
    expect((await q('action=item.edit&from=2026-03-06')).json().total).toBe(0);
    const registrations = (await q(`action=item.register&actorId=${u.sup.id}`)).json();
    expect(registrations.total).toBe(4);
    const admin = await t.admin();
    expect((await admin.get('/api/audit?action=item.edit')).json().total).toBe(2);
    for (const client of [c.staff, c.dbadmin, c.leader]) {
      expect((await client.get('/api/audit')).statusCode).toBe(403);
    }
    expect((await q('actorId=not-a-uuid')).statusCode).toBe(400);
  });
});
