/** Rules of completing tasks: spec §3 (registration flow), §4 (handling result), §5 (assist), §9. */
import { describe, expect, it } from 'vitest';
import { completeTask } from './tasks';
import { actor, deepFreeze, errorOf, INPUTS, World } from './testing';
import type { TaskInput } from './types';

/** An item whose chain went H ▶ D ▶ S, with S's pending handle task. */
function atStaff(): World {
  const w = new World();
  w.register();
  w.complete('H', 'handle', INPUTS.delegate('D'));
  w.complete('D', 'handle', INPUTS.delegate('S'));
  return w;
}

/** An item whose registration flow ended with the given result (reviewed with 确认). */
function reviewed(result: TaskInput): World {
  const w = new World();
  w.register();
  w.complete('H', 'handle', result);
  w.complete('sup', 'review', INPUTS.acknowledge);
  return w;
}

describe('§3 handle: 自办 and 向下办理', () => {
  it('§3 向下办理 gives the delegate a handle task one level down and makes them a handler at that level', () => {
    const w = new World();
    w.register();
    const { created, notifications } = w.complete('H', 'handle', INPUTS.delegate('D'));
    expect(created).toMatchObject([{ kind: 'handle', level: 'deputy', assigneeId: 'D', senderId: 'H' }]);
    expect(notifications).toMatchObject([{ userId: 'D', kind: 'task' }]);
    expect(w.handlers()).toEqual(['H:head', 'D:deputy']);
    const since = w.state.handlers.find((h) => h.userId === 'D')?.since;
    expect(since).toEqual(created[0]?.createdAt);
  });

  it('§3 levels are positions in the flow, not job titles: a staff member delegated to by the head works at the deputy level', () => {
    const w = new World();
    w.register();
    w.complete('H', 'handle', INPUTS.delegate('S'));
    expect(w.only('S')).toMatchObject({ level: 'deputy' });
    w.complete('S', 'handle', INPUTS.delegate('S2'));
    expect(w.only('S2')).toMatchObject({ level: 'staff' });
    expect(w.handlers()).toEqual(['H:head', 'S:deputy', 'S2:staff']);
  });

  it('§3 at the staff level an omitted decision means 自办', () => {
    const w = atStaff();
    const { decision: _omitted, ...withoutDecision } = INPUTS.applyClose;
    const { task } = w.complete('S', 'handle', withoutDecision);
    expect(task.input).toMatchObject({ decision: 'self', outcome: 'apply_close' });
  });

  it('§3 a staff-level task cannot delegate', () => {
    const w = atStaff();
    const task = w.only('S');
    const error = errorOf(() =>
      completeTask(w.state, actor('S'), task.id, INPUTS.delegate('S2'), w.clock.ctx()),
    );
    expect(error).toMatchObject({ code: 'validation', fields: { decision: expect.any(String) } });
  });

  it.each([
    ['no decision at the head level', {}, ['decision']],
    ['self without promisedAt and result', { decision: 'self' }, ['outcome', 'promisedAt']],
    ['self with an invalid promisedAt', { ...INPUTS.applyClose, promisedAt: '2026-13-01' }, ['promisedAt']],
    ['delegate without delegateToId', { decision: 'delegate' }, ['delegateToId']],
    ['an unknown decision', { decision: 'later' }, ['decision']],
  ] as [string, TaskInput, string[]][])(
    '§3 handle body: %s → 400 naming exactly the offending fields',
    (_name, input, fields) => {
      const w = new World();
      w.register();
      const error = errorOf(() => completeTask(w.state, actor('H'), w.only('H').id, input, w.clock.ctx()));
      expect(error.code).toBe('validation');
      expect(Object.keys(error.fields ?? {}).sort()).toEqual(fields);
    },
  );

  it.each([
    ['oneself', 'D', 'D'],
    ['someone already in this flow (the head)', 'D', 'H'],
    ['someone outside the lead department', 'D', 'A'],
    ['a disabled user', 'D', 'X'],
    ['an unknown user', 'D', 'nobody'],
  ])('§3 向下办理 to %s → 400 delegateToId', (_name, by, to) => {
    const w = new World();
    w.register();
    w.complete('H', 'handle', INPUTS.delegate('D'));
    const error = errorOf(() =>
      completeTask(w.state, actor(by), w.only(by).id, INPUTS.delegate(to), w.clock.ctx()),
    );
    expect(error).toMatchObject({ code: 'validation', fields: { delegateToId: expect.any(String) } });
  });

  it('§3 the registrar counts as someone already in the flow', () => {
    const w = new World();
    w.register();
    // A registrar from the lead department could otherwise be picked: make S the flow's initiator.
    const state = deepFreeze({ ...w.state, flows: w.state.flows.map((f) => ({ ...f, initiatorId: 'S' })) });
    const error = errorOf(() =>
      completeTask(state, actor('H'), w.only('H').id, INPUTS.delegate('S'), w.clock.ctx()),
    );
    expect(error.fields).toHaveProperty('delegateToId');
  });

  it('§3 an opinion is optional in every case and stored when given', () => {
    const w = new World();
    w.register();
    const { task } = w.complete('H', 'handle', { decision: 'delegate', delegateToId: 'D' });
    expect(task.input).toEqual({ decision: 'delegate', delegateToId: 'D' });
    const { task: handled } = w.complete('D', 'handle', { ...INPUTS.notDone, opinion: '  先行处理  ' });
    expect(handled.input?.opinion).toBe('先行处理');
  });
});

describe('§4 handling result (事务办理)', () => {
  it.each([
    ['apply_close', { outcome: 'apply_close' }, ['implementation']],
    ['not_done', { outcome: 'not_done' }, ['measures', 'reason']],
    ['not_done with blank text', { outcome: 'not_done', reason: '  ', measures: '' }, ['measures', 'reason']],
    ['assist', { outcome: 'assist' }, ['assistHandlerIds']],
    ['assist with an empty list', { outcome: 'assist', assistHandlerIds: [] }, ['assistHandlerIds']],
    ['an unknown outcome', { outcome: 'done' }, ['outcome']],
  ] as [string, TaskInput, string[]][])(
    '§4 %s without its required fields → 400 naming each of them',
    (_name, result, fields) => {
      const w = new World();
      w.register();
      const input = { decision: 'self', promisedAt: '2026-05-31', ...result } as TaskInput;
      const error = errorOf(() => completeTask(w.state, actor('H'), w.only('H').id, input, w.clock.ctx()));
      expect(error.code).toBe('validation');
      expect(Object.keys(error.fields ?? {}).sort()).toEqual(fields);
    },
  );

  it('§4 every missing field is named at once, across decision and result', () => {
    const w = new World();
    w.register();
    const error = errorOf(() =>
      completeTask(
        w.state,
        actor('H'),
        w.only('H').id,
        { decision: 'self', outcome: 'not_done' },
        w.clock.ctx(),
      ),
    );
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(['measures', 'promisedAt', 'reason']);
  });

  it.each([
    ['apply_close', { outcome: 'apply_close', implementation: '已完成' }, ['implementation']],
    ['not_done', { outcome: 'not_done', reason: '原因', measures: '措施' }, ['measures', 'reason']],
    ['assist', { outcome: 'assist', assistHandlerIds: ['A'] }, ['assistHandlerIds']],
  ] as [string, TaskInput, string[]][])(
    '§4 a field not required for %s is not stored',
    (_name, result, kept) => {
      const w = new World();
      w.register();
      const everything = {
        implementation: '已完成',
        reason: '原因',
        measures: '措施',
        assistHandlerIds: ['A'],
        delegateToId: 'D',
      };
      const { task } = w.complete('H', 'handle', {
        decision: 'self',
        promisedAt: '2026-05-31',
        ...everything,
        ...result,
      });
      const stored = Object.keys(task.input ?? {}).filter(
        (k) => !['decision', 'promisedAt', 'outcome'].includes(k),
      );
      expect(stored.sort()).toEqual(kept);
    },
  );

  it.each([
    ['a user of the lead department', ['S']],
    ['a disabled user', ['BX']],
    ['an unknown user', ['ghost']],
    ['one bad among good ones', ['A', 'S']],
  ])('§4 assisting handlers must be enabled users outside the lead department: %s → 400', (_name, ids) => {
    const w = new World();
    w.register();
    const error = errorOf(() =>
      completeTask(w.state, actor('H'), w.only('H').id, INPUTS.assist(...ids), w.clock.ctx()),
    );
    expect(error).toMatchObject({ code: 'validation', fields: { assistHandlerIds: expect.any(String) } });
  });

  it('§4 assisting handlers picked twice are kept once', () => {
    const w = new World();
    w.register();
    const { task } = w.complete('H', 'handle', INPUTS.assist('A', 'A', 'B'));
    expect(task.input?.assistHandlerIds).toEqual(['A', 'B']);
  });
});

describe('§3 approval chain and 退回', () => {
  it.each([
    ['head 自办', ['H'], []],
    ['deputy 自办', ['H', 'D'], ['H']],
    ['staff handles', ['H', 'D', 'S'], ['D', 'H']],
  ])('§3 approval is bottom-up along the people who took part: %s', (_name, chain, approvers) => {
    const w = new World();
    w.register();
    for (let i = 0; i + 1 < chain.length; i++) {
      w.complete(chain[i] ?? '', 'handle', INPUTS.delegate(chain[i + 1] ?? ''));
    }
    w.complete(chain.at(-1) ?? '', 'handle', INPUTS.applyClose);
    const seen: string[] = [];
    for (const approver of approvers) {
      const task = w.only(approver, 'approve');
      seen.push(task.assigneeId);
      w.complete(approver, task, INPUTS.approve);
    }
    expect(seen).toEqual(approvers);
    expect(w.only('sup')).toMatchObject({ kind: 'review', senderId: approvers.at(-1) ?? chain.at(-1) });
  });

  it('§3 D returning gives S a new handle task with prefill', () => {
    const w = atStaff();
    w.complete('S', 'handle', { ...INPUTS.notDone, opinion: '说明' });
    const { created, notifications } = w.complete('D', 'approve', INPUTS.return);
    expect(created).toMatchObject([
      {
        kind: 'handle',
        level: 'staff',
        assigneeId: 'S',
        senderId: 'D',
        returned: true,
        prefill: { ...INPUTS.notDone, opinion: '说明' },
      },
    ]);
    expect(notifications).toMatchObject([{ userId: 'S', kind: 'returned' }]);
    expect(notifications[0]?.message).toContain(INPUTS.return.opinion);
  });

  it('§3 H returning after D approved gives D a new approve task with prefill', () => {
    const w = atStaff();
    w.complete('S', 'handle', INPUTS.applyClose);
    w.complete('D', 'approve', { action: 'approve', opinion: 'D 同意' });
    const { created } = w.complete('H', 'approve', INPUTS.return);
    expect(created).toMatchObject([
      {
        kind: 'approve',
        level: 'deputy',
        assigneeId: 'D',
        returned: true,
        prefill: { action: 'approve', opinion: 'D 同意' },
      },
    ]);
  });

  it('§3 H returning after D handled it himself gives D a new handle task with prefill', () => {
    const w = new World();
    w.register();
    w.complete('H', 'handle', INPUTS.delegate('D'));
    w.complete('D', 'handle', INPUTS.notDone);
    const { created } = w.complete('H', 'approve', INPUTS.return);
    expect(created).toMatchObject([
      { kind: 'handle', level: 'deputy', assigneeId: 'D', returned: true, prefill: INPUTS.notDone },
    ]);
  });

  it('§3 after a return the deputy may delegate after all, and approval follows the new chain', () => {
    const w = new World();
    w.register();
    w.complete('H', 'handle', INPUTS.delegate('D'));
    w.complete('D', 'handle', INPUTS.notDone);
    w.complete('H', 'approve', INPUTS.return);
    w.complete('D', 'handle', INPUTS.delegate('S'));
    w.complete('S', 'handle', INPUTS.applyClose);
    w.complete('D', 'approve', INPUTS.approve);
    w.complete('H', 'approve', INPUTS.approve);
    expect(w.only('sup').kind).toBe('review');
  });

  it('§3 退回 requires an opinion → 400 opinion', () => {
    const w = atStaff();
    w.complete('S', 'handle', INPUTS.applyClose);
    const error = errorOf(() =>
      completeTask(w.state, actor('D'), w.only('D').id, { action: 'return', opinion: ' ' }, w.clock.ctx()),
    );
    expect(error).toMatchObject({ code: 'validation', fields: { opinion: expect.any(String) } });
  });

  it('§3 approve needs a known action → 400 action', () => {
    const w = atStaff();
    w.complete('S', 'handle', INPUTS.applyClose);
    const error = errorOf(() =>
      completeTask(w.state, actor('D'), w.only('D').id, { action: 'close' }, w.clock.ctx()),
    );
    expect(Object.keys(error.fields ?? {})).toEqual(['action']);
  });
});

describe('§3 review by 督办科', () => {
  it.each([
    ['apply_close', INPUTS.applyClose],
    ['not_done', INPUTS.notDone],
    ['assist', INPUTS.assist('A')],
  ] as const)('§3 确认 of %s keeps the item open and sets its result and promisedAt', (outcome, result) => {
    const w = reviewed(result);
    expect(w.state.item).toMatchObject({
      status: 'open',
      result: outcome,
      promisedAt: '2026-05-31',
      closedAt: null,
    });
    expect(w.flow('registration')).toMatchObject({ status: 'completed' });
    expect(w.flow('registration').endedAt).not.toBeNull();
  });

  it.each([
    ['not_done', INPUTS.notDone],
    ['assist', INPUTS.assist('A')],
  ] as const)('§3 同意办结 is refused when the outcome is %s → 400 action', (_outcome, result) => {
    const w = new World();
    w.register();
    w.complete('H', 'handle', result);
    const error = errorOf(() =>
      completeTask(w.state, actor('sup'), w.only('sup').id, INPUTS.close, w.clock.ctx()),
    );
    expect(error).toMatchObject({ code: 'validation', fields: { action: expect.any(String) } });
  });

  it('§3 同意办结 closes the item and cancels every other pending task and its flow', () => {
    const w = reviewed(INPUTS.assist('A', 'B'));
    const { flowId } = w.report('H', { kind: 'lead', outcome: 'apply_close', implementation: '全部完成' });
    const assistFlows = w.state.flows.filter((f) => f.kind === 'assist_report');
    expect(assistFlows).toHaveLength(2);
    const { task } = w.complete('sup', 'review', INPUTS.close);
    expect(task.flowId).toBe(flowId);
    expect(w.state.item).toMatchObject({ status: 'closed', result: 'apply_close' });
    expect(w.pending()).toEqual([]);
    expect(w.state.flows.filter((f) => f.kind === 'assist_report').map((f) => f.status)).toEqual([
      'cancelled',
      'cancelled',
    ]);
    expect(w.state.flows.find((f) => f.id === flowId)?.status).toBe('completed');
    expect(w.state.tasks.filter((t) => t.kind === 'assist_report').map((t) => t.state)).toEqual([
      'cancelled',
      'cancelled',
    ]);
  });

  it('§3 a later review without a promisedAt keeps the earlier promise', () => {
    const w = reviewed(INPUTS.notDone);
    const { flowId } = w.report('H', {
      kind: 'lead',
      outcome: 'not_done',
      reason: '仍在推进',
      measures: '加快',
    });
    w.complete('sup', 'review', INPUTS.acknowledge);
    expect(w.state.flows.find((f) => f.id === flowId)?.status).toBe('completed');
    expect(w.state.item.promisedAt).toBe('2026-05-31');
  });
});

describe('§5 assist flows', () => {
  it('§5 确认 of 其他单位协办 starts one assist flow per assisting handler, sent by the system', () => {
    const w = new World();
    w.register({ assistDepartmentIds: ['dept-a'] });
    w.complete('H', 'handle', INPUTS.assist('A', 'A2', 'B'));
    const { created, notifications } = w.complete('sup', 'review', INPUTS.acknowledge);
    expect(created.map((t) => [t.kind, t.assigneeId, t.senderId])).toEqual([
      ['assist_report', 'A', null],
      ['assist_report', 'A2', null],
      ['assist_report', 'B', null],
    ]);
    expect(new Set(created.map((t) => t.flowId)).size).toBe(3);
    expect(notifications.map((n) => [n.userId, n.kind])).toEqual([
      ['A', 'task'],
      ['A2', 'task'],
      ['B', 'task'],
    ]);
    expect(w.handlers()).toEqual(['H:head', 'A:assist', 'A2:assist', 'B:assist']);
    // dept-a was already an assisting department; dept-b joins once
    expect(w.state.item.assistDepartmentIds).toEqual(['dept-a', 'dept-b']);
  });

  it('§5 an assisting handler may only 申请办结 or 未办结 → 400 outcome for 其他单位协办', () => {
    const w = reviewed(INPUTS.assist('A'));
    const task = w.only('A');
    const error = errorOf(() =>
      completeTask(
        w.state,
        actor('A'),
        task.id,
        { outcome: 'assist', assistHandlerIds: ['B'] },
        w.clock.ctx(),
      ),
    );
    expect(error).toMatchObject({ code: 'validation', fields: { outcome: expect.any(String) } });
    const missing = errorOf(() =>
      completeTask(w.state, actor('A'), task.id, { outcome: 'not_done' }, w.clock.ctx()),
    );
    expect(Object.keys(missing.fields ?? {}).sort()).toEqual(['measures', 'reason']);
  });

  it('§5 the lead handlers all receive 阅知 at the same time and the flow ends with the last one', () => {
    const w = atStaff();
    w.complete('S', 'handle', INPUTS.assist('A'));
    w.complete('D', 'approve', INPUTS.approve);
    w.complete('H', 'approve', INPUTS.approve);
    w.complete('sup', 'review', INPUTS.acknowledge);
    const { created } = w.complete('A', 'assist_report', {
      outcome: 'apply_close',
      implementation: '已配合完成',
    });
    expect(created.map((t) => [t.kind, t.assigneeId, t.senderId])).toEqual([
      ['acknowledge', 'H', 'A'],
      ['acknowledge', 'D', 'A'],
      ['acknowledge', 'S', 'A'],
    ]);
    const flowId = created[0]?.flowId ?? '';
    for (const reader of ['D', 'S']) {
      w.complete(reader, 'acknowledge', {});
      expect(w.state.flows.find((f) => f.id === flowId)?.status).toBe('active');
    }
    w.complete('H', 'acknowledge', { opinion: '已阅' });
    expect(w.state.flows.find((f) => f.id === flowId)?.status).toBe('completed');
  });

  it('§5 with no lead handler left (admin edit) the assist flow completes at once', () => {
    const w = reviewed(INPUTS.assist('A'));
    w.edit({ handlers: [{ userId: 'A', role: 'assist' }] });
    const { task, created } = w.complete('A', 'assist_report', INPUTS.notDone);
    expect(created).toEqual([]);
    expect(w.state.flows.find((f) => f.id === task.flowId)?.status).toBe('completed');
  });

  it('§5 disabled lead handlers get no 阅知 task (it could never be done)', () => {
    const w = reviewed(INPUTS.assist('A'));
    w.edit({
      handlers: [
        { userId: 'H', role: 'head' },
        { userId: 'X', role: 'staff' },
        { userId: 'A', role: 'assist' },
      ],
    });
    const { created } = w.complete('A', 'assist_report', INPUTS.notDone);
    expect(created.map((t) => t.assigneeId)).toEqual(['H']);
  });
});

describe('§6 handlers', () => {
  it('§6 a person is a handler once: a delegate already listed keeps their entry', () => {
    const w = new World();
    w.register();
    w.edit({
      handlers: [
        { userId: 'H', role: 'head' },
        { userId: 'D', role: 'staff' },
      ],
    });
    w.complete('H', 'handle', INPUTS.delegate('D'));
    expect(w.handlers()).toEqual(['H:head', 'D:staff']);
  });

  it('§6 someone the admin removed who receives a registration task again takes part again', () => {
    const w = atStaff();
    w.complete('S', 'handle', INPUTS.applyClose);
    w.edit({
      handlers: [
        { userId: 'H', role: 'head' },
        { userId: 'D', role: 'deputy' },
      ],
    });
    w.complete('D', 'approve', INPUTS.return);
    expect(w.handlers()).toEqual(['H:head', 'D:deputy', 'S:staff']);
  });

  it('§6 a returned task does not add the same person again', () => {
    const w = atStaff();
    w.complete('S', 'handle', INPUTS.applyClose);
    w.complete('D', 'approve', INPUTS.return);
    expect(w.handlers()).toEqual(['H:head', 'D:deputy', 'S:staff']);
  });
});

describe('§9 and the contract error order', () => {
  it('§9 only the assignee can complete a task: others get 403 and nothing changes', () => {
    const w = new World();
    w.register();
    const before = w.state;
    for (const who of ['D', 'sup', 'adm', 'ldr']) {
      const error = errorOf(() =>
        completeTask(before, actor(who), w.only('H').id, INPUTS.applyClose, w.clock.ctx()),
      );
      expect(error.code).toBe('forbidden');
    }
    expect(w.state).toBe(before);
  });

  it('§9 a task completes once: the second completion is a conflict', () => {
    const w = new World();
    w.register();
    const task = w.only('H');
    w.complete('H', task, INPUTS.applyClose);
    const error = errorOf(() => completeTask(w.state, actor('H'), task.id, INPUTS.notDone, w.clock.ctx()));
    expect(error.code).toBe('conflict');
    expect(w.state.tasks.find((t) => t.id === task.id)?.input).toMatchObject(INPUTS.applyClose);
  });

  it('§7 a cancelled task of an ended item cannot be completed → 409', () => {
    const w = new World();
    w.register();
    const task = w.only('H');
    w.end();
    expect(
      errorOf(() => completeTask(w.state, actor('H'), task.id, INPUTS.applyClose, w.clock.ctx())).code,
    ).toBe('conflict');
  });

  it.each([
    ['a task not on this item', 'missing', 'H', {}, 'not_found'],
    ['a non-assignee with a bad body on a done task', 'done', 'D', {}, 'forbidden'],
    ['the assignee with a bad body on a done task', 'done', 'H', { decision: 'self' }, 'validation'],
    [
      'the assignee, good shape, done task, delegate to someone in the flow',
      'done',
      'H',
      INPUTS.delegate('H'),
      'conflict',
    ],
    [
      'the assignee, good shape, pending task, delegate to someone in the flow',
      'pending',
      'H',
      INPUTS.delegate('H'),
      'validation',
    ],
  ] as [string, 'missing' | 'done' | 'pending', string, TaskInput, string][])(
    'contract error order: %s (expects the last column)',
    (_name, which, by, input, code) => {
      const w = new World();
      w.register();
      const task = w.only('H');
      if (which === 'done') w.complete('H', task, INPUTS.notDone);
      const id = which === 'missing' ? 'no-such-task' : task.id;
      expect(errorOf(() => completeTask(w.state, actor(by), id, input, w.clock.ctx())).code).toBe(code);
    },
  );

  it('§9 a command returns a new state and leaves its input untouched', () => {
    const w = new World();
    w.register();
    const before = w.state;
    const snapshot = structuredClone(before);
    const { state } = completeTask(before, actor('H'), w.only('H').id, INPUTS.delegate('D'), w.clock.ctx());
    expect(before).toEqual(snapshot);
    expect(state).not.toBe(before);
    expect(state.tasks).not.toBe(before.tasks);
    expect(state.tasks[0]).not.toBe(before.tasks[0]);
    expect(state.flows[0]).toBe(before.flows[0]); // unchanged entities keep their identity
  });

  it('§9 every completion records an audit effect naming the task and what was submitted', () => {
    const w = new World();
    w.register();
    const task = w.only('H');
    const { audit, created } = w.complete('H', task, INPUTS.delegate('D'));
    expect(audit).toEqual([
      {
        action: 'task.complete',
        itemId: w.state.item.id,
        detail: {
          taskId: task.id,
          flowId: task.flowId,
          kind: 'handle',
          input: INPUTS.delegate('D'),
          created: created.map((t) => t.id),
        },
      },
    ]);
  });
});
