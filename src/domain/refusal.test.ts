/** Rules of 拒签 and 重新分派 (spec §13). */
import { describe, expect, it } from 'vitest';
import { fileReport } from './reports';
import { completeTask } from './tasks';
import { actor, assistedItem, DEPARTMENTS, errorOf, INPUTS, World } from './testing';
import type { TaskInput } from './types';

const REFUSE: TaskInput = { decision: 'refuse', reason: '不属于本单位职责' };

/** An item whose head H refused it: the registrar holds a pending 重新分派 task. */
function refused(): World {
  const w = new World();
  w.register({ assistDepartmentIds: [DEPARTMENTS.b] });
  w.complete('H', 'handle', REFUSE);
  return w;
}

describe('§13 拒签 by the head of a registration flow', () => {
  it('§13 ends the registration flow as refused and gives the registrar a 重新分派 task with the reason', () => {
    const w = new World();
    w.register();
    const { created, notifications, task } = w.complete('H', 'handle', REFUSE);
    expect(task.input).toEqual({ decision: 'refuse', reason: '不属于本单位职责' });
    expect(w.flow('registration').status).toBe('refused');
    expect(w.flow('redispatch')).toMatchObject({ status: 'active', parentFlowId: w.flow('registration').id });
    expect(created).toMatchObject([{ kind: 'redispatch', assigneeId: 'sup', senderId: 'H', level: null }]);
    expect(notifications).toMatchObject([{ userId: 'sup', kind: 'refused' }]);
    expect(notifications[0]?.message).toContain('不属于本单位职责');
  });

  it('§13 the refusing head stops being a handler but still sees the item', () => {
    const w = refused();
    expect(w.handlers()).toEqual([]);
    expect(w.state.tasks.some((t) => t.assigneeId === 'H')).toBe(true);
  });

  it.each([
    ['no reason', { decision: 'refuse' }, 'reason'],
    ['a blank reason', { decision: 'refuse', reason: '  ' }, 'reason'],
  ])('§13 拒签 needs a reason: %s → 400 naming it', (_name, input, field) => {
    const w = new World();
    w.register();
    const task = w.only('H');
    const error = errorOf(() =>
      completeTask(w.state, actor('H'), task.id, input as TaskInput, w.clock.ctx()),
    );
    expect(error).toMatchObject({ code: 'validation', fields: { [field]: '请填写拒签理由' } });
  });

  it('§13 only the head level may refuse: a deputy-level task → 400 decision', () => {
    const w = new World();
    w.register();
    w.complete('H', 'handle', INPUTS.delegate('D'));
    const task = w.only('D');
    const error = errorOf(() => completeTask(w.state, actor('D'), task.id, REFUSE, w.clock.ctx()));
    expect(error).toMatchObject({
      code: 'validation',
      fields: { decision: expect.stringContaining('拒签') },
    });
  });

  it('§13 a lead report returned to its reporter cannot be refused', () => {
    const w = assistedItem();
    w.report('S', { kind: 'lead', outcome: 'not_done', reason: '慢', measures: '快' });
    w.complete('D', 'approve', INPUTS.return);
    const task = w.only('S', 'handle');
    expect(errorOf(() => completeTask(w.state, actor('S'), task.id, REFUSE, w.clock.ctx())).code).toBe(
      'validation',
    );
  });

  it('§13 while 重新分派 is pending nobody can report, and the item stays open', () => {
    const w = refused();
    expect(w.state.item.status).toBe('open');
    expect(
      errorOf(() => fileReport(w.state, actor('H'), { kind: 'lead', outcome: 'not_done' }, w.clock.ctx()))
        .code,
    ).toBe('forbidden');
  });
});

describe('§13 重新分派 by the registrar', () => {
  it('§13 resend to another department starts a new registration flow; the old lead is no longer lead', () => {
    const w = refused();
    const { created } = w.complete('sup', 'redispatch', {
      action: 'resend',
      leadDepartmentId: DEPARTMENTS.a,
      headId: 'A',
    });
    expect(created).toMatchObject([{ kind: 'handle', level: 'head', assigneeId: 'A', senderId: 'sup' }]);
    expect(w.state.item).toMatchObject({
      leadDepartmentId: DEPARTMENTS.a,
      headId: 'A',
      assistDepartmentIds: [DEPARTMENTS.b],
    });
    expect(w.flow('redispatch').status).toBe('completed');
    expect(w.flow('registration', 1).status).toBe('active');
    expect(w.handlers()).toEqual(['A:head']);
    // The new head can handle it; the flow runs as any registration flow.
    w.complete('A', 'handle', INPUTS.applyClose);
    w.complete('sup', 'review', INPUTS.close);
    expect(w.state.item.status).toBe('closed');
  });

  it('§13 resend to the same department with another head; the refuser cannot be chosen again', () => {
    const w = refused();
    const task = w.only('sup', 'redispatch');
    const again = { action: 'resend', leadDepartmentId: DEPARTMENTS.lead, headId: 'H' } as const;
    expect(errorOf(() => completeTask(w.state, actor('sup'), task.id, again, w.clock.ctx()))).toMatchObject({
      code: 'validation',
      fields: { headId: expect.stringContaining('已拒签') },
    });
    w.complete('sup', 'redispatch', { ...again, headId: 'D' });
    expect(w.only('D')).toMatchObject({ kind: 'handle', level: 'head' });
  });

  it('§12 resend to another department: its head where it has one; any member where it has none', () => {
    const w = new World();
    w.register({ leadDepartmentId: DEPARTMENTS.a, headId: 'A' }); // 协办单位甲 has no head
    w.complete('A', 'handle', REFUSE);
    const task = w.only('sup', 'redispatch');
    const toDeputy = { action: 'resend', leadDepartmentId: DEPARTMENTS.lead, headId: 'D' } as const;
    expect(
      errorOf(() => completeTask(w.state, actor('sup'), task.id, toDeputy, w.clock.ctx())),
    ).toMatchObject({
      code: 'validation',
      fields: { headId: expect.stringContaining('部处负责人') },
    });
    w.complete('sup', 'redispatch', { ...toDeputy, headId: 'H' });
    expect(w.only('H')).toMatchObject({ kind: 'handle', level: 'head' });
  });

  it('§13 resend replaces the assisting departments when given (never the lead one)', () => {
    const w = refused();
    w.complete('sup', 'redispatch', {
      action: 'resend',
      leadDepartmentId: DEPARTMENTS.b,
      headId: 'B',
    });
    expect(w.state.item.assistDepartmentIds).toEqual([]);
    const w2 = refused();
    const task = w2.only('sup', 'redispatch');
    const clash: TaskInput = {
      action: 'resend',
      leadDepartmentId: DEPARTMENTS.a,
      headId: 'A',
      assistDepartmentIds: [DEPARTMENTS.a],
    };
    expect(
      errorOf(() => completeTask(w2.state, actor('sup'), task.id, clash, w2.clock.ctx())).fields,
    ).toHaveProperty('assistDepartmentIds');
    w2.complete('sup', 'redispatch', { ...clash, assistDepartmentIds: [DEPARTMENTS.lead] });
    expect(w2.state.item.assistDepartmentIds).toEqual([DEPARTMENTS.lead]);
  });

  it.each([
    ['no action', {}, ['action']],
    ['an unknown action', { action: 'approve' }, ['action']],
    ['resend without department and head', { action: 'resend' }, ['leadDepartmentId', 'headId']],
    ['end without remark', { action: 'end' }, ['remark']],
  ])('§13 a malformed 重新分派 is a 400 naming every field: %s', (_name, input, fields) => {
    const w = refused();
    const task = w.only('sup', 'redispatch');
    const error = errorOf(() =>
      completeTask(w.state, actor('sup'), task.id, input as TaskInput, w.clock.ctx()),
    );
    expect(error.code).toBe('validation');
    expect(Object.keys(error.fields ?? {}).sort()).toEqual([...fields].sort());
  });

  it.each([
    ['an unknown department', { leadDepartmentId: 'dept-none', headId: 'A' }, 'leadDepartmentId'],
    ['a head outside the department', { leadDepartmentId: DEPARTMENTS.a, headId: 'B' }, 'headId'],
    ['a disabled head', { leadDepartmentId: DEPARTMENTS.lead, headId: 'X' }, 'headId'],
    ['an unknown head', { leadDepartmentId: DEPARTMENTS.lead, headId: 'ghost' }, 'headId'],
  ])('§13 resend to %s → 400 naming it', (_name, patch, field) => {
    const w = refused();
    const task = w.only('sup', 'redispatch');
    const input = { action: 'resend', ...patch } as TaskInput;
    expect(errorOf(() => completeTask(w.state, actor('sup'), task.id, input, w.clock.ctx()))).toMatchObject({
      code: 'validation',
      fields: { [field]: expect.any(String) },
    });
  });

  it('§13 only the registrar completes the 重新分派 task', () => {
    const w = refused();
    const task = w.only('sup', 'redispatch');
    const input: TaskInput = { action: 'end', remark: '不再督办' };
    expect(errorOf(() => completeTask(w.state, actor('sup2'), task.id, input, w.clock.ctx())).code).toBe(
      'forbidden',
    );
  });

  it('§13 end closes the item with the remark; reopening gives the registrar a new 重新分派 task', () => {
    const w = refused();
    const { audit } = w.complete('sup', 'redispatch', { action: 'end', remark: '不再督办' });
    expect(w.state.item.status).toBe('closed');
    expect(audit[0]?.detail).toMatchObject({
      itemClosed: true,
      input: { action: 'end', remark: '不再督办' },
    });
    w.reopen();
    expect(w.only('sup', 'redispatch')).toMatchObject({ senderId: 'adm' });
    expect(w.state.flows.filter((f) => f.kind === 'redispatch' && f.status === 'active')).toHaveLength(1);
  });

  it('§13 reopening an item ended before its registration completed also asks for 重新分派', () => {
    const w = new World();
    w.register();
    w.end();
    const { notifications } = w.reopen();
    expect(w.only('sup', 'redispatch')).toBeDefined();
    // The 重新分派 task's notice comes first; the §10 reopened notices follow.
    expect(notifications[0]).toMatchObject({ userId: 'sup', kind: 'task' });
    expect(notifications.slice(1).every((n) => n.kind === 'reopened')).toBe(true);
    // The registrar may send it to the same head again: nobody refused it.
    w.complete('sup', 'redispatch', { action: 'resend', leadDepartmentId: DEPARTMENTS.lead, headId: 'H' });
    expect(w.only('H')).toMatchObject({ kind: 'handle', level: 'head' });
  });

  it('§13 reopening an item whose registration completed does not ask for 重新分派', () => {
    const w = assistedItem();
    w.end();
    w.reopen();
    expect(w.pending('sup')).toEqual([]);
  });
});

describe('§13 拒签 of a system 协办反馈 by the assisting handler', () => {
  it('§13 ends the assist flow as refused, tells the lead handlers, and the assister stops being a handler', () => {
    const w = assistedItem();
    const { notifications } = w.complete('A', 'assist_report', { outcome: 'refuse', reason: '非本单位职责' });
    expect(w.flow('assist_report').status).toBe('refused');
    expect(w.handlers()).not.toContain('A:assist');
    expect(notifications.map((n) => `${n.userId}:${n.kind}`).sort()).toEqual(
      ['D:refused', 'H:refused', 'S:refused'].sort(),
    );
    expect(notifications[0]?.message).toContain('非本单位职责');
    // Nobody else from 协办单位甲 handles it: the department stops assisting.
    expect(w.state.item.assistDepartmentIds).not.toContain(DEPARTMENTS.a);
  });

  it('§13 the department stays assisting while another handler of it remains', () => {
    const w = new World();
    w.register();
    w.complete('H', 'handle', INPUTS.assist('A', 'A2'));
    w.complete('sup', 'review', INPUTS.acknowledge);
    w.complete('A', 'assist_report', { outcome: 'refuse', reason: '请甲二办理' });
    expect(w.state.item.assistDepartmentIds).toContain(DEPARTMENTS.a);
    expect(w.handlers()).toContain('A2:assist');
  });

  it('§13 拒签 of a 协办反馈 needs a reason', () => {
    const w = assistedItem();
    const task = w.only('A');
    const error = errorOf(() =>
      completeTask(w.state, actor('A'), task.id, { outcome: 'refuse' }, w.clock.ctx()),
    );
    expect(error).toMatchObject({ code: 'validation', fields: { reason: '请填写拒签理由' } });
  });
});

describe('§13 拒签 and 重新分派 with the people change (§10)', () => {
  it('§13 a deputy (委托) refusing for the absent head removes the head, whom 重新分派 may not choose again', () => {
    const w = new World();
    w.absent('H', 'D');
    w.register();
    const task = w.only('D', 'handle');
    expect(task.onBehalfOfId).toBe('H');
    expect(w.handlers()).toEqual(['H:head']);
    w.complete('D', task, REFUSE);
    expect(w.handlers()).toEqual([]);
    const redispatch = w.only('sup', 'redispatch');
    const error = errorOf(() =>
      completeTask(
        w.state,
        actor('sup'),
        redispatch.id,
        { action: 'resend', leadDepartmentId: DEPARTMENTS.lead, headId: 'H' },
        w.ctx(),
      ),
    );
    expect(error).toMatchObject({
      code: 'validation',
      fields: { headId: expect.stringContaining('已拒签') },
    });
  });

  it('§13 a pending 重新分派 moves like a review: to another supervisor (转交, 离职交接), never to a non-supervisor', () => {
    const w = refused();
    const redispatch = w.only('sup', 'redispatch');
    expect(errorOf(() => w.transfer('sup', redispatch, 'H'))).toMatchObject({ code: 'validation' });
    w.transfer('sup', redispatch, 'sup2');
    expect(w.only('sup2', 'redispatch')).toBeDefined();
    w.handOver('sup2', 'sup');
    expect(w.only('sup', 'redispatch')).toBeDefined();
  });
});
