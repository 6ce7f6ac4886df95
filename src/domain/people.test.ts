/** Spec §10, people change: 领取, 转交, 收回, 委托, 离职交接 and the tasks an admin must move. */
import { describe, expect, it } from 'vitest';
import {
  canWithdraw,
  endAbsence,
  handoverCounts,
  isInEffect,
  recordAbsence,
  stuckTasks,
  withdrawTask,
} from './people';
import { actor, errorOf, INPUTS, PEOPLE, World } from './testing';

/** An item whose registration flow waits for 督办科's review (H handled it himself). */
function atReview(): World {
  const w = new World();
  w.register();
  w.complete('H', 'handle', INPUTS.applyClose);
  return w;
}

describe('§10 领取: any supervisor may claim a colleague’s review', () => {
  it('§10 claim: the same task becomes the claimer’s and the registrar is told', () => {
    const w = atReview();
    const review = w.only('sup', 'review');
    const { notifications, audit } = w.claim('sup2', review);
    expect(w.only('sup2', 'review').id).toBe(review.id);
    expect(w.pending('sup')).toEqual([]);
    expect(notifications).toMatchObject([{ userId: 'sup', kind: 'transferred' }]);
    expect(audit).toMatchObject([{ action: 'task.claim', detail: { fromUserId: 'sup', toUserId: 'sup2' } }]);
    w.complete('sup2', 'review', INPUTS.close);
    expect(w.state.item.status).toBe('closed');
  });

  it('§10 claim: one’s own review answers unchanged; a review someone else claimed is a 409', () => {
    const w = atReview();
    const review = w.only('sup', 'review');
    const before = w.state;
    w.claim('sup', review);
    expect(w.state).toEqual(before);
    expect(w.last?.audit).toEqual([]);
    w.claim('sup2', review);
    expect(errorOf(() => w.claim('sup', w.only('sup2', 'review'))).code).toBe('conflict');
  });

  it('§10 claim: not a supervisor → 403, not a review → 400 taskId, no longer pending → 409', () => {
    const w = atReview();
    const review = w.only('sup', 'review');
    expect(errorOf(() => w.claim('adm', review)).code).toBe('forbidden');
    const handle = w.state.tasks.find((t) => t.kind === 'handle');
    if (!handle) throw new Error('no handle task');
    expect(errorOf(() => w.claim('sup2', handle))).toEqual({
      code: 'validation',
      fields: { taskId: expect.any(String) },
    });
    w.complete('sup', 'review', INPUTS.acknowledge);
    expect(errorOf(() => w.claim('sup2', review)).code).toBe('conflict');
  });
});

describe('§10 转交: the assignee or an admin moves a pending task', () => {
  it('§10 transfer: old task cancelled and marked, same kind and level to the target, who takes the handler seat', () => {
    const w = new World();
    w.register();
    const task = w.only('H', 'handle');
    const { created, notifications, audit } = w.transfer('H', task, 'D2', '调岗');
    expect(w.state.tasks.find((t) => t.id === task.id)).toMatchObject({
      state: 'cancelled',
      transferredToId: 'D2',
    });
    expect(created).toMatchObject([
      { kind: 'handle', level: 'head', assigneeId: 'D2', senderId: 'H', state: 'pending' },
    ]);
    expect(w.handlers()).toEqual(['D2:head']);
    expect(notifications.map((n) => `${n.userId}:${n.kind}`).sort()).toEqual([
      'D2:transferred',
      'H:transferred',
    ]);
    expect(audit).toMatchObject([
      { action: 'task.transfer', detail: { fromUserId: 'H', toUserId: 'D2', reason: '调岗' } },
    ]);
    w.complete('D2', 'handle', INPUTS.applyClose);
    expect(w.only('sup', 'review')).toBeDefined();
  });

  it('§10 transfer: later approvals go to the target (the level’s person is the target now)', () => {
    const w = new World();
    w.register();
    w.complete('H', 'handle', INPUTS.delegate('D'));
    w.transfer('D', w.only('D', 'handle'), 'D2');
    w.complete('D2', 'handle', INPUTS.delegate('S'));
    w.complete('S', 'handle', INPUTS.applyClose);
    expect(w.only('D2', 'approve').level).toBe('deputy');
    w.transfer('adm', w.only('D2', 'approve'), 'D');
    w.complete('D', 'approve', INPUTS.approve);
    w.complete('H', 'approve', INPUTS.return);
    expect(w.only('D', 'approve').returned).toBe(true);
  });

  it('§10 transfer: a review goes to a supervisor; the registrar stays the registrar', () => {
    const w = atReview();
    w.transfer('sup', w.only('sup', 'review'), 'sup2');
    expect(w.only('sup2', 'review')).toBeDefined();
    expect(w.state.item.registrarId).toBe('sup');
    expect(errorOf(() => w.transfer('sup2', w.only('sup2', 'review'), 'H')).fields).toHaveProperty(
      'toUserId',
    );
  });

  it.each([
    ['an unknown user', 'ghost'],
    ['a disabled user', 'X'],
    ['the assignee himself (self-transfer)', 'H'],
    ['someone outside the lead department for 办理', 'A'],
  ])('§10 transfer to %s → 400 toUserId', (_, to) => {
    const w = new World();
    w.register();
    expect(errorOf(() => w.transfer('H', w.only('H', 'handle'), to))).toEqual({
      code: 'validation',
      fields: { toUserId: expect.any(String) },
    });
  });

  it('§10 transfer: 协办反馈 only outside the lead department; 阅知 only inside', () => {
    const w = new World();
    w.register();
    w.complete('H', 'handle', INPUTS.assist('A'));
    w.complete('sup', 'review', INPUTS.acknowledge);
    const assist = w.only('A', 'assist_report');
    expect(errorOf(() => w.transfer('A', assist, 'S')).fields).toHaveProperty('toUserId');
    w.transfer('A', assist, 'B');
    w.complete('B', 'assist_report', { outcome: 'not_done', reason: '原因', measures: '措施' });
    const ack = w.only('H', 'acknowledge');
    expect(errorOf(() => w.transfer('H', ack, 'A')).fields).toHaveProperty('toUserId');
    w.transfer('H', ack, 'S');
    expect(w.only('S', 'acknowledge')).toBeDefined();
  });

  it('§10 transfer: neither assignee nor admin → 403; no reason → 400 reason; done task → 409', () => {
    const w = new World();
    w.register();
    const task = w.only('H', 'handle');
    expect(errorOf(() => w.transfer('D', task, 'D2')).code).toBe('forbidden');
    expect(errorOf(() => w.transfer('H', task, 'D2', '  ')).fields).toHaveProperty('reason');
    w.transfer('adm', task, 'D2');
    expect(errorOf(() => w.transfer('adm', task, 'D')).code).toBe('conflict');
  });
});

describe('§10 收回: the delegator takes back a delegated handle task', () => {
  it('§10 withdraw: delegate’s task cancelled, delegate no handler, withdrawer gets a pre-filled handle task and may delegate to them again', () => {
    const w = new World();
    w.register();
    w.complete('H', 'handle', INPUTS.delegate('D'));
    const task = w.only('D', 'handle');
    const { created, notifications } = w.withdraw('H', task);
    expect(w.state.tasks.find((t) => t.id === task.id)?.state).toBe('cancelled');
    expect(w.handlers()).toEqual(['H:head']);
    expect(created).toMatchObject([
      { kind: 'handle', level: 'head', assigneeId: 'H', prefill: INPUTS.delegate('D') },
    ]);
    expect(notifications).toContainEqual(expect.objectContaining({ userId: 'D', kind: 'cancelled' }));
    w.complete('H', 'handle', INPUTS.delegate('D'));
    expect(w.only('D', 'handle').level).toBe('deputy');
  });

  it('§10 withdraw: only the delegator (403); only a delegated 办理 task (400); only while pending (409)', () => {
    const w = new World();
    w.register();
    expect(errorOf(() => w.withdraw('sup', w.only('H', 'handle'))).code).toBe('validation');
    w.complete('H', 'handle', INPUTS.delegate('D'));
    w.complete('D', 'handle', INPUTS.delegate('S'));
    const staff = w.only('S', 'handle');
    expect(errorOf(() => w.withdraw('H', staff)).code).toBe('forbidden');
    w.withdraw('D', staff);
    const deputyTask = w.state.tasks.find(
      (t) => t.kind === 'handle' && t.level === 'deputy' && t.state === 'done',
    );
    if (!deputyTask) throw new Error('no done deputy task');
    expect(errorOf(() => w.withdraw('H', deputyTask)).code).toBe('conflict');
  });
  it('§10 withdraw: canWithdraw (the timeline’s 收回) says yes exactly when withdrawTask would succeed', () => {
    /** Every (person, task) of the world: whether the predicate and the command agree. */
    const disagreements = (w: World) =>
      PEOPLE.flatMap((p) =>
        w.state.tasks.flatMap((task) => {
          let succeeds = true;
          try {
            withdrawTask(w.state, actor(p.id), task.id, w.ctx());
          } catch {
            succeeds = false;
          }
          return canWithdraw(w.state, p.id, task) === succeeds ? [] : [`${p.id} ${task.kind}/${task.level}`];
        }),
      );
    const w = new World();
    w.register();
    expect(disagreements(w)).toEqual([]);
    w.complete('H', 'handle', INPUTS.delegate('D'));
    expect(canWithdraw(w.state, 'H', w.only('D', 'handle'))).toBe(true);
    expect(canWithdraw(w.state, 'D', w.only('D', 'handle'))).toBe(false);
    expect(disagreements(w)).toEqual([]);
    w.complete('D', 'handle', INPUTS.delegate('S'));
    expect(canWithdraw(w.state, 'D', w.only('S', 'handle'))).toBe(true);
    expect(canWithdraw(w.state, 'H', w.only('S', 'handle'))).toBe(false);
    expect(disagreements(w)).toEqual([]);
    w.complete('S', 'handle', INPUTS.applyClose);
    expect(disagreements(w)).toEqual([]);
    // Absent while the deputy delegates for him: both the deputy who acted and the head may.
    const away = new World();
    away.absent('H', 'D2');
    away.register();
    away.complete('D2', 'handle', INPUTS.delegate('D'));
    expect(canWithdraw(away.state, 'D2', away.only('D', 'handle'))).toBe(true);
    expect(canWithdraw(away.state, 'H', away.only('D', 'handle'))).toBe(true);
    expect(disagreements(away)).toEqual([]);
  });
});

describe('§10 委托: tasks issued during an absence go to the deputy', () => {
  it('§10 absence: the head’s new task goes to the deputy, 代 <name> 办理; the head stays the handler of record', () => {
    const w = new World();
    w.absent('H', 'D2');
    w.register();
    const task = w.only('D2', 'handle');
    expect(task).toMatchObject({ level: 'head', onBehalfOfId: 'H' });
    expect(w.handlers()).toEqual(['H:head']);
    expect(w.last?.notifications[0]?.message).toContain('代负责人办理');
    w.complete('D2', 'handle', INPUTS.delegate('D'));
    w.complete('D', 'handle', INPUTS.applyClose);
    // The approval goes to H's seat, still absent today: the deputy again.
    expect(w.only('D2', 'approve')).toMatchObject({ onBehalfOfId: 'H', level: 'head' });
  });

  it('§10 absence: no redirect to a deputy who may not receive it; no second hop', () => {
    const w = new World();
    w.absent('H', 'A');
    w.register();
    expect(w.only('H', 'handle').onBehalfOfId).toBeNull();

    const v = new World();
    v.absent('H', 'D');
    v.absent('D', 'S');
    v.register();
    expect(v.only('D', 'handle').onBehalfOfId).toBe('H');
  });

  it('§10 absence: a review stays with the absent registrar unless the deputy is a supervisor', () => {
    const w = new World();
    w.absent('sup', 'H');
    w.register();
    w.complete('H', 'handle', INPUTS.applyClose);
    expect(w.only('sup', 'review').onBehalfOfId).toBeNull();

    const v = new World();
    v.absent('sup', 'sup2');
    v.register();
    v.complete('H', 'handle', INPUTS.applyClose);
    expect(v.only('sup2', 'review').onBehalfOfId).toBe('sup');
  });

  it('§10 absence rules: own or admin; deputy known, enabled, not oneself; dates in order; overlap → 409', () => {
    const w = new World();
    const ctx = w.ctx();
    const body = { deputyId: 'D', startsOn: '2026-03-10', endsOn: '2026-03-12' };
    expect(errorOf(() => recordAbsence({ ...body, userId: 'S' }, actor('H'), [], ctx)).code).toBe(
      'forbidden',
    );
    expect(
      errorOf(() => recordAbsence({ ...body, deputyId: 'H' }, actor('H'), [], ctx)).fields,
    ).toHaveProperty('deputyId');
    expect(
      errorOf(() => recordAbsence({ ...body, deputyId: 'X' }, actor('H'), [], ctx)).fields,
    ).toHaveProperty('deputyId');
    expect(
      errorOf(() => recordAbsence({ ...body, deputyId: 'ghost' }, actor('H'), [], ctx)).fields,
    ).toHaveProperty('deputyId');
    expect(
      errorOf(() => recordAbsence({ ...body, endsOn: '2026-03-09' }, actor('H'), [], ctx)).fields,
    ).toHaveProperty('endsOn');
    expect(
      errorOf(() => recordAbsence({ ...body, startsOn: '2026-02-30' }, actor('H'), [], ctx)).fields,
    ).toHaveProperty('startsOn');
    const { absence } = recordAbsence(body, actor('H'), [], ctx);
    expect(absence).toMatchObject({ userId: 'H', deputyId: 'D', cancelled: false, endedAt: null });
    const overlap = { ...body, startsOn: '2026-03-12', endsOn: '2026-03-20' };
    expect(errorOf(() => recordAbsence(overlap, actor('H'), [absence], ctx)).code).toBe('conflict');
    expect(
      recordAbsence({ ...overlap, startsOn: '2026-03-13' }, actor('H'), [absence], ctx).absence.startsOn,
    ).toBe('2026-03-13');
    expect(recordAbsence(overlap, actor('adm'), [], ctx).absence.userId).toBe('adm');
  });

  it('§10 ending an absence: begun → shortened to today and no more redirects; not begun → cancelled; twice → 409', () => {
    const w = new World();
    const ctx = w.ctx();
    const running = recordAbsence(
      { deputyId: 'D', startsOn: ctx.today, endsOn: '2026-03-31' },
      actor('H'),
      [],
      ctx,
    ).absence;
    expect(isInEffect(running, ctx.today)).toBe(true);
    const ended = endAbsence(running, actor('H'), ctx).absence;
    expect(ended).toMatchObject({ endsOn: ctx.today, cancelled: false });
    expect(isInEffect(ended, ctx.today)).toBe(false);
    expect(errorOf(() => endAbsence(ended, actor('H'), ctx)).code).toBe('conflict');
    const later = recordAbsence(
      { deputyId: 'D', startsOn: '2026-04-01', endsOn: '2026-04-03' },
      actor('H'),
      [],
      ctx,
    ).absence;
    expect(endAbsence(later, actor('adm'), ctx).absence).toMatchObject({
      cancelled: true,
      endsOn: '2026-04-03',
    });
    expect(errorOf(() => endAbsence(later, actor('S'), ctx)).code).toBe('forbidden');
  });
});

describe('§10 离职交接 and stuck tasks', () => {
  it('§10 handover: pending tasks, handler seat and registrar move to the successor', () => {
    const w = new World();
    w.register();
    w.complete('H', 'handle', INPUTS.delegate('D'));
    expect(handoverCounts(w.state, 'D')).toEqual({ tasks: 1, handler: true, registrar: false });
    const result = w.handOver('D', 'D2');
    expect(result).toMatchObject({
      tasksTransferred: 1,
      handlerEntriesReplaced: 1,
      registrarReplaced: false,
    });
    expect(w.handlers()).toEqual(['H:head', 'D2:deputy']);
    expect(w.only('D2', 'handle').level).toBe('deputy');
    const registrar = w.handOver('sup', 'sup2');
    expect(registrar.registrarReplaced).toBe(true);
    expect(w.state.item.registrarId).toBe('sup2');
  });

  it('§10 handover: the successor must satisfy every rule (400 naming the item); admins and sysadmins only', () => {
    const w = new World();
    w.register();
    const error = errorOf(() => w.handOver('sup', 'H'));
    expect(error.code).toBe('validation');
    expect(error.fields?.toUserId).toContain('DB-2026-0001');
    expect(errorOf(() => w.handOver('H', 'A')).fields?.toUserId).toContain('主办单位');
    expect(errorOf(() => w.handOver('H', 'D2', 'sup')).code).toBe('forbidden');
    expect(errorOf(() => w.handOver('H', 'H')).code).toBe('validation');
  });

  it('§10 stuck: a pending task of a disabled user is listed, and an admin moves it in one action', () => {
    const w = atReview();
    w.disabled.add('sup');
    const stuck = stuckTasks(w.state, w.ctx());
    expect(stuck.map((t) => t.kind)).toEqual(['review']);
    const [review] = stuck;
    if (!review) throw new Error('no stuck review');
    w.transfer('adm', review, 'sup2', '督办人已离职');
    expect(stuckTasks(w.state, w.ctx())).toEqual([]);
  });
});
