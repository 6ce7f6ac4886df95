/**
 * Spec §12 (closing truthfully, in the manual's words) and the admin's later dueAt of §11: table
 * tests of completed vs terminated, the 办理结果 edit, unknown keys and who receives the item.
 */
import { describe, expect, it } from 'vitest';
import { assistedItem, errorOf, INPUTS, World } from './testing';

function itemInReview(): World {
  const w = new World();
  w.register();
  w.complete('H', 'handle', INPUTS.applyClose);
  return w;
}

describe('§12 completed vs terminated', () => {
  it('§12 the review’s 同意办结 closes the item as completed', () => {
    const w = itemInReview();
    w.complete('sup', 'review', INPUTS.close);
    expect(w.state.item).toMatchObject({ status: 'closed', closeKind: 'completed' });
  });

  it('§12 结束 closes the item as terminated, never completed; reopening clears it', () => {
    const w = itemInReview();
    w.end('sup', '已合并到其他事项');
    expect(w.state.item).toMatchObject({ status: 'closed', closeKind: 'terminated' });
    w.reopen('adm');
    expect(w.state.item).toMatchObject({ status: 'open', closeKind: null, closedAt: null });
  });

  it('§12 a new item is open with originalDueAt = dueAt and no extension', () => {
    const w = new World();
    w.register();
    expect(w.state.item).toMatchObject({
      closeKind: null,
      originalDueAt: '2026-06-30',
      extensionCount: 0,
    });
  });
});

describe('§12 办理结果 in the 督办列表 edit', () => {
  it('§12 已办结 (status completed) closes an open item as completed and cancels its open work', () => {
    const w = itemInReview();
    w.edit({ status: 'completed', remark: '已书面报告办结' });
    expect(w.state.item).toMatchObject({ status: 'closed', closeKind: 'completed' });
    expect(w.state.tasks.filter((t) => t.state === 'pending')).toEqual([]);
    expect(w.last?.audit[0]).toMatchObject({
      action: 'item.edit',
      detail: { remark: '已书面报告办结', changes: { closeKind: { before: null, after: 'completed' } } },
    });
  });

  it('§12 未办结 (status open) reopens a closed item', () => {
    const w = itemInReview();
    w.end('sup');
    w.edit({ status: 'open', remark: '尚未完成，恢复督办' });
    expect(w.state.item).toMatchObject({ status: 'open', closeKind: null });
  });

  it('§12 已办结 on a terminated item corrects the record to completed', () => {
    const w = itemInReview();
    w.end('sup');
    const closedAt = w.state.item.closedAt;
    w.edit({ status: 'completed', remark: '实际已办结' });
    expect(w.state.item).toMatchObject({ status: 'closed', closeKind: 'completed', closedAt });
  });

  it.each([
    [{ status: 'completed' }, ['remark']],
    [{ status: 'open' }, ['remark']],
    [{ status: 'closed', remark: 'x' }, ['status']],
    [
      { id: 'x', number: 'DB-1', registrarId: 'sup', closeKind: 'completed' },
      ['id', 'number', 'registrarId', 'closeKind'],
    ],
    [{ title: '新标题', bogus: 1 }, ['bogus']],
  ])('§12 the edit %j is a 400 naming %j', (patch, fields) => {
    const w = itemInReview();
    const error = errorOf(() => w.edit(patch as never));
    expect(error.code).toBe('validation');
    expect(Object.keys(error.fields ?? {}).sort()).toEqual([...fields].sort());
  });

  it('§12 outcome sets the last handling’s outcome; result stays an alias', () => {
    const w = assistedItem();
    w.edit({ outcome: 'not_done' });
    expect(w.state.item.result).toBe('not_done');
    w.edit({ result: 'apply_close' });
    expect(w.state.item.result).toBe('apply_close');
  });
});

describe('§11 the admin’s dueAt edit', () => {
  it('§11 a later dueAt counts as an extension; an earlier one is only an edit; originalDueAt stays', () => {
    const w = itemInReview();
    w.edit({ dueAt: '2026-07-31' });
    expect(w.state.item).toMatchObject({
      dueAt: '2026-07-31',
      extensionCount: 1,
      originalDueAt: '2026-06-30',
    });
    w.edit({ dueAt: '2026-07-15' });
    expect(w.state.item).toMatchObject({
      dueAt: '2026-07-15',
      extensionCount: 1,
      originalDueAt: '2026-06-30',
    });
  });
});

describe('§12 who receives the item', () => {
  it('§12 headId must be a head where the lead department has one', () => {
    const w = new World();
    expect(errorOf(() => w.register({ headId: 'D' })).fields).toHaveProperty('headId');
    expect(errorOf(() => w.register({ headId: 'S' })).fields).toHaveProperty('headId');
    expect(w.register({ headId: 'H' }).state.item.headId).toBe('H');
  });

  it('§12 any member where the department has no head', () => {
    const w = new World();
    // Department a has no head: any (enabled) member receives it.
    expect(w.register({ leadDepartmentId: 'dept-a', headId: 'A' }).state.item.headId).toBe('A');
  });
});
