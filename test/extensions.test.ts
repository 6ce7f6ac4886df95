/**
 * Spec §11 延期申请 over HTTP: apply, approve up the chain, 督办科 approves an earlier date; the item
 * shows 延期审批中 meanwhile and its light follows the new date; errors in the contract's order.
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

/** An item the head delegated to the deputy, who handled it; reviewed: open for work, with three handlers. */
async function handledItem(overrides: Record<string, unknown> = {}) {
  const { clients: c, users: u } = org;
  const res = await c.sup.post('/api/items', itemBody(org, overrides));
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  await c.head.post(`/api/tasks/${await pendingTask(c.head, id)}/complete`, {
    decision: 'delegate',
    delegateToId: u.deputy.id,
  });
  await c.deputy.post(`/api/tasks/${await pendingTask(c.deputy, id)}/complete`, {
    decision: 'delegate',
    delegateToId: u.staff.id,
  });
  await c.staff.post(`/api/tasks/${await pendingTask(c.staff, id)}/complete`, {
    promisedAt: '2026-03-20',
    outcome: 'not_done',
    reason: '进行中',
    measures: '加快',
  });
  await c.deputy.post(`/api/tasks/${await pendingTask(c.deputy, id)}/complete`, { action: 'approve' });
  await c.head.post(`/api/tasks/${await pendingTask(c.head, id)}/complete`, { action: 'approve' });
  await c.sup.post(`/api/tasks/${await pendingTask(c.sup, id)}/complete`, { action: 'acknowledge' });
  return id;
}

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-03-02T02:00:00.000Z');
  org = await buildOrg(t);
});
afterAll(() => t.close());

describe('§11 延期申请', () => {
  it('§11 apply → deputy and head approve → 督办科 approves an earlier date: dueAt, count, light follow', async () => {
    const { clients: c } = org;
    // Due Friday 03-06; today Monday 03-02: 4 working days left → yellow.
    const id = await handledItem({ dueAt: '2026-03-06' });
    expect((await c.staff.get(`/api/items/${id}`)).json()).toMatchObject({
      light: 'yellow',
      extensionPending: false,
    });

    const res = await c.staff.post(`/api/items/${id}/extensions`, {
      newDueAt: '2026-04-30',
      reason: '需财政审批',
      progress: '已提交申请',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().created).toEqual([
      expect.objectContaining({ kind: 'approve', assigneeId: org.users.deputy.id }),
    ]);
    const pending = (
      await c.sup.get(`/api/items?scope=all&q=${encodeURIComponent('落实')}&pageSize=200`)
    ).json().items as { id: string; extensionPending: boolean }[];
    expect(pending.find((i) => i.id === id)?.extensionPending).toBe(true);

    const again = await c.head.post(`/api/items/${id}/extensions`, {
      newDueAt: '2026-05-31',
      reason: '再次申请',
      progress: '同上',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({
      code: 'flow_pending',
      detail: { taskId: expect.any(String) },
    });

    await c.deputy.post(`/api/tasks/${await pendingTask(c.deputy, id)}/complete`, { action: 'approve' });
    await c.head.post(`/api/tasks/${await pendingTask(c.head, id)}/complete`, { action: 'approve' });
    const reviewId = await pendingTask(c.sup, id);
    const task = (await c.sup.get(`/api/tasks/${reviewId}`)).json();
    expect(task.allowed).toEqual({ actions: ['approve', 'reject'] });
    const tooLate = await c.sup.post(`/api/tasks/${reviewId}/complete`, {
      action: 'approve',
      approvedDueAt: '2026-05-01',
    });
    expect(tooLate.statusCode).toBe(400);
    expect(errorOf(tooLate).fields).toHaveProperty('approvedDueAt');
    const ok = await c.sup.post(`/api/tasks/${reviewId}/complete`, {
      action: 'approve',
      approvedDueAt: '2026-04-15',
    });
    expect(ok.statusCode, ok.body).toBe(200);

    const item = (await c.staff.get(`/api/items/${id}`)).json();
    expect(item).toMatchObject({
      dueAt: '2026-04-15',
      originalDueAt: '2026-03-06',
      extensionCount: 1,
      extensionPending: false,
      light: 'green',
    });
    expect(item.flows.find((f: { kind: string }) => f.kind === 'extension')).toMatchObject({
      status: 'completed',
    });
    const notes = (await c.staff.get('/api/notifications')).json() as { kind: string }[];
    expect(notes.map((n) => n.kind)).toContain('extension_approved');

    const extended = (await c.sup.get('/api/items?scope=all&extended=true')).json().items as { id: string }[];
    expect(extended.map((i) => i.id)).toEqual([id]);
    expect((await c.leader.get('/api/summary')).json().totals).toMatchObject({ extensions: 1 });
  });

  it('§11 errors: 404 unseen, 403 not a lead handler, 400 fields, 400 date not later, 409 closed', async () => {
    const { clients: c } = org;
    const id = await handledItem();
    const body = { newDueAt: '2026-08-31', reason: '原因', progress: '进展' };
    expect((await c.hrStaff.post(`/api/items/${id}/extensions`, body)).statusCode).toBe(404);
    expect((await c.sup.post(`/api/items/${id}/extensions`, body)).statusCode).toBe(403);
    const empty = await c.staff.post(`/api/items/${id}/extensions`, {});
    expect(empty.statusCode).toBe(400);
    expect(Object.keys(errorOf(empty).fields ?? {}).sort()).toEqual(['newDueAt', 'progress', 'reason']);
    const early = await c.staff.post(`/api/items/${id}/extensions`, { ...body, newDueAt: '2026-06-30' });
    expect(errorOf(early).fields).toHaveProperty('newDueAt');
    await c.sup.post(`/api/items/${id}/close`, {});
    expect((await c.staff.post(`/api/items/${id}/extensions`, body)).statusCode).toBe(409);
  });
});
