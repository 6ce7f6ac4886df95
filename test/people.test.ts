/**
 * Spec §10 through the real app: 领取, 转交, 收回, 委托, 离职交接, handler removal, disabling with
 * pending work, stuck tasks, read receipts and the notifications of people change.
 */
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, itemBody, type Org } from './factories';
import { type Client, createTestApp, createUser, errorOf, newId, type TestApp } from './helpers';

let t: TestApp;
let org: Org;
let sysadmin: Client;

beforeAll(async () => {
  t = await createTestApp();
  org = await buildOrg(t);
  sysadmin = await t.admin();
});
afterAll(() => t.close());

interface TaskRow {
  id: string;
  kind: string;
  itemId: string;
  onBehalfOfId?: string | null;
  onBehalfOfName?: string | null;
}

async function register(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await org.clients.sup.post('/api/items', itemBody(org, overrides));
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

async function pendingOf(client: Client, itemId: string): Promise<TaskRow[]> {
  const res = await client.get('/api/tasks?state=pending&pageSize=200');
  expect(res.statusCode).toBe(200);
  return res.json().tasks.filter((x: TaskRow) => x.itemId === itemId);
}

async function onlyTask(client: Client, itemId: string, kind?: string): Promise<TaskRow> {
  const tasks = (await pendingOf(client, itemId)).filter((x) => kind === undefined || x.kind === kind);
  expect(tasks).toHaveLength(1);
  return tasks[0] as TaskRow;
}

const applyClose = {
  decision: 'self',
  promisedAt: '2026-05-31',
  outcome: 'apply_close',
  implementation: '已完成',
};

/** An item waiting for 督办科's review by its registrar (sup). */
async function atReview(): Promise<{ itemId: string; reviewId: string }> {
  const itemId = await register();
  const handle = await onlyTask(org.clients.head, itemId);
  expect((await org.clients.head.post(`/api/tasks/${handle.id}/complete`, applyClose)).statusCode).toBe(200);
  return { itemId, reviewId: (await onlyTask(org.clients.sup, itemId, 'review')).id };
}

async function notificationsOf(client: Client) {
  return (await client.get('/api/notifications')).json() as {
    kind: string;
    itemId: string;
    message: string;
  }[];
}

describe('§10 领取 (claim a colleague’s review)', () => {
  it('the pool lists a colleague’s review; a claim keeps the task id, the registrar is told, the claimer reviews', async () => {
    const { itemId, reviewId } = await atReview();
    const pool = (await org.clients.sup2.get('/api/tasks?state=pending&pool=review')).json();
    expect(pool.tasks.map((x: TaskRow) => x.id)).toContain(reviewId);
    // The registrar's own review is not in their pool, and not counted twice.
    const own = (await org.clients.sup.get('/api/tasks?state=pending&pool=review')).json();
    expect(own.tasks.map((x: TaskRow) => x.id)).not.toContain(reviewId);
    const res = await org.clients.sup2.post(`/api/tasks/${reviewId}/claim`);
    expect(res.statusCode).toBe(200);
    expect(res.json().task).toMatchObject({ id: reviewId, assigneeId: org.users.sup2.id, state: 'pending' });
    expect(await notificationsOf(org.clients.sup)).toContainEqual(
      expect.objectContaining({ kind: 'transferred', itemId }),
    );
    expect((await org.clients.sup2.post(`/api/tasks/${reviewId}/claim`)).statusCode).toBe(200);
    expect((await org.clients.sup.post(`/api/tasks/${reviewId}/claim`)).statusCode).toBe(409);
    const done = await org.clients.sup2.post(`/api/tasks/${reviewId}/complete`, { action: 'close' });
    expect(done.statusCode).toBe(200);
    expect((await org.clients.sup.get(`/api/items/${itemId}`)).json().status).toBe('closed');
    // 同意办结 tells the handlers and the registrar (completed), not the one who closed it.
    for (const client of [org.clients.head, org.clients.sup])
      expect(await notificationsOf(client)).toContainEqual(
        expect.objectContaining({ kind: 'completed', itemId }),
      );
    expect((await notificationsOf(org.clients.sup2)).filter((n) => n.itemId === itemId)).toEqual([]);
    expect((await org.clients.sup2.post(`/api/tasks/${reviewId}/claim`)).statusCode).toBe(409);
  });

  it('not a supervisor → 403; not a review → 400 naming taskId; pool for non-supervisors → 403', async () => {
    const { itemId, reviewId } = await atReview();
    expect((await org.clients.dbadmin.post(`/api/tasks/${reviewId}/claim`)).statusCode).toBe(403);
    expect((await org.clients.head.get('/api/tasks?state=pending&pool=review')).statusCode).toBe(403);
    const detail = (await org.clients.sup.get(`/api/items/${itemId}`)).json();
    const handleId = detail.flows[0].steps[0].taskId;
    const res = await org.clients.sup2.post(`/api/tasks/${handleId}/claim`);
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).fields).toHaveProperty('taskId');
  });

  it('50 parallel claims of one review by 10 supervisors: exactly one claim takes effect, the others get 409', async () => {
    const { itemId, reviewId } = await atReview();
    const claimers: Client[] = [];
    for (let i = 0; i < 10; i += 1) {
      const u = await createUser(t, {
        username: `claimer${i}`,
        departmentId: org.departments.dbk.id,
        roles: ['supervisor'],
      });
      claimers.push(await t.login(u.username));
    }
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (claimers[i % 10] as Client).post(`/api/tasks/${reviewId}/claim`).then((r) => ({ r, who: i % 10 })),
      ),
    );
    const winners = new Set(results.filter(({ r }) => r.statusCode === 200).map(({ who }) => who));
    expect(winners.size).toBe(1);
    const [winner] = [...winners];
    for (const { r, who } of results) expect(r.statusCode).toBe(who === winner ? 200 : 409);
    const history = (await org.clients.sup.get(`/api/items/${itemId}/history`)).json();
    expect(history.filter((h: { action: string }) => h.action === 'task.claim')).toHaveLength(1);
  });
});

describe('§10 转交 (transfer)', () => {
  it('the assignee transfers: old step cancelled and marked, target gets the same kind and takes the handler seat; both told', async () => {
    const itemId = await register();
    const task = await onlyTask(org.clients.head, itemId);
    const res = await org.clients.head.post(`/api/tasks/${task.id}/transfer`, {
      toUserId: org.users.deputy.id,
      reason: '出差一周',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().task).toMatchObject({ state: 'cancelled', transferredToId: org.users.deputy.id });
    expect(res.json().created).toMatchObject([{ kind: 'handle', assigneeId: org.users.deputy.id }]);
    const detail = (await org.clients.sup.get(`/api/items/${itemId}`)).json();
    expect(detail.handlers.map((h: { userId: string; role: string }) => `${h.userId}:${h.role}`)).toEqual([
      `${org.users.deputy.id}:head`,
    ]);
    expect(detail.flows[0].steps[0]).toMatchObject({ state: 'cancelled', transferredToName: '财务副处长' });
    expect(await notificationsOf(org.clients.deputy)).toContainEqual(
      expect.objectContaining({ kind: 'transferred', itemId }),
    );
    expect(await notificationsOf(org.clients.head)).toContainEqual(
      expect.objectContaining({ kind: 'transferred', itemId }),
    );
    const history = (await org.clients.sup.get(`/api/items/${itemId}/history`)).json();
    expect(history.map((h: { action: string }) => h.action)).toContain('task.transfer');
    // The old assignee can no longer act on it.
    expect((await org.clients.head.post(`/api/tasks/${task.id}/complete`, applyClose)).statusCode).toBe(409);
  });

  it.each([
    ['an unknown user', () => newId()],
    ['a disabled user', () => 'disabled'],
    ['the assignee himself', () => org.users.head.id],
    ['someone outside the lead department (办理)', () => org.users.hrStaff.id],
  ])('transfer to %s → 400 naming toUserId', async (_, target) => {
    let toUserId = target();
    if (toUserId === 'disabled') {
      const u = await createUser(t, {
        username: `gone${Date.now()}`,
        departmentId: org.departments.finance.id,
      });
      await t.db.db.execute(sql`update users set disabled = true where id = ${u.id}`);
      toUserId = u.id;
    }
    const itemId = await register();
    const task = await onlyTask(org.clients.head, itemId);
    const res = await org.clients.head.post(`/api/tasks/${task.id}/transfer`, { toUserId, reason: '调整' });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(errorOf(res).fields ?? {})).toEqual(['toUserId']);
  });

  it('no reason → 400 reason; neither assignee nor admin → 403; an admin may; unknown task → 404', async () => {
    const itemId = await register();
    const task = await onlyTask(org.clients.head, itemId);
    const noReason = await org.clients.head.post(`/api/tasks/${task.id}/transfer`, {
      toUserId: org.users.deputy.id,
    });
    expect(noReason.statusCode).toBe(400);
    expect(errorOf(noReason).fields).toHaveProperty('reason');
    const other = await org.clients.staff.post(`/api/tasks/${task.id}/transfer`, {});
    expect(other.statusCode).toBe(403);
    const byAdmin = await org.clients.dbadmin.post(`/api/tasks/${task.id}/transfer`, {
      toUserId: org.users.staff.id,
      reason: '负责人离岗',
    });
    expect(byAdmin.statusCode).toBe(200);
    expect((await org.clients.head.post(`/api/tasks/${newId()}/transfer`, {})).statusCode).toBe(404);
  });

  it('50 parallel transfers of one task: exactly one succeeds, the others get 409', async () => {
    const itemId = await register();
    const task = await onlyTask(org.clients.head, itemId);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        org.clients.head.post(`/api/tasks/${task.id}/transfer`, {
          toUserId: i % 2 === 0 ? org.users.deputy.id : org.users.staff.id,
          reason: `并发${i}`,
        }),
      ),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    const steps = (await org.clients.sup.get(`/api/items/${itemId}`)).json().flows[0].steps;
    expect(steps.map((s: { state: string }) => s.state)).toEqual(['cancelled', 'pending']);
  });
});

describe('§10 收回 (withdraw)', () => {
  it('the delegator takes a pending delegated task back: the delegate’s step is cancelled, the delegator gets it pre-filled', async () => {
    const itemId = await register();
    const task = await onlyTask(org.clients.head, itemId);
    await org.clients.head.post(`/api/tasks/${task.id}/complete`, {
      decision: 'delegate',
      delegateToId: org.users.deputy.id,
    });
    const delegated = await onlyTask(org.clients.deputy, itemId);
    // The timeline offers 收回 to the delegator only (canWithdraw on the delegate's step).
    const withdrawable = async (client: Client) =>
      (await client.get(`/api/items/${itemId}`))
        .json()
        .flows[0].steps.filter((s: { canWithdraw: boolean }) => s.canWithdraw)
        .map((s: { taskId: string }) => s.taskId);
    expect(await withdrawable(org.clients.head)).toEqual([delegated.id]);
    expect(await withdrawable(org.clients.deputy)).toEqual([]);
    expect(await withdrawable(org.clients.dbadmin)).toEqual([]);
    // …and so does the delegator's own (done) task page, whose timeline is the item's.
    const headDone = (await org.clients.head.get(`/api/tasks/${task.id}`)).json();
    expect(
      headDone.item.flows[0].steps.find((s: { taskId: string }) => s.taskId === delegated.id).canWithdraw,
    ).toBe(true);
    expect((await org.clients.staff.post(`/api/tasks/${delegated.id}/withdraw`)).statusCode).toBe(403);
    // Only a delegated 办理 task: the head's own (sent, not delegated) → 400 naming taskId.
    const notDelegated = await org.clients.sup.post(`/api/tasks/${task.id}/withdraw`);
    expect(notDelegated.statusCode).toBe(400);
    expect(Object.keys(errorOf(notDelegated).fields ?? {})).toEqual(['taskId']);
    const res = await org.clients.head.post(`/api/tasks/${delegated.id}/withdraw`);
    expect(res.statusCode).toBe(200);
    expect(res.json().created).toMatchObject([{ kind: 'handle', assigneeId: org.users.head.id }]);
    const mine = await org.clients.head.get(`/api/tasks/${res.json().created[0].id}`);
    expect(mine.json().task.prefill).toMatchObject({
      decision: 'delegate',
      delegateToId: org.users.deputy.id,
    });
    expect(await pendingOf(org.clients.deputy, itemId)).toEqual([]);
    expect(await notificationsOf(org.clients.deputy)).toContainEqual(
      expect.objectContaining({ kind: 'cancelled', itemId }),
    );
    expect((await org.clients.head.post(`/api/tasks/${delegated.id}/withdraw`)).statusCode).toBe(409);
    expect(await withdrawable(org.clients.head)).toEqual([]);
    const history = (await org.clients.sup.get(`/api/items/${itemId}/history`)).json();
    expect(history.filter((h: { action: string }) => h.action === 'task.withdraw')).toMatchObject([
      { actorId: org.users.head.id, detail: { taskId: delegated.id } },
    ]);
    expect(
      (await org.clients.deputy.post(`/api/tasks/${delegated.id}/complete`, applyClose)).statusCode,
    ).toBe(409);
  });
});

describe('§10 委托 (absence delegation)', () => {
  it('a head on leave: a new item reaches the deputy as 代 <name> 办理; ending the absence stops it', async () => {
    const { clients, users } = org;
    const today = '2026-03-02';
    const created = await clients.head.post('/api/absences', {
      deputyId: users.deputy.id,
      startsOn: today,
      endsOn: '2026-03-06',
      reason: '出差',
    });
    expect(created.statusCode).toBe(201);
    const absenceId = created.json().id;
    const overlap = await clients.head.post('/api/absences', {
      deputyId: users.staff.id,
      startsOn: '2026-03-05',
      endsOn: '2026-03-09',
    });
    expect(overlap.statusCode).toBe(409);
    const active = (await clients.head.get('/api/absences?active=true')).json();
    expect(active.map((a: { id: string }) => a.id)).toEqual([absenceId]);

    const itemId = await register();
    expect(await pendingOf(clients.head, itemId)).toEqual([]);
    const task = await onlyTask(clients.deputy, itemId);
    expect(task).toMatchObject({ onBehalfOfId: users.head.id, onBehalfOfName: '财务处长' });
    const detail = (await clients.sup.get(`/api/items/${itemId}`)).json();
    expect(detail.flows[0].steps[0]).toMatchObject({
      assigneeId: users.deputy.id,
      onBehalfOfName: '财务处长',
    });
    expect(detail.handlers.map((h: { userId: string }) => h.userId)).toEqual([users.head.id]);
    // The deputy's report shows as 代 <name> 办理 in the Excel export too (最近反馈内容).
    expect((await clients.deputy.post(`/api/tasks/${task.id}/complete`, applyClose)).statusCode).toBe(200);
    const number = detail.number as string;
    const exported = await clients.sup.get(`/api/items/export.xlsx?scope=all&q=${number}`);
    expect(exported.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    const headers = (sheet.getRow(1).values as ExcelJS.CellValue[]).map(String);
    const row = sheet.getRow(2);
    expect(row.getCell(headers.indexOf('督办编号')).value).toBe(number);
    expect(String(row.getCell(headers.indexOf('最近反馈内容')).value)).toMatch(
      /^财务副处长代财务处长办理\n申请办结。落实情况：已完成/,
    );
    // …and in the item's history (变更记录): the completion names the person of record.
    const history = (await clients.sup.get(`/api/items/${itemId}/history`)).json();
    expect(history.find((h: { action: string }) => h.action === 'task.complete')).toMatchObject({
      actorId: users.deputy.id,
      detail: { taskId: task.id, onBehalfOfId: users.head.id },
    });

    expect((await clients.staff.request('DELETE', `/api/absences/${absenceId}`)).statusCode).toBe(404);
    expect((await clients.head.request('DELETE', `/api/absences/${absenceId}`)).statusCode).toBe(204);
    const second = await register();
    expect(await onlyTask(clients.head, second)).toMatchObject({ onBehalfOfId: null });
  });

  it('bad input → 400 naming each field; another user’s absence needs an admin', async () => {
    const { clients, users } = org;
    const res = await clients.staff.post('/api/absences', {
      deputyId: users.staff.id,
      startsOn: 'x',
      endsOn: '',
    });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(errorOf(res).fields ?? {}).sort()).toEqual(['deputyId', 'endsOn', 'startsOn']);
    const unknown = await clients.staff.post('/api/absences', {
      deputyId: newId(),
      startsOn: '2026-03-10',
      endsOn: '2026-03-11',
    });
    expect(errorOf(unknown).fields).toHaveProperty('deputyId');
    const forOther = {
      userId: users.staff2.id,
      deputyId: users.staff.id,
      startsOn: '2026-03-10',
      endsOn: '2026-03-11',
    };
    expect((await clients.staff.post('/api/absences', forOther)).statusCode).toBe(403);
    expect((await clients.dbadmin.post('/api/absences', forOther)).statusCode).toBe(201);
  });
});

describe('§10 离职交接, disabling, handler removal, stuck tasks', () => {
  it('disabling a user with pending work → 409 pending_work; with handoverToId the work moves and the user is disabled', async () => {
    const leaver = await createUser(t, {
      username: 'leaver1',
      name: '将离职处长',
      departmentId: org.departments.hr.id,
      position: 'head',
    });
    const itemId = await register({ leadDepartmentId: org.departments.hr.id, headId: leaver.id });
    const refused = await sysadmin.patch(`/api/users/${leaver.id}`, { disabled: true });
    expect(refused.statusCode).toBe(409);
    expect(errorOf(refused).code).toBe('pending_work');
    expect(errorOf(refused).message).toContain('DB-');

    const preview = (await sysadmin.get(`/api/users/${leaver.id}/handover`)).json();
    expect(preview).toMatchObject({
      tasks: 1,
      handlerEntries: 1,
      items: [{ itemId, tasks: 1, handler: true }],
    });
    const wrong = await sysadmin.patch(`/api/users/${leaver.id}`, {
      disabled: true,
      handoverToId: org.users.staff.id,
    });
    expect(wrong.statusCode).toBe(400);
    expect(errorOf(wrong).fields).toHaveProperty('toUserId');

    const res = await sysadmin.patch(`/api/users/${leaver.id}`, {
      disabled: true,
      handoverToId: org.users.hrHead.id,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().disabled).toBe(true);
    expect(await onlyTask(org.clients.hrHead, itemId)).toMatchObject({ kind: 'handle' });
    const detail = (await org.clients.sup.get(`/api/items/${itemId}`)).json();
    expect(detail.handlers.map((h: { userId: string; role: string }) => `${h.userId}:${h.role}`)).toEqual([
      `${org.users.hrHead.id}:head`,
    ]);
  });

  it('handover by an admin: tasks, handler seats and registrations move; a non-supervisor cannot take a registrar’s items', async () => {
    const registrar = await createUser(t, {
      username: 'leaving_sup',
      departmentId: org.departments.dbk.id,
      roles: ['supervisor'],
    });
    const client = await t.login(registrar.username);
    const item = (await client.post('/api/items', itemBody(org, { title: '交接测试' }))).json();
    const bad = await org.clients.dbadmin.post(`/api/users/${registrar.id}/handover`, {
      toUserId: org.users.head.id,
    });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).fields?.toUserId).toContain(item.number);
    expect(
      (await org.clients.head.post(`/api/users/${registrar.id}/handover`, { toUserId: org.users.sup2.id }))
        .statusCode,
    ).toBe(403);
    // An unknown, a disabled or the leaving user as successor → 400 naming toUserId.
    const disabled = await createUser(t, {
      username: 'gone_sup',
      departmentId: org.departments.dbk.id,
      roles: ['supervisor'],
    });
    await t.db.db.execute(sql`update users set disabled = true where id = ${disabled.id}`);
    for (const toUserId of [newId(), disabled.id, registrar.id]) {
      const refused = await org.clients.dbadmin.post(`/api/users/${registrar.id}/handover`, { toUserId });
      expect(refused.statusCode).toBe(400);
      expect(Object.keys(errorOf(refused).fields ?? {})).toEqual(['toUserId']);
    }
    const res = await org.clients.dbadmin.post(`/api/users/${registrar.id}/handover`, {
      toUserId: org.users.sup2.id,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ registrationsReplaced: 1 });
    expect((await org.clients.sup.get(`/api/items/${item.id}`)).json().registrarId).toBe(org.users.sup2.id);
  });

  it('removing a handler with pending tasks needs a successor (409 pending_work, then 200 with handlerSuccessors); added handlers are told', async () => {
    const itemId = await register();
    const removeHead = { handlers: [{ userId: org.users.deputy.id, role: 'head' }] };
    const refused = await org.clients.dbadmin.patch(`/api/items/${itemId}`, removeHead);
    expect(refused.statusCode).toBe(409);
    expect(errorOf(refused).code).toBe('pending_work');
    const res = await org.clients.dbadmin.patch(`/api/items/${itemId}`, {
      ...removeHead,
      handlerSuccessors: { [org.users.head.id]: org.users.deputy.id },
    });
    expect(res.statusCode).toBe(200);
    expect(await onlyTask(org.clients.deputy, itemId)).toMatchObject({ kind: 'handle' });
    expect(await notificationsOf(org.clients.deputy)).toContainEqual(
      expect.objectContaining({ kind: 'handler_added', itemId }),
    );
    expect(await notificationsOf(org.clients.head)).toContainEqual(
      expect.objectContaining({ kind: 'handler_removed', itemId }),
    );
  });

  it('a user disabled behind the system’s back: their pending task is listed for the admin, who moves it', async () => {
    const gone = await createUser(t, {
      username: 'ldapgone',
      departmentId: org.departments.it.id,
      position: 'head',
    });
    const itemId = await register({ leadDepartmentId: org.departments.it.id, headId: gone.id });
    await t.db.db.execute(sql`update users set disabled = true where id = ${gone.id}`);
    expect((await org.clients.head.get('/api/tasks/stuck')).statusCode).toBe(403);
    const stuck = (await org.clients.dbadmin.get('/api/tasks/stuck')).json();
    const row = stuck.tasks.find((x: TaskRow) => x.itemId === itemId);
    expect(row).toMatchObject({ kind: 'handle', assigneeId: gone.id });
    const moved = await org.clients.dbadmin.post(`/api/tasks/${row.id}/transfer`, {
      toUserId: org.users.itStaff.id,
      reason: '原负责人已停用',
    });
    expect(moved.statusCode).toBe(200);
    const after = (await org.clients.dbadmin.get('/api/tasks/stuck')).json();
    expect(after.tasks.map((x: TaskRow) => x.itemId)).not.toContain(itemId);
  });
});

describe('§10 read receipts and notifications', () => {
  it('the assignee’s first look sets readAt (已读) on the timeline', async () => {
    const itemId = await register();
    const task = await onlyTask(org.clients.head, itemId);
    const before = (await org.clients.sup.get(`/api/items/${itemId}`)).json();
    expect(before.flows[0].steps[0].readAt).toBeNull();
    // Someone else looking does not count.
    await org.clients.sup.get(`/api/tasks/${task.id}`);
    expect((await org.clients.sup.get(`/api/items/${itemId}`)).json().flows[0].steps[0].readAt).toBeNull();
    const seen = await org.clients.head.get(`/api/tasks/${task.id}`);
    expect(seen.json().task.readAt).not.toBeNull();
    const after = (await org.clients.sup.get(`/api/items/${itemId}`)).json();
    expect(after.flows[0].steps[0].readAt).not.toBeNull();
  });

  it('结束 tells whose task was cancelled and the other handlers and the registrar (terminated); reopening tells the handlers; 全部已读 clears the bell', async () => {
    const itemId = await register();
    const sent = await onlyTask(org.clients.head, itemId);
    await org.clients.head.post(`/api/tasks/${sent.id}/complete`, {
      decision: 'delegate',
      delegateToId: org.users.deputy.id,
    });
    expect(
      (await org.clients.dbadmin.post(`/api/items/${itemId}/close`, { remark: '不再督办' })).statusCode,
    ).toBe(200);
    const kindsOf = async (client: Client) =>
      (await notificationsOf(client)).filter((n) => n.itemId === itemId).map((n) => n.kind);
    expect(await kindsOf(org.clients.deputy)).toContain('cancelled');
    expect(await kindsOf(org.clients.deputy)).not.toContain('terminated');
    expect(await kindsOf(org.clients.head)).toContain('terminated');
    expect(await kindsOf(org.clients.sup)).toContain('terminated');
    expect(await kindsOf(org.clients.dbadmin)).toEqual([]);
    expect(
      (await org.clients.dbadmin.post(`/api/items/${itemId}/reopen`, { remark: '恢复' })).statusCode,
    ).toBe(200);
    expect(await kindsOf(org.clients.head)).toContain('reopened');
    expect(await kindsOf(org.clients.sup)).toContain('reopened');
    expect((await org.clients.head.post('/api/notifications/read-all')).statusCode).toBe(204);
    expect((await org.clients.head.get('/api/notifications/unread-count')).json().count).toBe(0);
  });
});
