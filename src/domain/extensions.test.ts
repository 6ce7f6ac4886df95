/** Spec §11 延期申请: the flow, its approvals and returns, 督办科's decision, and its errors. */
import { describe, expect, it } from 'vitest';
import { pendingExtension } from './extensions';
import { assistedItem, errorOf } from './testing';

const ASK = { newDueAt: '2026-08-31', reason: '涉及跨部门协调', progress: '方案已完成初稿' };

describe('§11 extension request (延期申请)', () => {
  it('§11 staff asks; deputy and head approve; 督办科 approves: dueAt moves, originalDueAt stays, count + 1', () => {
    const w = assistedItem();
    const { flowId, created } = w.extend('S', ASK);
    expect(pendingExtension(w.state)?.id).toBe(flowId);
    expect(created.map((t) => `${t.assigneeId}:${t.kind}:${t.state}`)).toEqual([
      'S:handle:done',
      'D:approve:pending',
    ]);
    w.complete('D', 'approve', { action: 'approve' });
    w.complete('H', 'approve', { action: 'approve' });
    const review = w.complete('sup', 'review', { action: 'approve', opinion: '同意延期' });
    expect(review.notifications).toContainEqual(
      expect.objectContaining({ userId: 'S', kind: 'extension_approved' }),
    );
    expect(w.state.item).toMatchObject({
      dueAt: '2026-08-31',
      originalDueAt: '2026-06-30',
      extensionCount: 1,
    });
    expect(w.state.flows.find((f) => f.id === flowId)?.status).toBe('completed');
    expect(pendingExtension(w.state)).toBeUndefined();
  });

  it('§11 督办科 may approve an earlier date than asked, still after the current dueAt', () => {
    const w = assistedItem();
    w.extend('H', ASK); // the head's request goes straight to review
    expect(
      errorOf(() => w.complete('sup', 'review', { action: 'approve', approvedDueAt: '2026-06-30' })).fields,
    ).toHaveProperty('approvedDueAt');
    expect(
      errorOf(() => w.complete('sup', 'review', { action: 'approve', approvedDueAt: '2026-09-30' })).fields,
    ).toHaveProperty('approvedDueAt');
    w.complete('sup', 'review', { action: 'approve', approvedDueAt: '2026-07-31' });
    expect(w.state.item).toMatchObject({ dueAt: '2026-07-31', extensionCount: 1 });
  });

  it('§11 a rejection needs an opinion, leaves dueAt alone and ends the flow completed', () => {
    const w = assistedItem();
    const { flowId } = w.extend('H', ASK);
    expect(errorOf(() => w.complete('sup', 'review', { action: 'reject' })).fields).toHaveProperty('opinion');
    const r = w.complete('sup', 'review', { action: 'reject', opinion: '理由不充分' });
    expect(r.notifications).toContainEqual(
      expect.objectContaining({ userId: 'H', kind: 'extension_rejected' }),
    );
    expect(w.state.item).toMatchObject({ dueAt: '2026-06-30', extensionCount: 0 });
    expect(w.state.flows.find((f) => f.id === flowId)?.status).toBe('completed');
  });

  it('§11 a return gives the applicant a task to resubmit (new values) or withdraw (flow cancelled)', () => {
    const w = assistedItem();
    const { flowId } = w.extend('S', ASK);
    w.complete('D', 'approve', { action: 'return', opinion: '请写明进展' });
    const back = w.only('S', 'handle');
    expect(back).toMatchObject({
      returned: true,
      prefill: expect.objectContaining({ newDueAt: '2026-08-31' }),
    });
    expect(
      errorOf(() => w.complete('S', 'handle', { action: 'resubmit', newDueAt: '2026-08-31' })).fields,
    ).toEqual({
      reason: expect.any(String),
      progress: expect.any(String),
    });
    w.complete('S', 'handle', { action: 'resubmit', ...ASK, progress: '初稿已征求意见' });
    w.complete('D', 'approve', { action: 'return', opinion: '再议' });
    w.complete('S', 'handle', { action: 'withdraw' });
    expect(w.state.flows.find((f) => f.id === flowId)?.status).toBe('cancelled');
    expect(w.state.item.dueAt).toBe('2026-06-30');
    expect(w.extend('S', ASK).flowId).not.toBe(flowId); // a new request is possible again
  });

  it('§11 errors: not a lead handler 403; missing fields 400; one at a time 409 flow_pending; date not later 400', () => {
    const w = assistedItem();
    expect(errorOf(() => w.extend('A', ASK)).code).toBe('forbidden'); // assisting handler
    expect(errorOf(() => w.extend('sup', ASK)).code).toBe('forbidden');
    expect(Object.keys(errorOf(() => w.extend('S', {} as never)).fields ?? {}).sort()).toEqual([
      'newDueAt',
      'progress',
      'reason',
    ]);
    expect(errorOf(() => w.extend('S', { ...ASK, newDueAt: '2026-06-30' })).fields).toHaveProperty(
      'newDueAt',
    );
    w.extend('S', ASK);
    const pending = w.only('D', 'approve');
    expect(() => w.extend('H', ASK)).toThrow(
      expect.objectContaining({
        code: 'flow_pending',
        detail: expect.objectContaining({ taskId: pending.id }),
      }),
    );
    w.end('sup');
    expect(errorOf(() => w.extend('S', ASK)).code).toBe('conflict');
  });

  it('§11 duplicate approvers are skipped: a deputy who is also the applicant goes straight to the head', () => {
    const w = assistedItem();
    const { created } = w.extend('D', ASK);
    expect(created.map((t) => `${t.assigneeId}:${t.kind}`)).toEqual(['D:handle', 'H:approve']);
  });
});
