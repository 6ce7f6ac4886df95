/**
 * 拒签 and 重新分派 through the HTTP API (spec §13): the head refuses, the registrar resends or
 * ends; an assisting handler refuses a system 协办反馈; the summary counts refusals per department.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, itemBody, type Org } from './factories';
import { type Client, createTestApp, errorOf, type TestApp } from './helpers';

let t: TestApp;
let org: Org;

beforeAll(async () => {
  t = await createTestApp();
  org = await buildOrg(t);
});
afterAll(() => t.close());

async function theTask(
  client: Client,
  itemId: string,
  kind: string,
): Promise<{ id: string; senderName: string }> {
  const res = await client.get('/api/tasks?state=pending&pageSize=200');
  const tasks = (
    res.json().tasks as { id: string; kind: string; itemId: string; senderName: string }[]
  ).filter((task) => task.itemId === itemId && task.kind === kind);
  expect(tasks, `${client.username} should have one pending ${kind} task`).toHaveLength(1);
  return tasks[0] as { id: string; senderName: string };
}

async function complete(client: Client, taskId: string, body: Record<string, unknown>) {
  const res = await client.post(`/api/tasks/${taskId}/complete`, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { created: { id: string; kind: string; assigneeId: string }[] };
}

async function register(overrides: Record<string, unknown> = {}) {
  const res = await org.clients.sup.post('/api/items', itemBody(org, overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; number: string };
}

async function refusedItem() {
  const item = await register();
  const task = await theTask(org.clients.head, item.id, 'handle');
  await complete(org.clients.head, task.id, { decision: 'refuse', reason: '不属于财务处职责' });
  return item;
}

describe('§13 拒签 and 重新分派', () => {
  it('the head refuses with a reason; the registrar is told and gets 重新分派; the timeline shows it', async () => {
    const { clients, users } = org;
    const item = await register();
    const task = await theTask(clients.head, item.id, 'handle');
    const view = (await clients.head.get(`/api/tasks/${task.id}`)).json();
    expect(view.allowed.decisions).toContain('refuse');

    const noReason = await clients.head.post(`/api/tasks/${task.id}/complete`, { decision: 'refuse' });
    expect(noReason.statusCode).toBe(400);
    expect(errorOf(noReason).fields).toEqual({ reason: '请填写拒签理由' });

    const { created } = await complete(clients.head, task.id, {
      decision: 'refuse',
      reason: '不属于财务处职责',
    });
    expect(created).toEqual([expect.objectContaining({ kind: 'redispatch', assigneeId: users.sup.id })]);
    const again = await clients.head.post(`/api/tasks/${task.id}/complete`, {
      decision: 'refuse',
      reason: 'x',
    });
    expect(again.statusCode).toBe(409);

    const bell = (await clients.sup.get('/api/notifications?unread=true')).json();
    const told = bell.find(
      (n: { kind: string; itemId: string }) => n.kind === 'refused' && n.itemId === item.id,
    );
    expect(told.message).toContain('不属于财务处职责');

    const redispatch = await theTask(clients.sup, item.id, 'redispatch');
    expect(redispatch.senderName).toBe('财务处长');
    const page = (await clients.sup.get(`/api/tasks/${redispatch.id}`)).json();
    expect(page.allowed).toEqual({ actions: ['resend', 'end'] });

    const detail = (await clients.head.get(`/api/items/${item.id}`)).json();
    expect(detail.handlers).toEqual([]);
    expect(detail.flows.map((f: { kind: string; status: string }) => `${f.kind}:${f.status}`)).toEqual([
      'registration:refused',
      'redispatch:active',
    ]);
    expect(detail.flows[0].steps[0]).toMatchObject({
      action: 'refuse',
      decision: 'refuse',
      reason: '不属于财务处职责',
    });
    const history = (await clients.sup.get(`/api/items/${item.id}/history`)).json();
    expect(
      history.some(
        (h: { action: string; detail: { input?: { decision?: string } } }) =>
          h.action === 'task.complete' && h.detail.input?.decision === 'refuse',
      ),
    ).toBe(true);
  });

  it('重新分派 resends to another department: the old lead loses the item, the new head gets it', async () => {
    const { clients, users, departments } = org;
    const item = await refusedItem();
    const task = await theTask(clients.sup, item.id, 'redispatch');

    const bad = await clients.sup.post(`/api/tasks/${task.id}/complete`, {
      action: 'resend',
      leadDepartmentId: departments.hr.id,
      headId: users.head.id,
    });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).fields).toHaveProperty('headId');
    const same = await clients.sup.post(`/api/tasks/${task.id}/complete`, {
      action: 'resend',
      leadDepartmentId: departments.finance.id,
      headId: users.head.id,
    });
    expect(errorOf(same).fields?.headId).toContain('已拒签');
    const noDept = await clients.sup.post(`/api/tasks/${task.id}/complete`, {
      action: 'resend',
      leadDepartmentId: '00000000-0000-4000-8000-000000000000',
      headId: users.hrHead.id,
    });
    expect(errorOf(noDept).fields).toHaveProperty('leadDepartmentId');
    expect(
      (await clients.head.post(`/api/tasks/${task.id}/complete`, { action: 'end', remark: 'x' })).statusCode,
    ).toBe(403);

    const { created } = await complete(clients.sup, task.id, {
      action: 'resend',
      leadDepartmentId: departments.hr.id,
      headId: users.hrHead.id,
    });
    expect(created).toEqual([expect.objectContaining({ kind: 'handle', assigneeId: users.hrHead.id })]);
    const detail = (await clients.hrHead.get(`/api/items/${item.id}`)).json();
    expect(detail).toMatchObject({ leadDepartmentId: departments.hr.id, headId: users.hrHead.id });
    // The finance department no longer sees it in 督办查询; its head still sees what he refused.
    const list = (await clients.staff.get('/api/items?scope=department&pageSize=200')).json();
    expect(list.items.some((i: { id: string }) => i.id === item.id)).toBe(false);
    expect((await clients.head.get(`/api/items/${item.id}`)).statusCode).toBe(200);
    expect((await clients.staff.get(`/api/items/${item.id}`)).statusCode).toBe(404);
  });

  it('重新分派 may end the item (remark required); reopening asks for 重新分派 again', async () => {
    const { clients } = org;
    const item = await refusedItem();
    const task = await theTask(clients.sup, item.id, 'redispatch');
    const noRemark = await clients.sup.post(`/api/tasks/${task.id}/complete`, { action: 'end' });
    expect(errorOf(noRemark).fields).toEqual({ remark: expect.any(String) });
    await complete(clients.sup, task.id, { action: 'end', remark: '改由其他渠道办理' });
    expect((await clients.sup.get(`/api/items/${item.id}`)).json().status).toBe('closed');
    expect(
      (await clients.dbadmin.post(`/api/items/${item.id}/reopen`, { remark: '重新督办' })).statusCode,
    ).toBe(200);
    await theTask(clients.sup, item.id, 'redispatch');
  });

  it('an assisting handler refuses a system 协办反馈: the lead handlers are told, the assister is no handler', async () => {
    const { clients, users, departments } = org;
    const item = await register();
    const head = await theTask(clients.head, item.id, 'handle');
    await complete(clients.head, head.id, {
      decision: 'self',
      promisedAt: '2026-05-31',
      outcome: 'assist',
      assistHandlerIds: [users.hrStaff.id],
    });
    await complete(clients.sup, (await theTask(clients.sup, item.id, 'review')).id, {
      action: 'acknowledge',
    });
    const assist = await theTask(clients.hrStaff, item.id, 'assist_report');
    expect((await clients.hrStaff.get(`/api/tasks/${assist.id}`)).json().allowed.outcomes).toContain(
      'refuse',
    );
    const noReason = await clients.hrStaff.post(`/api/tasks/${assist.id}/complete`, { outcome: 'refuse' });
    expect(errorOf(noReason).fields).toEqual({ reason: '请填写拒签理由' });
    await complete(clients.hrStaff, assist.id, { outcome: 'refuse', reason: '人事处不涉及' });

    const detail = (await clients.head.get(`/api/items/${item.id}`)).json();
    expect(detail.handlers.map((h: { userId: string }) => h.userId)).toEqual([users.head.id]);
    expect(detail.assistDepartmentIds).not.toContain(departments.hr.id);
    expect(detail.flows.at(-1)).toMatchObject({ kind: 'assist_report', status: 'refused' });
    const bell = (await clients.head.get('/api/notifications?unread=true')).json();
    expect(
      bell.some((n: { kind: string; itemId: string }) => n.kind === 'refused' && n.itemId === item.id),
    ).toBe(true);
  });

  it('情况汇总 counts refusals per department of the refuser', async () => {
    const { clients, departments } = org;
    const summary = (await clients.leader.get('/api/summary')).json();
    const finance = summary.departments.find(
      (d: { departmentId: string }) => d.departmentId === departments.finance.id,
    );
    const hr = summary.departments.find(
      (d: { departmentId: string }) => d.departmentId === departments.hr.id,
    );
    expect(finance.refusals).toBe(3);
    expect(hr.refusals).toBe(1);
    expect(summary.totals.refusals).toBe(4);
  });
});
