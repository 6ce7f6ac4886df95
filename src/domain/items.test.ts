/** Item-level rules: registration (§2, §3), ending, reopening, urging (§7), the admin's edit (§8). */
import { describe, expect, it } from 'vitest';
import { editItem, endItem, register, reopenItem, urgeItem } from './items';
import { completeTask } from './tasks';
import { actor, Clock, DEFAULT_REGISTRATION, errorOf, INPUTS, World } from './testing';
import type { ItemPatch, RegisterInput } from './types';

function registerWith(patch: Partial<Record<keyof RegisterInput, unknown>>, by = 'sup') {
  const input = { ...DEFAULT_REGISTRATION, ...patch } as RegisterInput;
  return () => register(input, actor(by), 'DB-2026-0001', new Clock().ctx());
}

describe('§2 registration (新建督办)', () => {
  it.each(['H', 'adm', 'ldr', 'aud', 'A'])('§2 only supervisors register: %s → 403', (who) => {
    expect(errorOf(registerWith({}, who)).code).toBe('forbidden');
  });

  it('§2 an empty form names every required field at once', () => {
    const error = errorOf(() =>
      register({} as RegisterInput, actor('sup'), 'DB-2026-0001', new Clock().ctx()),
    );
    expect(error.code).toBe('validation');
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(
      ['assignedAt', 'content', 'dueAt', 'headId', 'leadDepartmentId', 'source', 'title'].sort(),
    );
  });

  it.each([
    ['a title over 200 characters', { title: '督'.repeat(201) }, 'title'],
    ['a blank title', { title: '   ' }, 'title'],
    ['an impossible date', { assignedAt: '2026-02-30' }, 'assignedAt'],
    ['a date in another format', { dueAt: '2026/06/30' }, 'dueAt'],
    ['dueAt before assignedAt', { assignedAt: '2026-07-01' }, 'dueAt'],
    ['an unknown head', { headId: 'ghost' }, 'headId'],
    ['a disabled head', { headId: 'X' }, 'headId'],
    ['a head outside the lead department', { headId: 'A' }, 'headId'],
    [
      'the lead department among the assisting ones',
      { assistDepartmentIds: ['dept-a', 'dept-lead'] },
      'assistDepartmentIds',
    ],
    ['an unknown assisting department', { assistDepartmentIds: ['dept-x'] }, 'assistDepartmentIds'],
    ['an unknown lead department', { leadDepartmentId: 'dept-x' }, 'leadDepartmentId'],
  ])('§2 %s → 400 naming the field', (_name, patch, field) => {
    const error = errorOf(registerWith(patch));
    expect(error.code).toBe('validation');
    expect(Object.keys(error.fields ?? {})).toContain(field);
  });

  it('§2 several problems are all named in one answer', () => {
    const error = errorOf(registerWith({ title: '', assignedAt: 'x', headId: 'A' }));
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(['assignedAt', 'headId', 'title']);
  });

  it('§2 dueAt may equal assignedAt, and assisting departments picked twice are kept once', () => {
    const { state } = registerWith({ dueAt: '2026-03-01', assistDepartmentIds: ['dept-a', 'dept-a'] })();
    expect(state.item.dueAt).toBe('2026-03-01');
    expect(state.item.assistDepartmentIds).toEqual(['dept-a']);
  });

  it('§2 §3 registration creates the open item, the registration flow and the head task (发送)', () => {
    const w = new World();
    const { state, created, notifications, audit } = w.register();
    expect(state.item).toMatchObject({
      number: 'DB-2026-0001',
      title: DEFAULT_REGISTRATION.title,
      status: 'open',
      result: null,
      promisedAt: null,
      closedAt: null,
      registrarId: 'sup',
      headId: 'H',
    });
    expect(state.flows).toMatchObject([
      { kind: 'registration', seq: 1, status: 'active', initiatorId: 'sup' },
    ]);
    expect(created).toMatchObject([
      { kind: 'handle', level: 'head', assigneeId: 'H', senderId: 'sup', state: 'pending', seq: 1 },
    ]);
    expect(state.handlers).toEqual([{ userId: 'H', role: 'head', since: state.item.createdAt }]);
    expect(notifications).toEqual([
      {
        userId: 'H',
        kind: 'task',
        itemId: state.item.id,
        taskId: created[0]?.id,
        message: '【DB-2026-0001】推进老旧小区改造：您有新的待办（办理）',
      },
    ]);
    expect(audit).toMatchObject([{ action: 'item.register', itemId: state.item.id }]);
  });
});

describe('§7 ending (结束) and reopening', () => {
  it.each([
    ['sup', 'closed'],
    ['adm', 'closed'],
    ['H', 'forbidden'],
    ['ldr', 'forbidden'],
  ])('§7 supervisors and admins may end an item: %s → %s', (who, code) => {
    const w = new World();
    w.register();
    const run = () => endItem(w.state, actor(who), '不再督办', w.clock.ctx());
    if (code !== 'closed') expect(errorOf(run).code).toBe(code);
    else expect(run().state.item.status).toBe('closed');
  });

  it('§7 ending cancels every open task and flow; they stay in the history as cancelled', () => {
    const w = new World();
    w.register();
    w.complete('H', 'handle', INPUTS.delegate('D'));
    const { audit } = w.end('sup', '领导指示停止');
    expect(w.state.item.status).toBe('closed');
    expect(w.state.item.closedAt).not.toBeNull();
    expect(w.state.tasks.map((t) => t.state)).toEqual(['done', 'cancelled']);
    expect(w.flow('registration')).toMatchObject({ status: 'cancelled' });
    expect(audit).toMatchObject([{ action: 'item.end', detail: { remark: '领导指示停止' } }]);
  });

  it('§7 ending a closed item is a conflict', () => {
    const w = new World();
    w.register();
    w.end();
    expect(errorOf(() => endItem(w.state, actor('sup'), undefined, w.clock.ctx())).code).toBe('conflict');
  });

  it.each([
    ['a supervisor', 'sup', '恢复', 'forbidden'],
    ['an admin without a remark', 'adm', '  ', 'validation'],
    ['an admin with a remark', 'adm', '恢复督办', null],
  ])('§7 only an admin may reopen, with a remark: %s', (_name, who, remark, code) => {
    const w = new World();
    w.register();
    w.end();
    const run = () => reopenItem(w.state, actor(who), remark, w.clock.ctx());
    if (code) expect(errorOf(run).code).toBe(code);
    else expect(run().state.item).toMatchObject({ status: 'open', closedAt: null });
  });

  it('§7 reopening an open item is a conflict; cancelled work stays cancelled after reopening', () => {
    const w = new World();
    w.register();
    expect(errorOf(() => reopenItem(w.state, actor('adm'), '恢复', w.clock.ctx())).code).toBe('conflict');
    w.end();
    w.reopen();
    expect(w.state.tasks.map((t) => t.state)).toEqual(['cancelled']);
    expect(w.pending()).toEqual([]);
  });
});

describe('§11 催办 rules', () => {
  it('§11 never to 督办科’s own review tasks: only reviews pending → nobody notified, still recorded', () => {
    const w = new World();
    w.register();
    w.complete('H', 'handle', INPUTS.notDone);
    const { notified, audit } = w.urge('sup2');
    expect(notified).toBe(0);
    expect(audit[0]).toMatchObject({ action: 'item.urge', detail: { recipients: [] } });
  });

  it('§11 never to the urger, even when the urger has a pending task', () => {
    const w = new World();
    w.register();
    w.complete('H', 'handle', INPUTS.delegate('D'));
    // The leader urges; the deputy is the one with the task.
    expect(w.urge('ldr').recipients).toEqual(['D']);
  });

  it('§11 at most one urge per interval: a sooner one is 429 with retryAfter', () => {
    const w = new World();
    w.register();
    const ctx = w.clock.ctx();
    const last = new Date(ctx.now.getTime() - 60 * 60_000);
    const error = (() => {
      try {
        urgeItem(w.state, actor('sup'), undefined, ctx, { lastUrgedAt: last, minIntervalMinutes: 240 });
      } catch (e) {
        return e as { code: string; detail: Record<string, unknown> };
      }
    })();
    expect(error).toMatchObject({
      code: 'rate_limited',
      detail: { retryAfter: new Date(last.getTime() + 240 * 60_000).toISOString() },
    });
    const later = urgeItem(w.state, actor('sup'), undefined, ctx, {
      lastUrgedAt: last,
      minIntervalMinutes: 60,
    });
    expect(later.notified).toBe(1);
  });
});

describe('§7 urging (催办)', () => {
  it('§7 urging notifies everybody with a pending task', () => {
    const w = new World();
    w.register();
    w.complete('H', 'handle', INPUTS.assist('A', 'B'));
    w.complete('sup', 'review', INPUTS.acknowledge);
    const { notified, notifications, state } = w.urge('sup', '请于本周内反馈');
    expect(notified).toBe(2);
    expect(notifications.map((n) => [n.userId, n.kind])).toEqual([
      ['A', 'urge'],
      ['B', 'urge'],
    ]);
    expect(notifications[0]?.message).toBe(
      '【DB-2026-0001】推进老旧小区改造：督办科催办，请抓紧办理。请于本周内反馈',
    );
    expect(state.item.updatedAt).toEqual(w.state.item.updatedAt);
  });

  it('§7 with no pending task, urging notifies the lead handlers', () => {
    const w = new World();
    w.register();
    w.complete('H', 'handle', INPUTS.delegate('D'));
    w.complete('D', 'handle', INPUTS.notDone);
    w.complete('H', 'approve', INPUTS.approve);
    w.complete('sup', 'review', INPUTS.acknowledge);
    const { notified, notifications } = w.urge();
    expect(notified).toBe(2);
    expect(notifications.map((n) => n.userId)).toEqual(['H', 'D']);
  });

  it.each([
    ['a handler (§11: only supervisors, admins and leaders)', 'forbidden', 'H', false],
    ['a supervisor on a closed item', 'conflict', 'sup', true],
  ])('§7 urging by %s → %s', (_name, code, who, close) => {
    const w = new World();
    w.register();
    if (close) w.end();
    expect(errorOf(() => urgeItem(w.state, actor(who), undefined, w.clock.ctx())).code).toBe(code);
  });
});

describe('§8 admin edit (督办列表)', () => {
  it.each(['sup', 'ldr', 'H'])('§8 only admins edit: %s → 403', (who) => {
    const w = new World();
    w.register();
    expect(errorOf(() => editItem(w.state, actor(who), { title: '新标题' }, w.clock.ctx())).code).toBe(
      'forbidden',
    );
  });

  it('§8 the handler list is replaced as given: any user, any role; unchanged entries keep their since', () => {
    const w = new World();
    w.register();
    const headSince = w.state.handlers[0]?.since;
    const { state, audit } = w.edit({
      handlers: [
        { userId: 'H', role: 'head' },
        { userId: 'sup2', role: 'deputy' },
        { userId: 'B', role: 'assist' },
      ],
    });
    expect(w.handlers()).toEqual(['H:head', 'sup2:deputy', 'B:assist']);
    expect(state.handlers[0]?.since).toBe(headSince);
    expect(state.handlers[1]?.since).toEqual(state.item.updatedAt);
    expect(audit).toEqual([
      {
        action: 'item.edit',
        itemId: state.item.id,
        detail: {
          changes: {
            handlers: {
              before: [{ userId: 'H', role: 'head' }],
              after: [
                { userId: 'H', role: 'head' },
                { userId: 'sup2', role: 'deputy' },
                { userId: 'B', role: 'assist' },
              ],
            },
          },
        },
      },
    ]);
  });

  it.each([
    [
      'a user listed twice',
      {
        handlers: [
          { userId: 'H', role: 'head' },
          { userId: 'H', role: 'staff' },
        ],
      },
      'handlers',
    ],
    ['an unknown user', { handlers: [{ userId: 'ghost', role: 'head' }] }, 'handlers'],
    ['an unknown role', { handlers: [{ userId: 'H', role: 'boss' }] }, 'handlers'],
    ['an unknown result', { result: 'finished' }, 'result'],
    ['an invalid promisedAt', { promisedAt: '31/05/2026' }, 'promisedAt'],
    ['a blank title', { title: ' ' }, 'title'],
    ['dueAt before assignedAt', { dueAt: '2026-02-01' }, 'dueAt'],
    ['assignedAt after dueAt', { assignedAt: '2026-07-01' }, 'assignedAt'],
    [
      'a lead department that is also assisting',
      { assistDepartmentIds: ['dept-lead'] },
      'assistDepartmentIds',
    ],
  ])('§8 an edit with %s → 400 naming the field', (_name, patch, field) => {
    const w = new World();
    w.register();
    const error = errorOf(() => editItem(w.state, actor('adm'), patch as ItemPatch, w.clock.ctx()));
    expect(error.code).toBe('validation');
    expect(Object.keys(error.fields ?? {})).toEqual([field]);
  });

  it('§8 result, promisedAt and basic fields change with before and after in the history', () => {
    const w = new World();
    w.register();
    const { state, audit } = w.edit({
      result: 'not_done',
      promisedAt: '2026-08-01',
      title: '推进老旧小区改造（二期）',
    });
    expect(state.item).toMatchObject({
      result: 'not_done',
      promisedAt: '2026-08-01',
      title: '推进老旧小区改造（二期）',
    });
    expect(audit[0]?.detail).toEqual({
      changes: {
        result: { before: null, after: 'not_done' },
        promisedAt: { before: null, after: '2026-08-01' },
        title: { before: '推进老旧小区改造', after: '推进老旧小区改造（二期）' },
      },
    });
    const cleared = w.edit({ result: null });
    expect(cleared.state.item.result).toBeNull();
  });

  it('§8 an edit that changes nothing records nothing', () => {
    const w = new World();
    w.register();
    const before = w.state;
    const { audit, state } = w.edit({ title: before.item.title, handlers: [{ userId: 'H', role: 'head' }] });
    expect(audit).toEqual([]);
    expect(state.item).toBe(before.item);
  });

  it('§8 closed items can be edited (correcting the record does not reopen it)', () => {
    const w = new World();
    w.register();
    w.end();
    const { state } = w.edit({ result: 'apply_close' });
    expect(state.item).toMatchObject({ status: 'closed', result: 'apply_close' });
  });

  it('§6 only current handlers may report: a handler removed by the admin gets 403', () => {
    const w = new World();
    w.register();
    w.complete('H', 'handle', INPUTS.notDone);
    w.complete('sup', 'review', INPUTS.acknowledge);
    w.edit({ handlers: [{ userId: 'D', role: 'head' }] });
    const report = { kind: 'lead', outcome: 'not_done', reason: '原因', measures: '措施' } as const;
    expect(errorOf(() => w.report('H', report)).code).toBe('forbidden');
    expect(w.report('D', report).created.map((t) => t.kind)).toEqual(['handle', 'review']);
  });

  it('§10 removing a handler who has a pending task needs a successor: 409 pending_work, then the task moves', () => {
    const w = new World();
    w.register();
    const task = w.only('H');
    expect(errorOf(() => w.edit({ handlers: [] })).code).toBe('pending_work');
    expect(errorOf(() => w.edit({ handlers: [], handlerSuccessors: { H: 'A' } })).fields).toHaveProperty(
      'handlerSuccessors',
    );
    const { notifications } = w.edit({
      handlers: [{ userId: 'D2', role: 'head' }],
      handlerSuccessors: { H: 'D2' },
    });
    expect(w.only('D2').level).toBe('head');
    expect(notifications.map((n) => `${n.userId}:${n.kind}`).sort()).toEqual([
      'D2:handler_added',
      'D2:transferred',
      'H:handler_removed',
      'H:transferred',
    ]);
    expect(
      errorOf(() => completeTask(w.state, actor('H'), task.id, INPUTS.notDone, w.clock.ctx())).code,
    ).toBe('conflict');
  });
});
