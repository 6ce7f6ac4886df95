/** Progress reports (督办反馈): spec §6 and the assist report of §5. */
import { describe, expect, it } from 'vitest';
import { fileReport } from './reports';
import { completeTask } from './tasks';
import { actor, assistedItem, errorOf, INPUTS, World } from './testing';
import type { HandlerRole, ReportInput } from './types';

const LEAD_REPORT: ReportInput = {
  kind: 'lead',
  outcome: 'not_done',
  reason: '仍在推进',
  measures: '每周调度',
};
const ASSIST_REPORT: ReportInput = { kind: 'assist', outcome: 'apply_close', implementation: '配合完成' };

/** An item open for reports whose handlers are exactly `handlers` (set by the admin). */
function withHandlers(handlers: [string, HandlerRole][]): World {
  const w = new World();
  w.register();
  w.complete('H', 'handle', INPUTS.notDone);
  w.complete('sup', 'review', INPUTS.acknowledge);
  w.edit({ handlers: handlers.map(([userId, role]) => ({ userId, role })) });
  return w;
}

describe('§6 who may report', () => {
  it.each([
    ['an outsider filing a lead report', 'B', LEAD_REPORT],
    ['a supervisor filing a lead report', 'sup', LEAD_REPORT],
    ['an assisting handler filing a lead report', 'A', LEAD_REPORT],
    ['a lead handler filing an assist report', 'S', ASSIST_REPORT],
    ['a member of the lead department who is not a handler', 'S2', LEAD_REPORT],
  ])('§6 %s → 403', (_name, who, input) => {
    const w = assistedItem();
    expect(errorOf(() => fileReport(w.state, actor(who), input, w.clock.ctx())).code).toBe('forbidden');
  });

  it.each([
    ['no outcome', { kind: 'lead' }, ['outcome']],
    ['not_done without its fields', { kind: 'lead', outcome: 'not_done' }, ['measures', 'reason']],
    ['an invalid promisedAt', { ...LEAD_REPORT, promisedAt: 'soon' }, ['promisedAt']],
    ['assist without handlers', { kind: 'lead', outcome: 'assist' }, ['assistHandlerIds']],
    ['an unknown kind', { ...LEAD_REPORT, kind: 'other' }, ['kind']],
  ] as [string, ReportInput, string[]][])(
    '§6 a lead report with %s → 400 naming exactly those fields',
    (_name, input, fields) => {
      const w = assistedItem();
      const error = errorOf(() => fileReport(w.state, actor('S'), input, w.clock.ctx()));
      expect(error.code).toBe('validation');
      expect(Object.keys(error.fields ?? {}).sort()).toEqual(fields);
    },
  );

  it('§6 an unknown kind is 403 for someone who handles nothing here, 400 kind for a handler', () => {
    const w = assistedItem();
    const input = { ...LEAD_REPORT, kind: 'other' } as unknown as ReportInput;
    expect(errorOf(() => fileReport(w.state, actor('B'), input, w.clock.ctx())).code).toBe('forbidden');
    expect(errorOf(() => fileReport(w.state, actor('A'), input, w.clock.ctx())).fields).toHaveProperty(
      'kind',
    );
  });

  it('§5 §6 an assist report may only 申请办结 or 未办结 → 400 outcome', () => {
    const w = assistedItem();
    const input: ReportInput = { kind: 'assist', outcome: 'assist', assistHandlerIds: ['B'] };
    const error = errorOf(() => fileReport(w.state, actor('A'), input, w.clock.ctx()));
    expect(Object.keys(error.fields ?? {})).toEqual(['outcome']);
  });

  it('§6 an item is not open for reports while its registration flow runs → 409', () => {
    const w = new World();
    w.register();
    w.complete('H', 'handle', INPUTS.delegate('D'));
    expect(errorOf(() => fileReport(w.state, actor('H'), LEAD_REPORT, w.clock.ctx())).code).toBe('conflict');
  });

  it('§7 a closed item takes no more reports → 409, after 403 and 400', () => {
    const w = assistedItem();
    w.end();
    expect(errorOf(() => fileReport(w.state, actor('S'), LEAD_REPORT, w.clock.ctx())).code).toBe('conflict');
    expect(errorOf(() => fileReport(w.state, actor('B'), LEAD_REPORT, w.clock.ctx())).code).toBe('forbidden');
    const bad = { kind: 'lead', outcome: 'apply_close' } as ReportInput;
    expect(errorOf(() => fileReport(w.state, actor('S'), bad, w.clock.ctx())).code).toBe('validation');
  });

  it('§6 an assisting handler from the lead department is refused after the conflict checks → 400', () => {
    const w = assistedItem();
    const input: ReportInput = { kind: 'lead', outcome: 'assist', assistHandlerIds: ['S2'] };
    expect(errorOf(() => fileReport(w.state, actor('S'), input, w.clock.ctx())).fields).toHaveProperty(
      'assistHandlerIds',
    );
  });

  it('§6 a cancelled registration flow counts as ended: a reopened item takes reports', () => {
    const w = new World();
    w.register();
    w.end();
    w.reopen();
    const { created } = w.report('H', LEAD_REPORT);
    expect(created.map((t) => t.kind)).toEqual(['handle', 'review']);
  });
});

describe('§6 lead report (主办反馈)', () => {
  it.each([
    ['staff: deputy, then head, then review', 'S', ['S:handle:done', 'D:approve', 'H:approve', 'sup:review']],
    ['deputy: head, then review', 'D', ['D:handle:done', 'H:approve', 'sup:review']],
    ['head: straight to review', 'H', ['H:handle:done', 'sup:review']],
  ])('§6 only levels above the reporter take part — %s', (_name, reporter, expected) => {
    const w = assistedItem();
    const { flowId } = w.report(reporter, LEAD_REPORT);
    for (const step of expected.slice(1)) {
      const [who = '', kind] = step.split(':');
      w.complete(
        who,
        kind === 'review' ? 'review' : 'approve',
        kind === 'review' ? INPUTS.acknowledge : INPUTS.approve,
      );
    }
    expect(w.steps(flowId)).toEqual(expected.map((s) => (s.endsWith(':done') ? s : `${s}:done`)));
  });

  it('§6 the first step is the reporter’s handle task, created already done with the report', () => {
    const w = assistedItem();
    const { created, flowId, notifications } = w.report('S', {
      ...LEAD_REPORT,
      promisedAt: '2026-09-30',
      opinion: '进展顺利',
    });
    expect(w.state.flows.find((f) => f.id === flowId)).toMatchObject({
      kind: 'lead_report',
      status: 'active',
      initiatorId: 'S',
      parentFlowId: null,
      seq: 3, // registration, A's assist flow, then this one
    });
    expect(created[0]).toMatchObject({ kind: 'handle', level: 'staff', assigneeId: 'S', state: 'done' });
    const { kind: _kind, ...report } = LEAD_REPORT;
    expect(created[0]?.input).toEqual({
      decision: 'self',
      ...report,
      promisedAt: '2026-09-30',
      opinion: '进展顺利',
    });
    expect(notifications.map((n) => n.userId)).toEqual(['D']);
  });

  it.each([
    [
      'no deputy among the handlers',
      [
        ['S', 'staff'],
        ['H', 'head'],
      ],
      ['H', 'sup'],
    ],
    [
      'no head among the handlers',
      [
        ['S', 'staff'],
        ['D', 'deputy'],
      ],
      ['D', 'sup'],
    ],
    [
      'a disabled deputy',
      [
        ['S', 'staff'],
        ['X', 'deputy'],
        ['H', 'head'],
      ],
      ['H', 'sup'],
    ],
  ] as [string, [string, HandlerRole][], string[]][])(
    '§6 approval nodes are skipped or chosen: %s',
    (_name, handlers, route) => {
      const w = withHandlers(handlers);
      const { flowId } = w.report('S', LEAD_REPORT);
      for (const who of route) {
        const task = w.only(who);
        w.complete(who, task, task.kind === 'review' ? INPUTS.acknowledge : INPUTS.approve);
      }
      expect(w.steps(flowId).map((s) => s.split(':')[0])).toEqual(['S', ...route]);
    },
  );

  it('§6 a deputy who became a handler earlier approves before a later one', () => {
    const w = withHandlers([
      ['S', 'staff'],
      ['D', 'deputy'],
      ['H', 'head'],
    ]);
    w.edit({
      handlers: [
        { userId: 'S', role: 'staff' },
        { userId: 'D2', role: 'deputy' },
        { userId: 'D', role: 'deputy' },
        { userId: 'H', role: 'head' },
      ],
    });
    const { created } = w.report('S', LEAD_REPORT);
    expect(created.map((t) => t.assigneeId)).toEqual(['S', 'D']);
  });

  it('§6 an approver returning a report gives the reporter a self-only handle task pre-filled with it', () => {
    const w = assistedItem();
    const { flowId } = w.report('S', LEAD_REPORT);
    w.complete('D', 'approve', INPUTS.approve);
    const { created, notifications } = w.complete('H', 'approve', INPUTS.return);
    const { kind: _kind, ...report } = LEAD_REPORT;
    expect(created).toMatchObject([
      {
        kind: 'handle',
        level: 'staff',
        assigneeId: 'S',
        returned: true,
        prefill: { decision: 'self', ...report },
      },
    ]);
    expect(notifications).toMatchObject([{ userId: 'S', kind: 'returned' }]);
    const returned = w.only('S');
    const delegate = errorOf(() =>
      completeTask(w.state, actor('S'), returned.id, INPUTS.delegate('S2'), w.clock.ctx()),
    );
    expect(delegate.fields).toHaveProperty('decision');
    // promisedAt is optional here; the same approvers act again in the new pass
    w.complete('S', returned, { outcome: 'apply_close', implementation: '已补充材料' });
    w.complete('D', 'approve', INPUTS.approve);
    w.complete('H', 'approve', INPUTS.approve);
    expect(w.steps(flowId)).toEqual([
      'S:handle:done',
      'D:approve:done',
      'H:approve:done',
      'S:handle:done',
      'D:approve:done',
      'H:approve:done',
      'sup:review:pending',
    ]);
  });

  it('§6 the review sets the item’s result and promisedAt from the report', () => {
    const w = assistedItem();
    w.report('H', { kind: 'lead', outcome: 'apply_close', implementation: '完成', promisedAt: '2026-04-30' });
    w.complete('sup', 'review', INPUTS.acknowledge);
    expect(w.state.item).toMatchObject({ status: 'open', result: 'apply_close', promisedAt: '2026-04-30' });
  });

  it('§6 a lead report with 其他单位协办 starts assist flows at its review; new assisting handlers join', () => {
    const w = assistedItem();
    const { flowId } = w.report('H', { kind: 'lead', outcome: 'assist', assistHandlerIds: ['A', 'B'] });
    expect(w.state.item.result).toBe('assist'); // unchanged until the review
    const { created } = w.complete('sup', 'review', INPUTS.acknowledge);
    expect(created.map((t) => [t.kind, t.assigneeId])).toEqual([
      ['assist_report', 'A'],
      ['assist_report', 'B'],
    ]);
    expect(w.state.flows.filter((f) => f.parentFlowId === flowId)).toHaveLength(2);
    expect(w.handlers()).toEqual(['H:head', 'D:deputy', 'S:staff', 'A:assist', 'B:assist']);
    expect(w.state.item.assistDepartmentIds).toEqual(['dept-a', 'dept-b']);
  });

  it('§6 several report flows may run on one item at the same time (主动重复发起)', () => {
    const w = assistedItem();
    w.complete('A', 'assist_report', { outcome: 'not_done', reason: '进行中', measures: '加快' });
    const first = w.report('S', LEAD_REPORT);
    const second = w.report('D', LEAD_REPORT);
    const third = w.report('A', ASSIST_REPORT);
    const active = w.state.flows.filter((f) => f.status === 'active').map((f) => f.id);
    expect(active).toEqual(expect.arrayContaining([first.flowId, second.flowId, third.flowId]));
    expect(new Set([first.flowId, second.flowId, third.flowId]).size).toBe(3);
  });
});

/** A answers the system's 协办反馈 task and the lead handlers acknowledge it: A may then report manually. */
function answerSystemAssistTask(w: ReturnType<typeof assistedItem>) {
  w.complete('A', 'assist_report', { outcome: 'not_done', reason: '进行中', measures: '加快' });
  for (const who of ['H', 'D', 'S']) w.complete(who, 'acknowledge', {});
}

describe('§12 one assist report at a time', () => {
  it('§12 a manual 协办反馈 while the system’s 协办反馈 task is pending is refused with flow_pending naming the task', () => {
    const w = assistedItem();
    const pending = w.state.tasks.find((t) => t.kind === 'assist_report' && t.assigneeId === 'A');
    expect(() => w.report('A', ASSIST_REPORT)).toThrow(
      expect.objectContaining({ code: 'flow_pending', detail: { taskId: pending?.id } }),
    );
    answerSystemAssistTask(w);
    expect(w.report('A', ASSIST_REPORT).flowId).toBeTruthy();
  });
});

describe('§6 assist report (协办反馈)', () => {
  it('§6 an assist report starts with the reporter’s done task and reaches all lead handlers at once', () => {
    const w = assistedItem();
    answerSystemAssistTask(w);
    const { flowId, created, audit } = w.report('A', { ...ASSIST_REPORT, opinion: '已落实' });
    expect(w.state.flows.find((f) => f.id === flowId)).toMatchObject({
      kind: 'assist_report',
      initiatorId: 'A',
    });
    expect(created.map((t) => `${t.assigneeId}:${t.kind}:${t.state}`)).toEqual([
      'A:assist_report:done',
      'H:acknowledge:pending',
      'D:acknowledge:pending',
      'S:acknowledge:pending',
    ]);
    expect(created[0]?.input).toEqual({
      outcome: 'apply_close',
      implementation: '配合完成',
      opinion: '已落实',
    });
    expect(audit).toMatchObject([{ action: 'item.report', detail: { kind: 'assist', flowId } }]);
    for (const who of ['H', 'D', 'S']) w.complete(who, 'acknowledge', {});
    expect(w.state.flows.find((f) => f.id === flowId)?.status).toBe('completed');
    expect(w.state.item.result).toBe('assist'); // assist reports do not change the result
  });

  it('§6 an assist report ignores a promisedAt (the deadline belongs to the lead unit)', () => {
    const w = assistedItem();
    answerSystemAssistTask(w);
    const { created } = w.report('A', { ...ASSIST_REPORT, promisedAt: '2026-12-31' });
    expect(created[0]?.input).not.toHaveProperty('promisedAt');
  });
});
