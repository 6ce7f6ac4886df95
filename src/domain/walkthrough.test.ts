/**
 * The manual's walkthroughs (督办登记流程说明, 督办反馈), end to end, through the same commands the
 * service calls.
 */
import { describe, expect, it } from 'vitest';
import { INPUTS, World } from './testing';

describe('manual walkthrough', () => {
  it('§3 §5 §6 full walkthrough: 向下办理 twice, 其他单位协办, approvals, 确认, 协办反馈 and 阅知, 主办反馈', () => {
    const w = new World();
    w.register({ assistDepartmentIds: ['dept-b'] });
    expect(w.only('H').kind).toBe('handle');
    expect(w.handlers()).toEqual(['H:head']);

    // 负责人 向下办理 ▶ 分管负责人 向下办理 ▶ 具体负责人
    w.complete('H', 'handle', INPUTS.delegate('D'));
    expect(w.only('D')).toMatchObject({ kind: 'handle', level: 'deputy', senderId: 'H' });
    w.complete('D', 'handle', INPUTS.delegate('S'));
    expect(w.only('S')).toMatchObject({ kind: 'handle', level: 'staff', senderId: 'D' });
    expect(w.handlers()).toEqual(['H:head', 'D:deputy', 'S:staff']);

    // 具体负责人 填写事务办理结果: 其他单位协办 with two assisting handlers
    w.complete('S', 'handle', { promisedAt: '2026-06-15', outcome: 'assist', assistHandlerIds: ['A', 'B'] });
    // bottom-up approval S ▶ D ▶ H ▶ 督办科
    w.complete('D', 'approve', INPUTS.approve);
    w.complete('H', 'approve', INPUTS.approve);
    const registration = w.flow('registration');
    expect(w.steps(registration.id)).toEqual([
      'H:handle:done',
      'D:handle:done',
      'S:handle:done',
      'D:approve:done',
      'H:approve:done',
      'sup:review:pending',
    ]);
    expect(w.state.item.result).toBeNull();

    // 督办科 确认: the flow ends, the item takes the result and the system starts the assist flows
    w.complete('sup', 'review', INPUTS.acknowledge);
    expect(w.flow('registration').status).toBe('completed');
    expect(w.state.item).toMatchObject({ status: 'open', result: 'assist', promisedAt: '2026-06-15' });
    expect(w.state.item.assistDepartmentIds).toEqual(['dept-b', 'dept-a']);
    expect(w.handlers()).toEqual(['H:head', 'D:deputy', 'S:staff', 'A:assist', 'B:assist']);
    const assistTask = w.only('A', 'assist_report');
    expect(assistTask.senderId).toBeNull();
    expect(w.state.flows.find((f) => f.id === assistTask.flowId)).toMatchObject({
      kind: 'assist_report',
      initiatorId: null,
      parentFlowId: registration.id,
    });

    // 协办反馈 ▶ the three lead handlers receive 阅知 at the same time
    w.complete('A', 'assist_report', {
      outcome: 'not_done',
      reason: '材料未齐',
      measures: '本周补齐',
      opinion: '已对接',
    });
    const acks = w.pending().filter((t) => t.kind === 'acknowledge');
    expect(acks.map((t) => t.assigneeId).sort()).toEqual(['D', 'H', 'S']);
    expect(new Set(acks.map((t) => t.createdAt.getTime())).size).toBe(1);
    w.complete('S', 'acknowledge', {});
    w.complete('H', 'acknowledge', { opinion: '已阅' });
    expect(w.state.flows.find((f) => f.id === assistTask.flowId)?.status).toBe('active');
    w.complete('D', 'acknowledge', {});
    expect(w.state.flows.find((f) => f.id === assistTask.flowId)?.status).toBe('completed');
    expect(w.state.item.result).toBe('assist'); // assist reports do not change the result

    // 主办反馈 by the deputy: the deputy node is the reporter (skipped), the head approves, 督办科 reviews
    const { flowId } = w.report('D', {
      kind: 'lead',
      outcome: 'not_done',
      reason: '协办单位材料未齐',
      measures: '督促协办单位',
      promisedAt: '2026-07-31',
    });
    expect(w.steps(flowId)).toEqual(['D:handle:done', 'H:approve:pending']);
    w.complete('H', 'approve', INPUTS.approve);
    expect(w.steps(flowId)).toEqual(['D:handle:done', 'H:approve:done', 'sup:review:pending']);
    w.complete('sup', 'review', INPUTS.acknowledge);
    expect(w.state.item).toMatchObject({ status: 'open', result: 'not_done', promisedAt: '2026-07-31' });
  });

  it('§3 head 自办 (申请办结) and 督办科 同意办结 closes the item', () => {
    const w = new World();
    w.register();
    w.complete('H', 'handle', { ...INPUTS.applyClose, opinion: '本部门自办' });
    expect(w.only('sup')).toMatchObject({ kind: 'review', senderId: 'H' });
    w.complete('sup', 'review', INPUTS.close);
    expect(w.state.item).toMatchObject({ status: 'closed', result: 'apply_close', promisedAt: '2026-05-31' });
    expect(w.state.item.closedAt).toEqual(w.state.tasks.at(-1)?.completedAt);
    expect(w.flow('registration').status).toBe('completed');
    expect(w.pending()).toEqual([]);
  });

  it('§3 deputy 自办 (未办结): head approves, 督办科 确认, the item stays open', () => {
    const w = new World();
    w.register();
    w.complete('H', 'handle', INPUTS.delegate('D'));
    w.complete('D', 'handle', INPUTS.notDone);
    expect(w.only('H')).toMatchObject({ kind: 'approve', level: 'head' });
    w.complete('H', 'approve', INPUTS.approve);
    w.complete('sup', 'review', INPUTS.acknowledge);
    expect(w.state.item).toMatchObject({ status: 'open', result: 'not_done' });
    expect(w.steps(w.flow('registration').id)).toEqual([
      'H:handle:done',
      'D:handle:done',
      'H:approve:done',
      'sup:review:done',
    ]);
  });

  it('§3 退回 at every level, then the chain goes up again', () => {
    const w = new World();
    w.register();
    w.complete('H', 'handle', INPUTS.delegate('D'));
    w.complete('D', 'handle', INPUTS.delegate('S'));
    w.complete('S', 'handle', INPUTS.applyClose);
    // D returns: S handles again, pre-filled
    w.complete('D', 'approve', INPUTS.return);
    expect(w.only('S')).toMatchObject({ kind: 'handle', returned: true, prefill: INPUTS.applyClose });
    w.complete('S', 'handle', { ...INPUTS.applyClose, implementation: '已完成改造并验收' });
    w.complete('D', 'approve', { action: 'approve', opinion: '可以' });
    // H returns after D approved: D approves again, pre-filled with D's approval
    w.complete('H', 'approve', INPUTS.return);
    expect(w.only('D')).toMatchObject({
      kind: 'approve',
      returned: true,
      prefill: { action: 'approve', opinion: '可以' },
    });
    w.complete('D', 'approve', INPUTS.approve);
    w.complete('H', 'approve', INPUTS.approve);
    w.complete('sup', 'review', INPUTS.close);
    expect(w.state.item.status).toBe('closed');
    expect(w.state.item.result).toBe('apply_close');
  });
});
