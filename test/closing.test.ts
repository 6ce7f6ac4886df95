/**
 * Spec §11–§12 over HTTP: completed vs terminated in the lists, filters and 情况汇总; the admin's
 * 办理结果 edit and unknown keys; who receives an item; one assist report at a time; 我登记的; the
 * working-day calendar; HELP_CONTACT; the last report carried into the eligible list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, itemBody, type Org } from './factories';
import { type Client, createTestApp, errorOf, type TestApp } from './helpers';

let t: TestApp;
let org: Org;

async function pendingTask(client: Client, itemId: string) {
  const res = await client.get('/api/tasks?state=pending&pageSize=200');
  return (res.json().tasks as { id: string; itemId: string }[]).find((x) => x.itemId === itemId)
    ?.id as string;
}

async function register(overrides: Record<string, unknown> = {}) {
  const res = await org.clients.sup.post('/api/items', itemBody(org, overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; number: string };
}

beforeAll(async () => {
  t = await createTestApp({ helpContact: '督办科 0571-12345678' });
  t.clock.set('2026-03-02T02:00:00.000Z');
  org = await buildOrg(t);
});
afterAll(() => t.close());

describe('§12 completed vs terminated', () => {
  it('§12 the review’s 同意办结 completes, 结束 terminates; lists, filters and 情况汇总 keep them apart', async () => {
    const { clients: c } = org;
    const done = await register({ title: '办结的事项' });
    await c.head.post(`/api/tasks/${await pendingTask(c.head, done.id)}/complete`, {
      decision: 'self',
      promisedAt: '2026-05-31',
      outcome: 'apply_close',
      implementation: '已完成',
    });
    const review = await c.sup.post(`/api/tasks/${await pendingTask(c.sup, done.id)}/complete`, {
      action: 'close',
    });
    expect(review.statusCode, review.body).toBe(200);
    const ended = await register({ title: '终止的事项' });
    expect((await c.sup.post(`/api/items/${ended.id}/close`, { remark: '已合并' })).statusCode).toBe(200);

    expect((await c.sup.get(`/api/items/${done.id}`)).json()).toMatchObject({
      status: 'closed',
      closeKind: 'completed',
      originalDueAt: '2026-06-30',
      extensionCount: 0,
      extensionPending: false,
      overdueDays: 0,
    });
    expect((await c.sup.get(`/api/items/${ended.id}`)).json()).toMatchObject({ closeKind: 'terminated' });

    const ids = async (query: string) =>
      ((await c.sup.get(`/api/items?scope=all&${query}`)).json().items as { id: string }[]).map((i) => i.id);
    expect(await ids('closeKind=completed')).toEqual([done.id]);
    expect(await ids('closeKind=terminated')).toEqual([ended.id]);
    expect(await ids('status=closed')).toHaveLength(2);
    expect(await ids('outcome=apply_close')).toEqual([done.id]);

    const s = (await c.leader.get('/api/summary')).json();
    expect(s.totals).toMatchObject({
      total: 2,
      closed: 2,
      completed: 1,
      terminated: 1,
      onTime: 1,
      completionRate: 1, // completed ÷ (total − terminated)
      onTimeRate: 1,
      onTimeOriginalRate: 1,
    });
    // Reopened and ended again, the terminated item still never counts as completed.
    await c.dbadmin.post(`/api/items/${ended.id}/reopen`, { remark: '误操作' });
    expect((await c.sup.get(`/api/items/${ended.id}`)).json()).toMatchObject({ closeKind: null });
    await c.sup.post(`/api/items/${ended.id}/close`, { remark: '不再督办' });
    expect((await c.leader.get('/api/summary')).json().totals).toMatchObject({ completed: 1, terminated: 1 });
  });
});

describe('§12 the admin’s 办理结果 edit (督办列表)', () => {
  it('§12 已办结 closes as completed, 未办结 reopens, each with a remark; unknown keys are a 400', async () => {
    const { clients: c } = org;
    const item = await register({ title: '管理员办结' });
    const noRemark = await c.dbadmin.patch(`/api/items/${item.id}`, { status: 'completed' });
    expect(noRemark.statusCode).toBe(400);
    expect(Object.keys(errorOf(noRemark).fields ?? {})).toEqual(['remark']);

    const closed = await c.dbadmin.patch(`/api/items/${item.id}`, {
      status: 'completed',
      remark: '书面报告已办结',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', closeKind: 'completed' });
    // The head's pending task was cancelled with the close.
    expect(await pendingTask(c.head, item.id)).toBeUndefined();

    const reopened = await c.dbadmin.patch(`/api/items/${item.id}`, { status: 'open', remark: '尚需跟进' });
    expect(reopened.json()).toMatchObject({ status: 'open', closeKind: null });

    const unknown = await c.dbadmin.patch(`/api/items/${item.id}`, {
      id: 'x',
      number: 'DB-0000-0000',
      registrarId: org.users.sup.id,
      closeKind: 'completed',
      status: 'closed',
    });
    expect(unknown.statusCode).toBe(400);
    expect(Object.keys(errorOf(unknown).fields ?? {}).sort()).toEqual(
      ['closeKind', 'id', 'number', 'registrarId', 'status'].sort(),
    );

    const later = await c.dbadmin.patch(`/api/items/${item.id}`, { dueAt: '2026-07-31' });
    expect(later.json()).toMatchObject({
      dueAt: '2026-07-31',
      originalDueAt: '2026-06-30',
      extensionCount: 1,
    });
    const history = (await c.sup.get(`/api/items/${item.id}/history`)).json() as {
      action: string;
      detail: Record<string, unknown>;
    }[];
    expect(history.find((h) => h.action === 'item.edit')?.detail).toMatchObject({ remark: '书面报告已办结' });
  });
});

describe('§12 who receives the item', () => {
  it('§12 headId must be a head of a lead department that has one', async () => {
    const res = await org.clients.sup.post('/api/items', itemBody(org, { headId: org.users.deputy.id }));
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).fields?.headId).toContain('部处负责人');
    // 信息中心 has no head: any member receives it.
    const it2 = await org.clients.sup.post(
      '/api/items',
      itemBody(org, { leadDepartmentId: org.departments.it.id, headId: org.users.itStaff.id }),
    );
    expect(it2.statusCode, it2.body).toBe(201);
  });
});

describe('§12 one assist report at a time', () => {
  it('§12 a manual 协办反馈 while the system’s 协办反馈 task is pending → 409 flow_pending with the task', async () => {
    const { clients: c, users: u } = org;
    const item = await register({ title: '协办事项' });
    await c.head.post(`/api/tasks/${await pendingTask(c.head, item.id)}/complete`, {
      decision: 'self',
      promisedAt: '2026-05-31',
      outcome: 'assist',
      assistHandlerIds: [u.hrStaff.id],
    });
    await c.sup.post(`/api/tasks/${await pendingTask(c.sup, item.id)}/complete`, { action: 'acknowledge' });
    const taskId = await pendingTask(c.hrStaff, item.id);
    const res = await c.hrStaff.post(`/api/items/${item.id}/reports`, {
      kind: 'assist',
      outcome: 'apply_close',
      implementation: '配合完成',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'flow_pending', detail: { taskId } });

    // The eligible list carries the reporter's last report.
    const done = await c.hrStaff.post(`/api/tasks/${taskId}/complete`, {
      outcome: 'not_done',
      reason: '人员不足',
      measures: '抽调人员',
    });
    expect(done.statusCode, done.body).toBe(200);
    const eligible = (await c.hrStaff.get('/api/reports/eligible?kind=assist')).json().items as {
      id: string;
      lastReport: unknown;
    }[];
    expect(eligible.find((i) => i.id === item.id)?.lastReport).toEqual({
      outcome: 'not_done',
      reason: '人员不足',
      measures: '抽调人员',
    });
  });
});

describe('§12 督办员 find what they registered', () => {
  it('§12 scope=registered lists the caller’s registrations; others may not ask for it', async () => {
    const { clients: c } = org;
    const mine = await register({ title: '我登记的事项' });
    const rows = (await c.sup.get('/api/items?scope=registered&pageSize=200')).json().items as {
      id: string;
      registrarId: string;
    }[];
    expect(rows.map((r) => r.id)).toContain(mine.id);
    expect(rows.every((r) => r.registrarId === org.users.sup.id)).toBe(true);
    expect((await c.sup2.get('/api/items?scope=registered')).json().items).toEqual([]);
    expect((await c.staff.get('/api/items?scope=registered')).statusCode).toBe(403);
  });
});

describe('§11 the working-day calendar (系统管理)', () => {
  it('§11 lists the official year, takes the sysadmin’s overrides, and says when a year is missing', async () => {
    const admin = await t.admin();
    const y2026 = (await admin.get('/api/calendar?year=2026')).json();
    expect(y2026.official).toBe(true);
    expect(y2026.days).toEqual(
      expect.arrayContaining([
        { date: '2026-10-01', workday: false, note: '国庆节', source: 'official' },
        { date: '2026-02-14', workday: true, note: '春节调休上班', source: 'official' },
      ]),
    );
    expect((await admin.get('/api/calendar?year=2027')).json()).toMatchObject({ official: false });

    expect((await org.clients.sup.put('/api/calendar/2026-03-06', { workday: false })).statusCode).toBe(403);
    const set = await admin.put('/api/calendar/2026-03-06', { workday: false, note: '单位活动' });
    expect(set.statusCode, set.body).toBe(200);
    expect((await admin.get('/api/calendar?year=2026')).json().days).toContainEqual({
      date: '2026-03-06',
      workday: false,
      note: '单位活动',
      source: 'organisation',
    });
    expect((await admin.put('/api/calendar/2026-02-30', { workday: false })).statusCode).toBe(400);
    const removed = await admin.request('DELETE', '/api/calendar/2026-03-06');
    expect(removed.statusCode).toBe(204);
    expect((await admin.request('DELETE', '/api/calendar/2026-03-06')).statusCode).toBe(404);
  });
});

describe('§12 help contact', () => {
  it('§12 GET /api/settings/public answers HELP_CONTACT without a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/settings/public' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ helpContact: '督办科 0571-12345678' });
  });
});
