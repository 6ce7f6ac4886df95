/**
 * Model-based test (fast-check `fc.commands`): random sequences of commands by random users, valid
 * and invalid, against one item, checking the invariants of spec §9 after every step. The model
 * remembers what the real state must never lose or change, and predicts which error each refused
 * command gets.
 *
 * `MODEL_RUNS` sets the number of runs (default 200, inside `npm test`); `npm run test:model --
 * --runs 10000` runs it deeply. `MODEL_SEED` replays a failure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from './dates';
import { AppError } from './errors';
import { pendingExtension } from './extensions';
import { ASSIST_OUTCOMES, handleDecisions } from './inputs';
import { canWithdraw, isUnclaimedReview, stuckTasks, transferProblem, transferTask } from './people';
import { canEnd, canReopen, canUrge, isReportHandler, reviewActions } from './permissions';
import { refusedBy } from './refusal';
import { isOpenForReports, leadHandlers, registrationFlow, tasksOfFlow } from './state';
import { actor, DEPARTMENTS, PEOPLE, World } from './testing';
import type {
  FlowStatus,
  HandlerRole,
  ItemPatch,
  ItemState,
  Outcome,
  ReportInput,
  Task,
  TaskInput,
  TaskState,
} from './types';
import { HANDLER_ROLES, OUTCOMES } from './types';

const RUNS = Number(process.env.MODEL_RUNS ?? 200);
const SEED = process.env.MODEL_SEED === undefined ? undefined : Number(process.env.MODEL_SEED);
const USER_IDS = PEOPLE.map((p) => p.id);

/** What the real state must keep: every task and flow seen, and how done/cancelled ones looked. */
interface Model {
  status: 'open' | 'closed';
  tasks: Map<string, { state: TaskState; frozen: string | null }>;
  flows: Map<string, FlowStatus>;
  /** When the admin last replaced the handlers: earlier participants may have been removed. */
  handlersEditedAt: number;
}

interface Real {
  world: World;
}

// ---------------------------------------------------------------------------------------------
// Inputs

function pick<T>(list: readonly T[], seed: number): T {
  const value = list[Math.abs(seed) % list.length];
  if (value === undefined) throw new Error('pick from an empty list');
  return value;
}

/** A handling result that passes every check, for the given outcomes. */
function validResult(
  state: ItemState,
  outcomes: readonly Outcome[],
  seed: number,
  disabled: ReadonlySet<string> = new Set(),
): TaskInput {
  const outcome = pick(outcomes, Math.floor(seed / 3));
  if (outcome === 'apply_close') return { outcome, implementation: '已完成' };
  if (outcome === 'not_done') return { outcome, reason: '未完成', measures: '继续推进' };
  const outside = PEOPLE.filter(
    (p) => !p.disabled && !disabled.has(p.id) && p.departmentId !== state.item.leadDepartmentId,
  );
  const first = pick(outside, seed);
  const second = pick(outside, seed * 7 + 1);
  return { outcome, assistHandlerIds: seed % 2 === 0 ? [first.id] : [first.id, second.id] };
}

/** A body the domain must accept for this pending task. */
function validTaskInput(
  state: ItemState,
  task: Task,
  seed: number,
  disabled: ReadonlySet<string> = new Set(),
): TaskInput {
  const flow = state.flows.find((f) => f.id === task.flowId);
  if (!flow) throw new Error('task without flow');
  if (flow.kind === 'extension') {
    // §11 延期申请: approvers approve or return, 督办科 approves or rejects, the applicant resubmits or withdraws.
    if (task.kind === 'approve')
      return seed % 4 === 0 ? { action: 'return', opinion: '请补充' } : { action: 'approve' };
    if (task.kind === 'review')
      return seed % 3 === 0 ? { action: 'reject', opinion: '不予延期' } : { action: 'approve' };
    return seed % 5 === 0 ? { action: 'withdraw' } : { action: 'resubmit', ...extensionAsk(state) };
  }
  switch (task.kind) {
    case 'handle': {
      // 拒签 now and then (§13), rarely enough that most flows still get deep.
      if (handleDecisions(flow, task).includes('refuse') && seed % 5 === 1) {
        return { decision: 'refuse', reason: '不属于本单位职责' };
      }
      if (handleDecisions(flow, task).includes('delegate') && seed % 3 === 0) {
        const taken = new Set(
          tasksOfFlow(state.tasks, flow.id)
            .filter((t) => t.state !== 'cancelled')
            .flatMap((t) => [t.assigneeId, t.onBehalfOfId ?? t.assigneeId]),
        );
        if (flow.initiatorId) taken.add(flow.initiatorId);
        const candidates = PEOPLE.filter(
          (p) =>
            p.departmentId === state.item.leadDepartmentId &&
            !p.disabled &&
            !disabled.has(p.id) &&
            !taken.has(p.id),
        );
        if (candidates.length > 0) return { decision: 'delegate', delegateToId: pick(candidates, seed).id };
      }
      return { decision: 'self', promisedAt: '2026-05-31', ...validResult(state, OUTCOMES, seed, disabled) };
    }
    case 'approve':
      return seed % 4 === 0 ? { action: 'return', opinion: '请修改' } : { action: 'approve' };
    case 'review':
      return reviewActions(state, flow).includes('close') && seed % 3 === 0
        ? { action: 'close' }
        : { action: 'acknowledge' };
    case 'assist_report':
      if (flow.initiatorId === null && seed % 5 === 1) return { outcome: 'refuse', reason: '非本单位职责' };
      return validResult(state, ASSIST_OUTCOMES, seed, disabled);
    case 'acknowledge':
      return seed % 2 === 0 ? {} : { opinion: '已阅' };
    case 'redispatch': {
      const refusal = refusedBy(state);
      const refuser = refusal ? (refusal.onBehalfOfId ?? refusal.assigneeId) : undefined;
      const targets = [
        { leadDepartmentId: DEPARTMENTS.a, headId: 'A' },
        { leadDepartmentId: DEPARTMENTS.lead, headId: 'H' },
        { leadDepartmentId: DEPARTMENTS.lead, headId: 'D' },
      ]
        .filter((t) => t.headId !== refuser && !disabled.has(t.headId))
        // §12: the deputy only where the department has no enabled head to send to, or its head refused (§13).
        .filter(
          (t) =>
            t.headId !== 'D' ||
            disabled.has('H') ||
            (refuser !== undefined &&
              PEOPLE.find((p) => p.id === refuser)?.departmentId === DEPARTMENTS.lead),
        );
      if (seed % 3 === 0 || targets.length === 0) return { action: 'end', remark: '不再督办' };
      return { action: 'resend', ...pick(targets, Math.floor(seed / 3)) };
    }
  }
}

/** A valid 延期申请 body: a month after the current dueAt. */
function extensionAsk(state: ItemState) {
  return { newDueAt: addDays(state.item.dueAt, 31), reason: '需要协调', progress: '已完成一半' };
}

const maybe = <T>(values: T[]) => fc.constantFrom<T | undefined>(...values, undefined);

/** Any body at all: well formed or not, for any task kind. */
const anyInput: fc.Arbitrary<TaskInput> = fc.record(
  {
    decision: maybe(['self', 'delegate', 'refuse', 'bogus']),
    delegateToId: maybe([...USER_IDS, 'ghost', '']),
    promisedAt: maybe(['2026-05-31', '2026-02-30', '']),
    outcome: maybe([...OUTCOMES, 'refuse', 'bogus']),
    implementation: maybe(['已完成', '  ']),
    reason: maybe(['原因', '']),
    measures: maybe(['措施']),
    assistHandlerIds: maybe([['A'], ['S'], [], ['A', 'B'], ['BX']]),
    action: maybe(['approve', 'return', 'acknowledge', 'close', 'resend', 'end', 'bogus']),
    leadDepartmentId: maybe([DEPARTMENTS.lead, DEPARTMENTS.a, 'dept-none']),
    headId: maybe(['H', 'D', 'A', 'X', 'ghost']),
    remark: maybe(['不再督办', '']),
    opinion: maybe(['意见', ' ']),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<TaskInput>;

// ---------------------------------------------------------------------------------------------
// Checks

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

/**
 * The invariants of §9, after every step. `actorId` is who acted in this step: only they can have
 * completed a task in it.
 */
function checkInvariants(model: Model, state: ItemState, actorId: string | null, world?: World): void {
  const tasks = new Map(state.tasks.map((t) => [t.id, t]));
  const flows = new Map(state.flows.map((f) => [f.id, f]));
  expect(state.item.status).toBe(model.status);
  // §12: a closed item is completed or terminated, an open one neither; 结束 never counts as 办结.
  expect(state.item.closeKind === null).toBe(state.item.status === 'open');
  if (state.item.closeKind === 'completed') {
    expect(state.tasks.some((t) => t.kind === 'review' && t.input?.action === 'close')).toBe(true);
  }
  // §11: the registered deadline never moves, whatever the edits and extensions do to dueAt; at most
  // one extension flow is pending.
  expect(state.item.originalDueAt).toBe('2026-06-30');
  expect(
    state.flows.filter((f) => f.kind === 'extension' && f.status === 'active').length,
  ).toBeLessThanOrEqual(1);

  // History only grows; a task completes at most once and then never changes again.
  let newlyDone = 0;
  for (const [id, seen] of model.tasks) {
    const task = tasks.get(id);
    expect(task, `task ${id} disappeared`).toBeDefined();
    if (!task) continue;
    if (seen.state !== 'pending') {
      expect(JSON.stringify(task), `task ${id} changed after it ended`).toBe(seen.frozen);
    } else if (task.state === 'done') {
      newlyDone += 1;
      expect(task.assigneeId, 'only the assignee completes a task').toBe(actorId);
    }
  }
  for (const [id, status] of model.flows) {
    const flow = flows.get(id);
    expect(flow, `flow ${id} disappeared`).toBeDefined();
    if (status !== 'active') expect(flow?.status).toBe(status);
  }
  for (const task of state.tasks) {
    if (!model.tasks.has(task.id) && task.state === 'done') {
      // A report's first step is created done, by the reporter.
      expect(task.assigneeId).toBe(actorId);
      newlyDone += 1;
    }
  }
  expect(newlyDone, 'one step completes at most one task').toBeLessThanOrEqual(1);

  // Every active flow waits for someone; an ended one for nobody. A closed item waits for nobody.
  for (const flow of state.flows) {
    const pending = state.tasks.filter((t) => t.flowId === flow.id && t.state === 'pending').length;
    if (flow.status === 'active')
      expect(pending, `active flow ${flow.seq} has no pending task`).toBeGreaterThan(0);
    else expect(pending, `ended flow ${flow.seq} has a pending task`).toBe(0);
  }
  if (state.item.status === 'closed') expect(state.tasks.filter((t) => t.state === 'pending')).toEqual([]);

  // Task records are coherent.
  for (const task of state.tasks) {
    expect(flows.has(task.flowId)).toBe(true);
    expect(task.completedAt === null).toBe(task.state !== 'done');
    expect(task.input === null).toBe(
      task.state === 'pending' || (task.state === 'cancelled' && task.input === null),
    );
    if (task.returned) expect(task.prefill).not.toBeNull();
  }
  const seqs = state.tasks.map((t) => `${t.flowId}#${t.seq}`);
  expect(new Set(seqs).size).toBe(seqs.length);
  expect(new Set(state.flows.map((f) => f.seq)).size).toBe(state.flows.length);

  // Handlers: each person once; everyone who took part since the admin's last edit is listed.
  const handlerIds = state.handlers.map((h) => h.userId);
  expect(new Set(handlerIds).size).toBe(handlerIds.length);
  // §13: a 拒签 removes the refuser; 重新分派 replaces the lead handlers of earlier registrations.
  const currentRegistration = registrationFlow(state.flows);
  const refusedSince = (task: Task) =>
    state.tasks.some(
      (t) =>
        (t.onBehalfOfId ?? t.assigneeId) === (task.onBehalfOfId ?? task.assigneeId) &&
        t.kind === 'assist_report' &&
        t.input?.outcome === 'refuse' &&
        (t.completedAt?.getTime() ?? 0) >= task.createdAt.getTime(),
    );
  for (const task of state.tasks) {
    if (task.createdAt.getTime() <= model.handlersEditedAt || task.state === 'cancelled') continue;
    const flow = flows.get(task.flowId);
    const tookPart =
      flow?.kind === 'registration' &&
      task.level !== null &&
      flow.id === currentRegistration?.id &&
      flow.status !== 'refused';
    const chosenToAssist = flow?.kind === 'assist_report' && flow.initiatorId === null && !refusedSince(task);
    const person = task.onBehalfOfId ?? task.assigneeId;
    if (tookPart || chosenToAssist) {
      expect(handlerIds, `${person} took part but is no handler`).toContain(person);
    }
  }
  if (state.item.result !== null) expect(OUTCOMES).toContain(state.item.result);
  if (world) checkNothingStuck(state, world);
}

/**
 * §10: every pending task's assignee is an enabled user, or the task is listed for an admin
 * (stuckTasks) and one 转交 by the admin to some enabled user moves it.
 */
function checkNothingStuck(state: ItemState, world: World): void {
  const ctx = world.ctx();
  const stuck = new Set(stuckTasks(state, ctx).map((t) => t.id));
  for (const task of state.tasks) {
    if (task.state !== 'pending') continue;
    const assignee = ctx.user(task.assigneeId);
    if (assignee && !assignee.disabled) continue;
    expect(stuck.has(task.id), `pending ${task.kind} of disabled ${task.assigneeId} is not listed`).toBe(
      true,
    );
    const target = PEOPLE.find((p) => transferProblem(state, task, p.id, ctx) === undefined);
    expect(target, `nobody can take the stuck ${task.kind}`).toBeDefined();
    if (!target) continue;
    const moved = transferTask(state, actor('adm'), task.id, { toUserId: target.id, reason: '离职' }, ctx);
    expect(moved.state.tasks.find((t) => t.id === task.id)?.state).toBe('cancelled');
  }
}

/** Takes in a new state: remembers every task and flow, freezing the ones that have ended. */
function absorb(model: Model, state: ItemState): void {
  for (const task of state.tasks) {
    const frozen = task.state === 'pending' ? null : JSON.stringify(task);
    model.tasks.set(task.id, { state: task.state, frozen });
  }
  for (const flow of state.flows) model.flows.set(flow.id, flow.status);
  model.status = state.item.status;
}

interface Prediction {
  /** The error code the command must get; null = it must succeed; absent = no prediction. */
  code?: string | null;
  /** The item status after a success; absent = unchanged. */
  status?: Model['status'];
  /** What a success tells the model before the invariants are checked. */
  learn?: () => void;
}

/** Applies a step: on success checks and absorbs the new state; on refusal checks nothing changed. */
function step(
  model: Model,
  real: Real,
  actorId: string,
  run: () => void,
  prediction: Prediction = {},
): string | null {
  const before = real.world.state;
  const code = codeOf(run);
  if (prediction.code !== undefined) expect(code).toBe(prediction.code);
  if (code !== null) {
    expect(real.world.state).toBe(before); // the World keeps a state only when the command succeeded
    checkInvariants(model, real.world.state, null);
    return code;
  }
  if (prediction.status) model.status = prediction.status;
  prediction.learn?.();
  checkInvariants(model, real.world.state, actorId, real.world);
  absorb(model, real.world.state);
  return null;
}

// ---------------------------------------------------------------------------------------------
// Commands

type Cmd = fc.Command<Model, Real>;

/** The assignee completes a pending task with a valid body: must succeed. */
class CompleteValid implements Cmd {
  constructor(
    readonly taskSeed: number,
    readonly seed: number,
  ) {}
  check = () => true;
  run(model: Model, real: Real): void {
    const pending = real.world.pending();
    if (pending.length === 0) return;
    const task = pick(pending, this.taskSeed);
    const input = validTaskInput(real.world.state, task, this.seed, real.world.disabled);
    const status = input.action === 'close' || input.action === 'end' ? 'closed' : undefined;
    step(model, real, task.assigneeId, () => real.world.complete(task.assigneeId, task, input), {
      code: null,
      status,
    });
    const done = real.world.state.tasks.find((t) => t.id === task.id);
    expect(done?.state).toBe('done');
    if (input.action === 'close' || input.action === 'end')
      expect(real.world.state.item.status).toBe('closed');
  }
  toString = () => `CompleteValid(${this.taskSeed}, ${this.seed})`;
}

/** Anyone completes any task (pending or not) with any body: the error must follow the contract. */
class CompleteAny implements Cmd {
  constructor(
    readonly taskSeed: number,
    readonly userSeed: number,
    readonly assigneeBias: boolean,
    readonly input: TaskInput,
  ) {}
  check = () => true;
  run(model: Model, real: Real): void {
    const { tasks, item } = real.world.state;
    if (tasks.length === 0) return;
    const task = pick(tasks, this.taskSeed);
    const userId = this.assigneeBias ? task.assigneeId : pick(USER_IDS, this.userSeed);
    const status =
      (task.kind === 'review' && this.input.action === 'close') ||
      (task.kind === 'redispatch' && this.input.action === 'end')
        ? 'closed'
        : undefined;
    const code = step(model, real, userId, () => real.world.complete(userId, task, this.input), { status });
    if (userId !== task.assigneeId) expect(code).toBe('forbidden');
    if (code === null) expect(task.state === 'pending' && item.status === 'open').toBe(true);
    if (code === 'conflict') expect(task.state !== 'pending' || item.status !== 'open').toBe(true);
  }
  toString = () =>
    `CompleteAny(${this.taskSeed}, ${this.userSeed}, ${this.assigneeBias}, ${JSON.stringify(this.input)})`;
}

/** Someone files a report, valid in shape: the model predicts 403, 409 or success. */
class Report implements Cmd {
  constructor(
    readonly userSeed: number,
    readonly kind: 'lead' | 'assist',
    readonly seed: number,
  ) {}
  check = () => true;
  run(model: Model, real: Real): void {
    const state = real.world.state;
    // Mostly current handlers, so that reports often get through.
    const handlers = state.handlers.map((h) => h.userId);
    const userId = pick([...handlers, ...handlers, ...USER_IDS], this.userSeed);
    const result = validResult(
      state,
      this.kind === 'lead' ? OUTCOMES : ASSIST_OUTCOMES,
      this.seed,
      real.world.disabled,
    );
    const input = { kind: this.kind, ...result } as ReportInput;
    const expected = !isReportHandler(state, userId, this.kind)
      ? 'forbidden'
      : state.item.status !== 'open' || !isOpenForReports(state)
        ? 'conflict'
        : this.kind === 'assist' &&
            state.tasks.some(
              (t) => t.kind === 'assist_report' && t.state === 'pending' && t.assigneeId === userId,
            )
          ? 'flow_pending' // §12 one assist report at a time
          : null;
    step(model, real, userId, () => real.world.report(userId, input), { code: expected });
  }
  toString = () => `Report(${this.userSeed}, ${this.kind}, ${this.seed})`;
}

const OFFICE = ['sup', 'sup2', 'adm', 'ldr', 'H', 'A'];

class End implements Cmd {
  constructor(readonly userSeed: number) {}
  check = () => true;
  run(model: Model, real: Real): void {
    const userId = pick(OFFICE, this.userSeed);
    const expected = !canEnd(actor(userId)) ? 'forbidden' : model.status === 'open' ? null : 'conflict';
    step(model, real, userId, () => real.world.end(userId, '结束'), { code: expected, status: 'closed' });
  }
  toString = () => `End(${pick(OFFICE, this.userSeed)})`;
}

class Reopen implements Cmd {
  constructor(readonly userSeed: number) {}
  check = () => true;
  run(model: Model, real: Real): void {
    const userId = pick(OFFICE, this.userSeed);
    const expected = !canReopen(actor(userId)) ? 'forbidden' : model.status === 'closed' ? null : 'conflict';
    step(model, real, userId, () => real.world.reopen(userId), { code: expected, status: 'open' });
  }
  toString = () => `Reopen(${pick(OFFICE, this.userSeed)})`;
}

class Urge implements Cmd {
  constructor(readonly userSeed: number) {}
  check = () => true;
  run(model: Model, real: Real): void {
    const userId = pick(OFFICE, this.userSeed);
    const state = real.world.state;
    const expected = !canUrge(actor(userId)) ? 'forbidden' : model.status === 'open' ? null : 'conflict';
    const open = real.world.pending();
    const pending = new Set(open.filter((t) => t.kind !== 'review').map((t) => t.assigneeId));
    step(model, real, userId, () => real.world.urge(userId), { code: expected });
    if (expected === null) {
      const told = new Set(real.world.last?.notifications.map((n) => n.userId));
      // §11: never the urger, never 督办科's own review tasks; lead handlers only when nothing is pending.
      const audience = open.length > 0 ? pending : new Set(leadHandlers(state.handlers).map((h) => h.userId));
      audience.delete(userId);
      for (const id of audience) {
        expect(told.has(id) || id === 'X' || id === 'BX' || real.world.disabled.has(id)).toBe(true);
      }
      for (const id of told) expect(audience.has(id)).toBe(true);
    }
  }
  toString = () => `Urge(${pick(OFFICE, this.userSeed)})`;
}

/** Someone asks for an extension (延期申请): the model predicts 403, 409, flow_pending or success. */
class RequestExtension implements Cmd {
  constructor(readonly userSeed: number) {}
  check = () => true;
  run(model: Model, real: Real): void {
    const state = real.world.state;
    const handlers = state.handlers.map((h) => h.userId);
    const userId = pick([...handlers, ...handlers, ...USER_IDS], this.userSeed);
    const role = state.handlers.find((h) => h.userId === userId)?.role;
    const expected =
      role === undefined || role === 'assist'
        ? 'forbidden'
        : state.item.status !== 'open'
          ? 'conflict'
          : pendingExtension(state)
            ? 'flow_pending'
            : null;
    step(model, real, userId, () => real.world.extend(userId, extensionAsk(state)), { code: expected });
  }
  toString = () => `RequestExtension(${this.userSeed})`;
}

/** Anyone replaces the handler list: only admins may; duplicates are refused. */
class EditHandlers implements Cmd {
  constructor(
    readonly userSeed: number,
    readonly entries: [number, number][],
  ) {}
  check = () => true;
  run(model: Model, real: Real): void {
    const userId = pick(['adm', 'adm', 'sup'], this.userSeed);
    const handlers = this.entries.map(([u, r]) => ({
      userId: pick(USER_IDS, u),
      role: pick(HANDLER_ROLES, r),
    }));
    const duplicate = new Set(handlers.map((h) => h.userId)).size !== handlers.length;
    // §10: removing a handler who still has pending tasks needs a successor.
    const kept = new Set(handlers.map((h) => h.userId));
    const state = real.world.state;
    const orphaned = state.handlers.some(
      (h) =>
        !kept.has(h.userId) && state.tasks.some((t) => t.state === 'pending' && t.assigneeId === h.userId),
    );
    const expected =
      userId !== 'adm' ? 'forbidden' : duplicate ? 'validation' : orphaned ? 'pending_work' : null;
    const learn = () => {
      model.handlersEditedAt = real.world.state.item.updatedAt.getTime();
    };
    const code = step(model, real, userId, () => real.world.edit({ handlers }, userId), {
      code: expected,
      learn,
    });
    if (code === null) {
      expect(real.world.state.handlers.map((h) => `${h.userId}:${h.role}`).sort()).toEqual(
        handlers.map((h) => `${h.userId}:${h.role}`).sort(),
      );
    }
  }
  toString = () => `EditHandlers(${this.userSeed}, ${JSON.stringify(this.entries)})`;
}

/** The admin edits basic fields, the result or the promise; valid or not. */
class EditFields implements Cmd {
  constructor(readonly patch: ItemPatch) {}
  check = () => true;
  run(model: Model, real: Real): void {
    const code = step(model, real, 'adm', () => real.world.edit(this.patch));
    expect([null, 'validation']).toContain(code);
  }
  toString = () => `EditFields(${JSON.stringify(this.patch)})`;
}

// ---------------------------------------------------------------------------------------------
// §10 commands: 转交, 领取, 收回, 委托, 离职交接, and a user disabled without handover

/** Anyone transfers any task to anyone: the model predicts 403, 409, 400 or success. */
class Transfer implements Cmd {
  constructor(
    readonly taskSeed: number,
    readonly who: 'assignee' | 'admin' | 'other',
    readonly targetSeed: number,
  ) {}
  check = () => true;
  run(model: Model, real: Real): void {
    const state = real.world.state;
    if (state.tasks.length === 0) return;
    const task = pick(state.tasks, this.taskSeed);
    const userId =
      this.who === 'assignee' ? task.assigneeId : this.who === 'admin' ? 'adm' : pick(OFFICE, this.taskSeed);
    const toUserId = pick([...USER_IDS, 'ghost'], this.targetSeed);
    const mayMove = userId === task.assigneeId || userId === 'adm';
    const expected = !mayMove
      ? 'forbidden'
      : task.state !== 'pending' || state.item.status !== 'open'
        ? 'conflict'
        : transferProblem(state, task, toUserId, real.world.ctx())
          ? 'validation'
          : null;
    const learn = () => {
      model.handlersEditedAt = real.world.state.item.updatedAt.getTime();
    };
    const code = step(model, real, userId, () => real.world.transfer(userId, task, toUserId), {
      code: expected,
      learn,
    });
    if (code === null) {
      const after = real.world.state.tasks.find((t) => t.id === task.id);
      expect(after).toMatchObject({ state: 'cancelled', transferredToId: toUserId });
      expect(real.world.pending(toUserId).some((t) => t.flowId === task.flowId && t.kind === task.kind)).toBe(
        true,
      );
    }
  }
  toString = () => `Transfer(${this.taskSeed}, ${this.who}, ${this.targetSeed})`;
}

/** A supervisor (or not) claims a task: only unclaimed pending reviews move. */
class Claim implements Cmd {
  constructor(
    readonly taskSeed: number,
    readonly userSeed: number,
  ) {}
  check = () => true;
  run(model: Model, real: Real): void {
    const state = real.world.state;
    if (state.tasks.length === 0) return;
    const reviews = state.tasks.filter((t) => t.kind === 'review');
    const task = pick(reviews.length > 0 && this.taskSeed % 4 !== 0 ? reviews : state.tasks, this.taskSeed);
    const userId = pick(OFFICE, this.userSeed);
    const expected = !actor(userId).roles.includes('supervisor')
      ? 'forbidden'
      : task.kind !== 'review'
        ? 'validation'
        : task.state !== 'pending' || state.item.status !== 'open'
          ? 'conflict'
          : task.assigneeId === userId || isUnclaimedReview(state, task)
            ? null
            : 'conflict';
    const code = step(model, real, userId, () => real.world.claim(userId, task), { code: expected });
    if (code === null) expect(real.world.state.tasks.find((t) => t.id === task.id)?.assigneeId).toBe(userId);
  }
  toString = () => `Claim(${this.taskSeed}, ${pick(OFFICE, this.userSeed)})`;
}

/** Someone takes back a task: success only for the delegator of a pending delegated handle task. */
class Withdraw implements Cmd {
  constructor(
    readonly taskSeed: number,
    readonly userSeed: number,
  ) {}
  check = () => true;
  run(model: Model, real: Real): void {
    const state = real.world.state;
    const handles = state.tasks.filter((t) => t.kind === 'handle' && t.level !== 'head');
    if (handles.length === 0) return;
    const task = pick(handles, this.taskSeed);
    const senders = state.tasks
      .filter((t) => t.flowId === task.flowId && t.level !== null)
      .map((t) => t.assigneeId);
    const userId = pick([...senders, ...USER_IDS], this.userSeed);
    const learn = () => {
      model.handlersEditedAt = real.world.state.item.updatedAt.getTime();
    };
    // What the timeline offers (canWithdraw) is exactly what the command then allows.
    const offered = canWithdraw(state, userId, task);
    const code = step(model, real, userId, () => real.world.withdraw(userId, task), { learn });
    expect([null, 'validation', 'forbidden', 'conflict']).toContain(code);
    expect(code === null).toBe(offered);
    if (code === null) {
      expect(task.state).toBe('pending');
      expect(real.world.state.tasks.find((t) => t.id === task.id)?.state).toBe('cancelled');
      expect(real.world.last?.created).toMatchObject([{ kind: 'handle', state: 'pending' }]);
    }
  }
  toString = () => `Withdraw(${this.taskSeed}, ${this.userSeed})`;
}

/** A user records an absence for today with a deputy (refused when it overlaps or is invalid). */
class Absent implements Cmd {
  constructor(
    readonly userSeed: number,
    readonly deputySeed: number,
  ) {}
  check = () => true;
  run(_model: Model, real: Real): void {
    const userId = pick(LEAVERS, this.userSeed);
    const deputyId = pick(USER_IDS, this.deputySeed);
    const code = codeOf(() => real.world.absent(userId, deputyId));
    expect([null, 'validation', 'conflict']).toContain(code);
  }
  toString = () => `Absent(${pick(LEAVERS, this.userSeed)}, ${pick(USER_IDS, this.deputySeed)})`;
}

/** People who may leave or be away; each has a colleague who can take any of their work. */
const LEAVERS = ['H', 'D', 'S', 'sup', 'A'];

/** 离职交接 then disabling the leaver: afterwards they hold nothing on the open item. */
class Leave implements Cmd {
  constructor(
    readonly userSeed: number,
    readonly successorSeed: number,
  ) {}
  check = () => true;
  run(model: Model, real: Real): void {
    const from = pick(LEAVERS, this.userSeed);
    const to = pick(USER_IDS, this.successorSeed);
    const learn = () => {
      model.handlersEditedAt = real.world.state.item.updatedAt.getTime();
    };
    const code = step(model, real, 'adm', () => real.world.handOver(from, to), { learn });
    expect([null, 'validation']).toContain(code);
    if (code !== null) return;
    real.world.disabled.add(from);
    const state = real.world.state;
    expect(real.world.pending(from)).toEqual([]);
    if (state.item.status === 'open') {
      expect(state.handlers.map((h) => h.userId)).not.toContain(from);
      expect(state.item.registrarId).not.toBe(from);
    }
    checkInvariants(model, state, null, real.world);
  }
  toString = () => `Leave(${pick(LEAVERS, this.userSeed)}, ${pick(USER_IDS, this.successorSeed)})`;
}

/** A user is disabled without a handover (the directory sync): their work must be listed for an admin. */
class DisableWithoutHandover implements Cmd {
  constructor(readonly userSeed: number) {}
  check = () => true;
  run(model: Model, real: Real): void {
    real.world.disabled.add(pick(LEAVERS, this.userSeed));
    checkInvariants(model, real.world.state, null, real.world);
  }
  toString = () => `DisableWithoutHandover(${pick(LEAVERS, this.userSeed)})`;
}

const seed = fc.nat({ max: 10_000 });
const commands = [
  // Valid completions dominate so that flows get deep; the rest probe refusals and interference.
  ...Array.from({ length: 8 }, () => fc.tuple(seed, seed).map(([t, s]) => new CompleteValid(t, s))),
  ...Array.from({ length: 2 }, () =>
    fc.tuple(seed, seed, fc.boolean(), anyInput).map(([t, u, b, i]) => new CompleteAny(t, u, b, i)),
  ),
  ...Array.from({ length: 2 }, () =>
    fc
      .tuple(seed, fc.constantFrom('lead' as const, 'assist' as const), seed)
      .map(([u, k, s]) => new Report(u, k, s)),
  ),
  seed.map((u) => new End(u)),
  seed.map((u) => new Reopen(u)),
  seed.map((u) => new Urge(u)),
  seed.map((u) => new RequestExtension(u)),
  fc
    .tuple(seed, fc.array(fc.tuple(seed, seed), { maxLength: 5 }))
    .map(([u, entries]) => new EditHandlers(u, entries)),
  fc
    .record(
      {
        title: fc.constantFrom('新标题', '', '督'.repeat(201)),
        dueAt: fc.constantFrom('2026-04-30', '2026-02-01', 'x'),
        result: fc.constantFrom<Outcome | null | 'bogus'>(...OUTCOMES, null, 'bogus'),
        promisedAt: fc.constantFrom('2026-05-01', null, '2026-02-30'),
        leadDepartmentId: fc.constantFrom(DEPARTMENTS.lead, DEPARTMENTS.a),
      },
      { requiredKeys: [] },
    )
    .map((patch) => new EditFields(patch as ItemPatch)),
  // §10
  fc
    .tuple(seed, fc.constantFrom('assignee' as const, 'admin' as const, 'other' as const), seed)
    .map(([t, w, u]) => new Transfer(t, w, u)),
  fc.tuple(seed, seed).map(([t, u]) => new Claim(t, u)),
  fc.tuple(seed, seed).map(([t, u]) => new Withdraw(t, u)),
  fc.tuple(seed, seed).map(([u, d]) => new Absent(u, d)),
  fc.tuple(seed, seed).map(([u, s]) => new Leave(u, s)),
  seed.map((u) => new DisableWithoutHandover(u)),
];

describe('model-based: random command sequences keep the invariants of §9 and §10', () => {
  it(`§9 and §10 invariants hold after every step (${RUNS} runs)`, {
    timeout: Math.max(30_000, RUNS * 100),
  }, () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 60, size: 'max' }), (cmds) => {
        const world = new World();
        world.register({ assistDepartmentIds: [DEPARTMENTS.b] });
        const model: Model = { status: 'open', tasks: new Map(), flows: new Map(), handlersEditedAt: 0 };
        absorb(model, world.state);
        fc.modelRun(() => ({ model, real: { world } }), cmds);
      }),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
  });

  it('the model test reaches deep states (guards against a generator that stalls early)', () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 60, size: 'max' }), (cmds) => {
        const world = new World();
        world.register();
        const model: Model = { status: 'open', tasks: new Map(), flows: new Map(), handlersEditedAt: 0 };
        absorb(model, world.state);
        fc.modelRun(() => ({ model, real: { world } }), cmds);
        for (const task of world.state.tasks) reached.add(`${task.kind}:${task.state}`);
        for (const flow of world.state.flows) reached.add(`${flow.kind}:${flow.status}`);
        if (world.state.tasks.some((t) => t.returned)) reached.add('returned');
        if (world.state.tasks.some((t) => t.input?.action === 'close')) reached.add('closed by review');
        if (world.state.item.extensionCount > 0) reached.add('extended');
        if (world.state.tasks.some((t) => t.input?.action === 'resubmit'))
          reached.add('extension resubmitted');
        if (world.state.tasks.some((t) => t.input?.decision === 'delegate' && t.level === 'deputy')) {
          reached.add('delegated twice');
        }
        if (world.state.tasks.some((t) => t.transferredToId !== null)) reached.add('transferred');
        if (world.state.tasks.some((t) => t.onBehalfOfId !== null)) reached.add('on behalf');
        if (
          world.state.tasks.some((t) => t.kind === 'review' && t.assigneeId !== world.state.item.registrarId)
        ) {
          reached.add('review claimed or moved');
        }
      }),
      { numRuns: 200, seed: 42 },
    );
    for (const expected of [
      'handle:done',
      'approve:done',
      'review:done',
      'assist_report:done',
      'acknowledge:done',
      'handle:cancelled',
      'registration:completed',
      'lead_report:completed',
      'assist_report:completed',
      'lead_report:cancelled',
      'extension:completed',
      'extension:cancelled',
      'extended',
      'returned',
      'closed by review',
      'delegated twice',
      'registration:refused',
      'assist_report:refused',
      'redispatch:completed',
      'transferred',
      'on behalf',
      'review claimed or moved',
    ]) {
      expect(reached, expected).toContain(expected);
    }
  });
});

// The handler roles generator must cover every role, or EditHandlers would test less than it claims.
void (HANDLER_ROLES satisfies readonly HandlerRole[]);
