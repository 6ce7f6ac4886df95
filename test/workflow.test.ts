/**
 * The manual, end to end through the HTTP API: every step by the user who does it in the manual.
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

interface TaskEntry {
  id: string;
  kind: string;
  itemId: string;
  itemNumber: string;
  senderName: string | null;
  flowKind: string;
}

async function pendingTasks(client: Client, itemId: string): Promise<TaskEntry[]> {
  const res = await client.get('/api/tasks?state=pending&pageSize=200');
  expect(res.statusCode).toBe(200);
  return (res.json().tasks as TaskEntry[]).filter((task) => task.itemId === itemId);
}

/** The one pending task of `kind` the client has on the item. */
async function theTask(client: Client, itemId: string, kind: string): Promise<TaskEntry> {
  const tasks = (await pendingTasks(client, itemId)).filter((task) => task.kind === kind);
  expect(tasks, `${client.username} should have one pending ${kind} task`).toHaveLength(1);
  return tasks[0] as TaskEntry;
}

async function complete(client: Client, taskId: string, body: Record<string, unknown>) {
  const res = await client.post(`/api/tasks/${taskId}/complete`, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    task: { state: string };
    created: { id: string; kind: string; assigneeId: string }[];
  };
}

async function register(overrides: Record<string, unknown> = {}) {
  const res = await org.clients.sup.post('/api/items', itemBody(org, overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; number: string; status: string };
}

async function detail(client: Client, itemId: string) {
  const res = await client.get(`/api/items/${itemId}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('the manual, end to end', () => {
  it('register → 向下办理 ×2 → 其他单位协办 → approvals → 确认 → 协办反馈 → 三人阅知 → 主办反馈 → 结束', async () => {
    const { clients, users } = org;
    // 1.2 督办科登记 and 发送 to the lead department's head.
    const item = await register({ assistDepartmentIds: [org.departments.hr.id] });
    expect(item.number).toMatch(/^DB-2026-\d{4}$/);
    expect(item.status).toBe('open');

    // 1.3 The head receives it in 待办事项 and chooses 向下办理 to the deputy.
    const headTask = await theTask(clients.head, item.id, 'handle');
    expect(headTask.senderName).toBe('督办员甲');
    const view = (await clients.head.get(`/api/tasks/${headTask.id}`)).json();
    expect(view.allowed.decisions).toEqual(['self', 'delegate', 'refuse']);
    expect(view.item.title).toBe('落实年度预算执行情况');
    const afterHead = await complete(clients.head, headTask.id, {
      decision: 'delegate',
      delegateToId: users.deputy.id,
      opinion: '请分管领导负责',
    });
    // Answers carry the names they show: no client needs the whole directory (issue 14 point 7).
    expect(afterHead.created).toEqual([
      expect.objectContaining({ kind: 'handle', assigneeId: users.deputy.id, assigneeName: '财务副处长' }),
    ]);

    // The deputy delegates to the staff member.
    const deputyTask = await theTask(clients.deputy, item.id, 'handle');
    await complete(clients.deputy, deputyTask.id, { decision: 'delegate', delegateToId: users.staff.id });

    // The staff member handles it: 其他单位协办 with two assisting handlers outside the lead department.
    const staffTask = await theTask(clients.staff, item.id, 'handle');
    expect((await clients.staff.get(`/api/tasks/${staffTask.id}`)).json().allowed.decisions).toEqual([
      'self',
    ]);
    await complete(clients.staff, staffTask.id, {
      promisedAt: '2026-05-31',
      outcome: 'assist',
      assistHandlerIds: [users.hrStaff.id, users.itStaff.id],
      opinion: '需人事处、信息中心配合',
    });
    const doneSteps = (await detail(clients.sup, item.id)).flows.flatMap(
      (f: { steps: Record<string, unknown>[] }) => f.steps,
    );
    expect(doneSteps).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ delegateToId: users.deputy.id, delegateToName: '财务副处长' }),
        expect.objectContaining({ assistHandlerNames: ['人事经办', '信息经办'] }),
      ]),
    );

    // Bottom-up approval: deputy, then head.
    await complete(clients.deputy, (await theTask(clients.deputy, item.id, 'approve')).id, {
      action: 'approve',
    });
    await complete(clients.head, (await theTask(clients.head, item.id, 'approve')).id, { action: 'approve' });

    // 督办科 review: an assist outcome may only be acknowledged (确认).
    const review = await theTask(clients.sup, item.id, 'review');
    expect((await clients.sup.get(`/api/tasks/${review.id}`)).json().allowed.actions).toEqual([
      'acknowledge',
    ]);
    const reviewed = await complete(clients.sup, review.id, {
      action: 'acknowledge',
      opinion: '请协办单位反馈',
    });
    // The registration flow ended: one assist flow per assisting handler, sent by the system.
    expect(reviewed.created.map((c) => [c.kind, c.assigneeId]).sort()).toEqual(
      [
        ['assist_report', users.hrStaff.id],
        ['assist_report', users.itStaff.id],
      ].sort(),
    );
    let state = await detail(clients.sup, item.id);
    expect(state.result).toBe('assist');
    expect(state.promisedAt).toBe('2026-05-31');
    expect(state.status).toBe('open');
    expect(state.assistDepartmentIds).toEqual(
      expect.arrayContaining([org.departments.hr.id, org.departments.it.id]),
    );
    expect(state.handlers.map((h: { userId: string; role: string }) => [h.userId, h.role])).toEqual([
      [users.head.id, 'head'],
      [users.deputy.id, 'deputy'],
      [users.staff.id, 'staff'],
      [users.hrStaff.id, 'assist'],
      [users.itStaff.id, 'assist'],
    ]);

    // 1.4 协办反馈: the assisting handler sees a system task and files the result.
    const assistTask = await theTask(clients.hrStaff, item.id, 'assist_report');
    expect(assistTask.senderName).toBe('系统');
    const assisted = await complete(clients.hrStaff, assistTask.id, {
      outcome: 'apply_close',
      implementation: '人事处已完成人员调配',
    });
    // …which the three lead handlers receive at the same time (阅知).
    expect(assisted.created.map((c) => c.assigneeId).sort()).toEqual(
      [users.head.id, users.deputy.id, users.staff.id].sort(),
    );
    for (const client of [clients.staff, clients.deputy, clients.head]) {
      await complete(client, (await theTask(client, item.id, 'acknowledge')).id, { opinion: '已阅' });
    }
    state = await detail(clients.sup, item.id);
    const assistFlow = state.flows.find(
      (f: { kind: string; steps: { assigneeId: string }[] }) =>
        f.kind === 'assist_report' && f.steps[0]?.assigneeId === users.hrStaff.id,
    );
    expect(assistFlow.status).toBe('completed');
    expect(assistFlow.steps.map((s: { kind: string; state: string }) => `${s.kind}:${s.state}`)).toEqual([
      'assist_report:done',
      'acknowledge:done',
      'acknowledge:done',
      'acknowledge:done',
    ]);

    // 二、主办反馈 by the staff member: 关联 lists the item, the flow goes staff ▶ deputy ▶ head ▶ 督办科.
    const eligible = (await clients.staff.get('/api/reports/eligible?kind=lead')).json().items;
    expect(eligible.map((i: { id: string }) => i.id)).toContain(item.id);
    expect(eligible.find((i: { id: string }) => i.id === item.id).title).toBe('落实年度预算执行情况');
    const report = await clients.staff.post(`/api/items/${item.id}/reports`, {
      kind: 'lead',
      outcome: 'apply_close',
      implementation: '全部完成',
      promisedAt: '2026-06-15',
    });
    expect(report.statusCode, report.body).toBe(201);
    expect(report.json().created).toEqual([
      expect.objectContaining({ kind: 'approve', assigneeId: users.deputy.id }),
    ]);
    await complete(clients.deputy, (await theTask(clients.deputy, item.id, 'approve')).id, {
      action: 'approve',
    });
    await complete(clients.head, (await theTask(clients.head, item.id, 'approve')).id, { action: 'approve' });
    const reportReview = await theTask(clients.sup, item.id, 'review');
    expect(reportReview.flowKind).toBe('lead_report');
    expect((await clients.sup.get(`/api/tasks/${reportReview.id}`)).json().allowed.actions).toEqual([
      'acknowledge',
      'close',
    ]);
    await complete(clients.sup, reportReview.id, { action: 'acknowledge' });
    state = await detail(clients.sup, item.id);
    expect(state.result).toBe('apply_close');
    expect(state.promisedAt).toBe('2026-06-15');

    // The deputy reports: the deputy node is the reporter and is skipped; the head approves.
    const deputyReport = await clients.deputy.post(`/api/items/${item.id}/reports`, {
      kind: 'lead',
      outcome: 'not_done',
      reason: '资金未到位',
      measures: '协调财政拨款',
    });
    expect(deputyReport.json().created).toEqual([
      expect.objectContaining({ kind: 'approve', assigneeId: users.head.id }),
    ]);
    // The head reports: no approval level above, straight to 督办科.
    const headReport = await clients.head.post(`/api/items/${item.id}/reports`, {
      kind: 'lead',
      outcome: 'apply_close',
      implementation: '处长确认完成',
    });
    expect(headReport.json().created).toEqual([
      expect.objectContaining({ kind: 'review', assigneeId: users.sup.id }),
    ]);

    // 结束: the supervisor ends the item; open tasks are cancelled and shown so in the history.
    const ended = await clients.sup.post(`/api/items/${item.id}/close`, { remark: '已落实，结束督办' });
    expect(ended.statusCode, ended.body).toBe(200);
    state = await detail(clients.sup, item.id);
    expect(state.status).toBe('closed');
    expect(state.light).toBe('none');
    const steps = state.flows.flatMap((f: { steps: { state: string }[] }) => f.steps);
    expect(steps.some((s: { state: string }) => s.state === 'cancelled')).toBe(true);
    expect(steps.some((s: { state: string }) => s.state === 'pending')).toBe(false);
    expect(await pendingTasks(clients.head, item.id)).toEqual([]);
    // A closed item takes nothing more.
    const late = await clients.staff.post(`/api/items/${item.id}/reports`, {
      kind: 'lead',
      outcome: 'apply_close',
      implementation: 'x',
    });
    expect(late.statusCode).toBe(409);
    expect(
      (
        await clients.hrStaff.post(`/api/items/${item.id}/reports`, {
          kind: 'assist',
          outcome: 'apply_close',
          implementation: 'x',
        })
      ).statusCode,
    ).toBe(409);
  });

  it('head 自办 with 申请办结, then 督办科 同意办结 closes the item', async () => {
    const { clients } = org;
    const item = await register();
    const task = await theTask(clients.head, item.id, 'handle');
    // 自办 makes 承诺办结时间 and 事务办理 required; 申请办结 makes 落实情况 required.
    const missing = await clients.head.post(`/api/tasks/${task.id}/complete`, {
      decision: 'self',
      outcome: 'apply_close',
    });
    expect(missing.statusCode).toBe(400);
    expect(Object.keys(errorOf(missing).fields ?? {}).sort()).toEqual(['implementation', 'promisedAt']);
    const done = await complete(clients.head, task.id, {
      decision: 'self',
      promisedAt: '2026-04-30',
      outcome: 'apply_close',
      implementation: '已完成预算调整',
      reason: '不应保存',
    });
    expect(done.created).toEqual([expect.objectContaining({ kind: 'review', assigneeId: org.users.sup.id })]);
    const review = await theTask(clients.sup, item.id, 'review');
    await complete(clients.sup, review.id, { action: 'close', opinion: '同意办结' });
    const state = await detail(clients.sup, item.id);
    expect(state.status).toBe('closed');
    expect(state.result).toBe('apply_close');
    expect(state.closedAt).not.toBeNull();
    const handleStep = state.flows[0].steps[0];
    expect(handleStep).toMatchObject({
      action: 'self',
      outcome: 'apply_close',
      implementation: '已完成预算调整',
    });
    expect(handleStep).not.toHaveProperty('reason');
    expect(state.flows[0].status).toBe('completed');
  });

  it('deputy 自办 with 未办结: head approves, 督办科 确认; the item stays open', async () => {
    const { clients, users } = org;
    const item = await register();
    await complete(clients.head, (await theTask(clients.head, item.id, 'handle')).id, {
      decision: 'delegate',
      delegateToId: users.deputy.id,
    });
    const task = await theTask(clients.deputy, item.id, 'handle');
    const missing = await clients.deputy.post(`/api/tasks/${task.id}/complete`, {
      decision: 'self',
      promisedAt: '2026-05-01',
      outcome: 'not_done',
    });
    expect(Object.keys(errorOf(missing).fields ?? {}).sort()).toEqual(['measures', 'reason']);
    const done = await complete(clients.deputy, task.id, {
      decision: 'self',
      promisedAt: '2026-05-01',
      outcome: 'not_done',
      reason: '跨部门协调中',
      measures: '每周例会推进',
    });
    expect(done.created).toEqual([expect.objectContaining({ kind: 'approve', assigneeId: users.head.id })]);
    await complete(clients.head, (await theTask(clients.head, item.id, 'approve')).id, { action: 'approve' });
    const review = await theTask(clients.sup, item.id, 'review');
    expect((await clients.sup.get(`/api/tasks/${review.id}`)).json().allowed.actions).toEqual([
      'acknowledge',
    ]);
    await complete(clients.sup, review.id, { action: 'acknowledge' });
    const state = await detail(clients.sup, item.id);
    expect(state).toMatchObject({ status: 'open', result: 'not_done', promisedAt: '2026-05-01' });
    expect(state.flows[0].status).toBe('completed');
  });

  it('退回: the head returns to the deputy, the deputy returns to the staff member with pre-filled values', async () => {
    const { clients, users } = org;
    const item = await register();
    await complete(clients.head, (await theTask(clients.head, item.id, 'handle')).id, {
      decision: 'delegate',
      delegateToId: users.deputy.id,
    });
    await complete(clients.deputy, (await theTask(clients.deputy, item.id, 'handle')).id, {
      decision: 'delegate',
      delegateToId: users.staff.id,
    });
    const staffValues = { promisedAt: '2026-05-20', outcome: 'apply_close', implementation: '初稿已完成' };
    await complete(clients.staff, (await theTask(clients.staff, item.id, 'handle')).id, staffValues);
    await complete(clients.deputy, (await theTask(clients.deputy, item.id, 'approve')).id, {
      action: 'approve',
    });

    // A return needs an opinion.
    const headApproval = await theTask(clients.head, item.id, 'approve');
    const noOpinion = await clients.head.post(`/api/tasks/${headApproval.id}/complete`, { action: 'return' });
    expect(noOpinion.statusCode).toBe(400);
    expect(errorOf(noOpinion).fields).toHaveProperty('opinion');
    // H returning after D approved gives D a new approve task.
    await complete(clients.head, headApproval.id, { action: 'return', opinion: '数据不全' });
    const again = await theTask(clients.deputy, item.id, 'approve');
    const notifications = (await clients.deputy.get('/api/notifications?unread=true')).json();
    expect(
      notifications.some(
        (n: { kind: string; itemId: string }) => n.kind === 'returned' && n.itemId === item.id,
      ),
    ).toBe(true);
    // D returning gives S a new handle task with S's last values pre-filled.
    await complete(clients.deputy, again.id, { action: 'return', opinion: '请补充数据' });
    const redo = await theTask(clients.staff, item.id, 'handle');
    const redoView = (await clients.staff.get(`/api/tasks/${redo.id}`)).json();
    expect(redoView.task.returned).toBe(true);
    expect(redoView.task.prefill).toMatchObject(staffValues);
    await complete(clients.staff, redo.id, { ...staffValues, implementation: '已补充数据' });
    await complete(clients.deputy, (await theTask(clients.deputy, item.id, 'approve')).id, {
      action: 'approve',
    });
    await complete(clients.head, (await theTask(clients.head, item.id, 'approve')).id, { action: 'approve' });
    await complete(clients.sup, (await theTask(clients.sup, item.id, 'review')).id, { action: 'close' });
    const state = await detail(clients.head, item.id);
    expect(state.status).toBe('closed');
    // Nothing is deleted: the returned steps stay in the history.
    const actions = state.flows[0].steps.map(
      (s: { kind: string; action: string }) => `${s.kind}:${s.action}`,
    );
    expect(actions).toEqual([
      'handle:delegate',
      'handle:delegate',
      'handle:self',
      'approve:approve',
      'approve:return',
      'approve:return',
      'handle:self',
      'approve:approve',
      'approve:approve',
      'review:close',
    ]);
  });
});

describe('refusals', () => {
  it('non-assignee → 403, finished task → 409, invisible item → 404, closed item → 409', async () => {
    const { clients, users } = org;
    const item = await register();
    const task = await theTask(clients.head, item.id, 'handle');
    // Someone of the lead department may see the task but not complete it.
    const other = await clients.staff.post(`/api/tasks/${task.id}/complete`, { decision: 'self' });
    expect(other.statusCode).toBe(403);
    expect((await clients.staff.get(`/api/tasks/${task.id}`)).json().allowed).toEqual({});
    // Someone unrelated may not see it at all.
    expect((await clients.itStaff.get(`/api/items/${item.id}`)).statusCode).toBe(404);
    expect((await clients.itStaff.get(`/api/tasks/${task.id}`)).statusCode).toBe(404);
    expect((await clients.itStaff.post(`/api/tasks/${task.id}/complete`, {})).statusCode).toBe(404);
    expect((await clients.itStaff.post(`/api/items/${item.id}/urge`, {})).statusCode).toBe(404);
    await complete(clients.head, task.id, { decision: 'delegate', delegateToId: users.deputy.id });
    const twice = await clients.head.post(`/api/tasks/${task.id}/complete`, {
      decision: 'delegate',
      delegateToId: users.deputy.id,
    });
    expect(twice.statusCode).toBe(409);
    expect(errorOf(twice).code).toBe('conflict');
    // Closed: the open task is cancelled and cannot be completed.
    const deputyTask = await theTask(clients.deputy, item.id, 'handle');
    expect((await clients.sup.post(`/api/items/${item.id}/close`, {})).statusCode).toBe(200);
    const cancelled = await clients.deputy.post(`/api/tasks/${deputyTask.id}/complete`, {
      decision: 'delegate',
      delegateToId: users.staff.id,
    });
    expect(cancelled.statusCode).toBe(409);
    expect((await clients.sup.post(`/api/items/${item.id}/close`, {})).statusCode).toBe(409);
    expect((await clients.sup.post(`/api/items/${item.id}/urge`, {})).statusCode).toBe(409);
  });

  it('registration: only supervisors (403 before 400), and every missing field is named', async () => {
    const { clients } = org;
    expect((await clients.head.post('/api/items', {})).statusCode).toBe(403);
    const res = await clients.sup.post('/api/items', {
      title: '',
      dueAt: '2026-01-01',
      assignedAt: '2026-02-01',
    });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(errorOf(res).fields ?? {}).sort()).toEqual(
      ['content', 'dueAt', 'headId', 'leadDepartmentId', 'source', 'title'].sort(),
    );
    const wrongHead = await clients.sup.post('/api/items', itemBody(org, { headId: org.users.hrHead.id }));
    expect(wrongHead.statusCode).toBe(400);
    expect(errorOf(wrongHead).fields).toHaveProperty('headId');
  });

  it('delegating to someone already in the flow or outside the lead department → 400 naming delegateToId', async () => {
    const { clients, users } = org;
    const item = await register();
    const task = await theTask(clients.head, item.id, 'handle');
    for (const delegateToId of [users.head.id, users.hrStaff.id]) {
      const res = await clients.head.post(`/api/tasks/${task.id}/complete`, {
        decision: 'delegate',
        delegateToId,
      });
      expect(res.statusCode).toBe(400);
      expect(errorOf(res).fields).toHaveProperty('delegateToId');
    }
  });

  it('reports: not a handler of that kind → 403; before the registration flow ends → 409', async () => {
    const { clients } = org;
    const item = await register();
    const body = { kind: 'lead', outcome: 'apply_close', implementation: 'x' };
    expect((await clients.staff2.post(`/api/items/${item.id}/reports`, body)).statusCode).toBe(403);
    expect(
      (await clients.head.post(`/api/items/${item.id}/reports`, { ...body, kind: 'assist' })).statusCode,
    ).toBe(403);
    expect((await clients.head.post(`/api/items/${item.id}/reports`, body)).statusCode).toBe(409);
    expect(
      (await clients.head.get('/api/reports/eligible?kind=lead'))
        .json()
        .items.map((i: { id: string }) => i.id),
    ).not.toContain(item.id);
  });
});

describe('urge, reopen, history and notifications', () => {
  it('urges the pending assignees, reopens with a remark, and keeps the trail', async () => {
    const { clients, users } = org;
    const item = await register();
    const urged = await clients.sup.post(`/api/items/${item.id}/urge`, { message: '请尽快办理' });
    expect(urged.statusCode).toBe(200);
    expect(urged.json()).toEqual({ notified: 1 });
    const bell = (await clients.head.get('/api/notifications?unread=true')).json();
    const urge = bell.find(
      (n: { kind: string; itemId: string }) => n.kind === 'urge' && n.itemId === item.id,
    );
    expect(urge.message).toContain('请尽快办理');
    expect(
      bell.some((n: { kind: string; itemId: string }) => n.kind === 'task' && n.itemId === item.id),
    ).toBe(true);
    expect((await clients.head.post(`/api/notifications/${urge.id}/read`)).statusCode).toBe(204);
    expect(
      (await clients.head.get('/api/notifications?unread=true'))
        .json()
        .some((n: { id: string }) => n.id === urge.id),
    ).toBe(false);
    // Someone else's notification is not found.
    expect((await clients.deputy.post(`/api/notifications/${urge.id}/read`)).statusCode).toBe(404);
    // Only supervisors urge.
    expect((await clients.head.post(`/api/items/${item.id}/urge`, {})).statusCode).toBe(403);

    expect(
      (await clients.dbadmin.post(`/api/items/${item.id}/close`, { remark: '转其他渠道办理' })).statusCode,
    ).toBe(200);
    expect((await clients.sup.post(`/api/items/${item.id}/reopen`, { remark: 'x' })).statusCode).toBe(403);
    const noRemark = await clients.dbadmin.post(`/api/items/${item.id}/reopen`, {});
    expect(noRemark.statusCode).toBe(400);
    expect(errorOf(noRemark).fields).toHaveProperty('remark');
    expect(
      (await clients.dbadmin.post(`/api/items/${item.id}/reopen`, { remark: '重新督办' })).statusCode,
    ).toBe(200);
    expect((await detail(clients.sup, item.id)).status).toBe('open');
    const history = (await clients.sup.get(`/api/items/${item.id}/history`)).json();
    expect(history.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining(['item.register', 'item.end', 'item.reopen']),
    );
    expect(history.find((h: { action: string }) => h.action === 'item.end').actorId).toBe(users.dbadmin.id);
  });
});

describe('error order when the body is also wrong (contract: 404, then 403, then 400)', () => {
  it('an admin edit with a bad body: 404 to who cannot see, 403 to a non-admin, 400 to the admin', async () => {
    const { clients } = org;
    const item = await register();
    const bad = { handlers: [{ userId: org.users.head.id, role: 'boss' }] };
    expect((await clients.itStaff.patch(`/api/items/${item.id}`, bad)).statusCode).toBe(404);
    expect((await clients.head.patch(`/api/items/${item.id}`, bad)).statusCode).toBe(403);
    const admin = await clients.dbadmin.patch(`/api/items/${item.id}`, bad);
    expect(admin.statusCode).toBe(400);
    expect(Object.keys(errorOf(admin).fields ?? {})).toEqual(['handlers.role']);
  });

  it('a report with a bad outcome: 404, then 403 to a non-handler, then 400 to a handler', async () => {
    const { clients } = org;
    const item = await register();
    const bad = { kind: 'lead', outcome: 'finished' };
    expect((await clients.itStaff.post(`/api/items/${item.id}/reports`, bad)).statusCode).toBe(404);
    expect((await clients.staff2.post(`/api/items/${item.id}/reports`, bad)).statusCode).toBe(403);
    const head = await clients.head.post(`/api/items/${item.id}/reports`, bad);
    expect(head.statusCode).toBe(400);
    expect(errorOf(head).fields).toHaveProperty('outcome');
  });
});
