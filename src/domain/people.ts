/**
 * People change: nothing may ever get stuck (spec §10). 领取 (claim a colleague's 督办科 review),
 * 转交 (transfer a pending task), 收回 (take back a delegated 办理 task), 离职交接 (hand a leaving
 * user's work to a successor), 委托 (absences: tasks issued while a user is away go to their deputy)
 * and the list of tasks an administrator must move (pending with a disabled assignee).
 */

import { registrationPerson } from './chain';
import { targetProblem } from './checks';
import { compareDates, isValidDate } from './dates';
import { AppError, conflict, forbidden, notFound, validation } from './errors';
import type { FieldErrors } from './inputs';
import { asRecord, hasErrors, readId, readText, TEXT_LIMITS } from './inputs';
import {
  cancelledMessage,
  claimedMessage,
  completedMessage,
  handlerAddedMessage,
  handlerRemovedMessage,
  reopenedMessage,
  TASK_KIND_LABELS,
  terminatedMessage,
  transferredAwayMessage,
  transferredToYouMessage,
} from './messages';
import { hasRole } from './permissions';
import { Draft, LEVELS_BOTTOM_UP, levelsAbove, personOf, tasksOfFlow } from './state';
import type {
  Actor,
  CommandContext,
  DateString,
  ItemState,
  Level,
  Task,
  TaskTransition,
  Transition,
} from './types';

/** Body of 转交 (POST /api/tasks/:id/transfer). */
export interface TransferInput {
  toUserId: string;
  reason: string;
}

/** Whether the actor may move any pending task (督办管理员) or hand over a user's work (also 系统管理员). */
export function canMoveAnyTask(actor: Actor): boolean {
  return hasRole(actor, 'admin');
}

export function canHandOver(actor: Actor): boolean {
  return hasRole(actor, 'admin') || hasRole(actor, 'sysadmin');
}

/** Whether the user (by id) is unknown or disabled: their pending tasks are stuck until moved. */
function cannotAct(ctx: CommandContext, userId: string): boolean {
  const user = ctx.user(userId);
  return user === undefined || user.disabled;
}

/**
 * The item's pending tasks nobody can act on: the assignee is disabled (or unknown). An admin sees
 * these listed (待转交) and moves each with one 转交; the invariant of §10 is that every pending task
 * is either held by an enabled user or in this list.
 */
export function stuckTasks(state: ItemState, ctx: CommandContext): Task[] {
  if (state.item.status !== 'open') return [];
  return state.tasks.filter((t) => t.state === 'pending' && cannotAct(ctx, t.assigneeId));
}

/**
 * Why `toUserId` cannot take `task` (400 `toUserId`), or undefined: unknown, disabled, the current
 * assignee (转交给自己), or someone the transfer rule of the task's kind excludes.
 */
export function transferProblem(
  state: ItemState,
  task: Task,
  toUserId: string,
  ctx: CommandContext,
): string | undefined {
  const user = ctx.user(toUserId);
  if (!user) return '转交对象不存在';
  if (user.disabled) return `${user.name}已停用`;
  if (toUserId === task.assigneeId) return '不能转交给当前办理人自己';
  return targetProblem(task.kind, state.item, user, ctx);
}

/**
 * Moves a pending task within a draft: the old task is cancelled and marked with the target; a new
 * pending task of the same kind, level and pre-filled values goes to the target (no absence
 * redirect: the target was picked by name). When the target already holds a pending task of the
 * same kind in that flow (two 阅知 of one assist report), theirs covers it and nothing new is issued.
 * The target takes the old assignee's seat in the handler list (same role), unless the old assignee
 * only held the task for an absent user (委托), whose seat stays. Both are told.
 * Answers the new task, or undefined when it was covered.
 */
function moveTask(
  draft: Draft,
  task: Task,
  toUserId: string,
  reason: string,
  senderId: string,
  options: { keepHandlers?: boolean } = {},
): Task | undefined {
  const fromName = draft.ctx.user(task.assigneeId)?.name ?? '原办理人';
  const toName = draft.ctx.user(toUserId)?.name ?? '新办理人';
  const covered = draft.allTasks.some(
    (t) =>
      t.flowId === task.flowId && t.state === 'pending' && t.kind === task.kind && t.assigneeId === toUserId,
  );
  draft.updateTask(task.id, { state: 'cancelled', transferredToId: toUserId });
  if (task.onBehalfOfId === null && !options.keepHandlers) draft.replaceHandler(task.assigneeId, toUserId);
  draft.notify({
    userId: task.assigneeId,
    kind: 'transferred',
    itemId: draft.item.id,
    taskId: task.id,
    message: transferredAwayMessage(draft.item, task.kind, toName, reason),
  });
  if (covered) return undefined;
  const flow = draft.flow(task.flowId);
  return draft.issueTask(
    { flow, kind: task.kind, level: task.level, assigneeId: toUserId, senderId },
    undefined,
    {
      prefill: task.prefill,
      returned: task.returned,
      redirect: false,
      notice: {
        kind: 'transferred',
        message: transferredToYouMessage(draft.item, task.kind, fromName, reason),
      },
    },
  );
}

function readTransfer(input: unknown): { value?: TransferInput; errors: FieldErrors } {
  const raw = asRecord(input);
  const errors: FieldErrors = {};
  const toUserId = readId(raw.toUserId, 'toUserId', errors, true);
  if (errors.toUserId) errors.toUserId = raw.toUserId === undefined ? '请选择转交对象' : '转交对象无效';
  const reason = readText(raw.reason, 'reason', errors, { required: true, max: TEXT_LIMITS.remark });
  if (errors.reason)
    errors.reason =
      reason === undefined && !errors.reason.includes('超过') ? '请填写转交理由' : errors.reason;
  if (hasErrors(errors) || toUserId === undefined || reason === undefined) return { errors };
  return { value: { toUserId, reason }, errors };
}

/**
 * 转交: the assignee of a pending task, or an admin on any pending task, moves it to another enabled
 * user with a reason. Errors, first applicable wins: no such task → 404; neither the assignee nor an
 * admin → 403; `toUserId`/`reason` missing → 400; task no longer pending or item closed → 409; the
 * target breaks the rule of the task's kind (§10), is unknown, disabled, the assignee, or already
 * holds a pending task of this flow → 400 `toUserId`.
 */
export function transferTask(
  state: ItemState,
  actor: Actor,
  taskId: string,
  input: unknown,
  ctx: CommandContext,
): TaskTransition {
  const task = state.tasks.find((t) => t.id === taskId);
  if (!task) throw notFound('待办不存在');
  if (task.assigneeId !== actor.id && !canMoveAnyTask(actor)) {
    throw forbidden('只有该待办的办理人或督办管理员可以转交');
  }
  const { value, errors } = readTransfer(input);
  if (!value) throw validation(errors);
  if (task.state !== 'pending') throw conflict('该待办已处理或已取消');
  if (state.item.status !== 'open') throw conflict('督办事项已办结');
  const problem = transferProblem(state, task, value.toUserId, ctx);
  if (problem) throw validation({ toUserId: problem });

  const draft = new Draft(state, ctx);
  const created = moveTask(draft, task, value.toUserId, value.reason, actor.id);
  const transition = draft.finish([
    {
      action: 'task.transfer',
      itemId: state.item.id,
      detail: {
        taskId: task.id,
        kind: task.kind,
        fromUserId: task.assigneeId,
        toUserId: value.toUserId,
        reason: value.reason,
        created: created ? [created.id] : [],
      },
    },
  ]);
  return { ...transition, task: draft.task(task.id) };
}

/**
 * 领取: a supervisor takes a colleague's pending 督办科 review; the same task (same id) becomes the
 * claimer's and the registrar is told. Errors: no such task → 404; not a supervisor → 403; not a
 * review → 400 `taskId`; no longer pending, item closed, or claimed by someone else already → 409.
 * Claiming a review that is already one's own answers it unchanged (nothing recorded).
 */
export function claimTask(
  state: ItemState,
  actor: Actor,
  taskId: string,
  ctx: CommandContext,
): TaskTransition {
  const task = state.tasks.find((t) => t.id === taskId);
  if (!task) throw notFound('待办不存在');
  if (!hasRole(actor, 'supervisor')) throw forbidden('只有督办员可以领取督办科审核');
  if (task.kind !== 'review') throw validation({ taskId: '只能领取督办科审核待办' });
  if (task.state !== 'pending') throw conflict('该待办已处理或已取消');
  if (state.item.status !== 'open') throw conflict('督办事项已办结');
  if (task.assigneeId === actor.id) {
    return { ...new Draft(state, ctx).finish([], { touch: false }), task };
  }
  if (task.assigneeId !== state.item.registrarId) {
    const holder = ctx.user(task.assigneeId)?.name ?? '其他督办员';
    throw conflict(`该审核已由${holder}领取`);
  }
  const draft = new Draft(state, ctx);
  const claimed = draft.updateTask(task.id, { assigneeId: actor.id, onBehalfOfId: null });
  const claimer = ctx.user(actor.id)?.name ?? '督办员';
  draft.notify({
    userId: task.assigneeId,
    kind: 'transferred',
    itemId: state.item.id,
    taskId: task.id,
    message: claimedMessage(state.item, claimer),
  });
  const transition = draft.finish([
    {
      action: 'task.claim',
      itemId: state.item.id,
      detail: { taskId: task.id, fromUserId: task.assigneeId, toUserId: actor.id },
    },
  ]);
  return { ...transition, task: claimed };
}

/** Whether a pending review is in the 督办科待审核 pool: still with the registrar, not claimed. */
export function isUnclaimedReview(state: ItemState, task: Task): boolean {
  return task.kind === 'review' && task.state === 'pending' && task.assigneeId === state.item.registrarId;
}

const LEVEL_ABOVE = (level: Level): Level | undefined => levelsAbove(level)[0];

/**
 * Who may take back (收回) a delegated handle task: the person at the level above in its
 * registration flow (the one who chose 向下办理), or the deputy who acted for them while they were
 * away. Undefined when the task is no delegated handle task.
 */
function delegatorsOf(
  draft: Pick<Draft, 'flow' | 'flowTasks'>,
  task: Task,
): { level: Level; people: string[] } | undefined {
  const flow = draft.flow(task.flowId);
  if (task.kind !== 'handle' || flow.kind !== 'registration' || !task.level) return undefined;
  const level = LEVEL_ABOVE(task.level);
  if (!level || !LEVELS_BOTTOM_UP.includes(level)) return undefined;
  const record = registrationPerson(draft, flow, level);
  const acting = draft
    .flowTasks(flow.id)
    .filter(
      (t) =>
        t.kind === 'handle' && t.level === level && t.state === 'done' && t.input?.decision === 'delegate',
    )
    .at(-1);
  const people = [record, acting?.assigneeId].filter((id): id is string => id !== undefined);
  return { level, people };
}

/**
 * Whether `actorId` may 收回 `task` now: the checks of `withdrawTask` without running it, so that
 * the item's timeline offers 收回 to the one who delegated (who never sees the delegate's task page).
 */
export function canWithdraw(state: ItemState, actorId: string, task: Task): boolean {
  if (task.state !== 'pending' || state.item.status !== 'open') return false;
  const view = {
    flow: (id: string) => {
      const flow = state.flows.find((f) => f.id === id);
      if (!flow) throw new AppError('internal', `flow ${id} missing from its item`);
      return flow;
    },
    flowTasks: (flowId: string) => tasksOfFlow(state.tasks, flowId),
  };
  return delegatorsOf(view, task)?.people.includes(actorId) ?? false;
}

/**
 * 收回: whoever delegated a handle task (向下办理) takes it back while the delegate has not completed
 * it. The delegate's task is cancelled and they stop being a handler (when this task made them one)
 * and no longer count as in the flow; the withdrawer gets a new handle task at their own level,
 * pre-filled with what they had sent. Errors: no such task → 404; not a delegated 办理 task → 400
 * `taskId`; not the delegator → 403; no longer pending or item closed → 409.
 */
export function withdrawTask(
  state: ItemState,
  actor: Actor,
  taskId: string,
  ctx: CommandContext,
): TaskTransition {
  const task = state.tasks.find((t) => t.id === taskId);
  if (!task) throw notFound('待办不存在');
  const draft = new Draft(state, ctx);
  const delegators = delegatorsOf(draft, task);
  if (!delegators) throw validation({ taskId: '只能收回向下办理的办理待办' });
  if (!delegators.people.includes(actor.id)) throw forbidden('只有向下办理人可以收回');
  if (task.state !== 'pending') throw conflict('该待办已处理或已取消，不能收回');
  if (state.item.status !== 'open') throw conflict('督办事项已办结');

  const flow = draft.flow(task.flowId);
  const delegate = personOf(task);
  draft.updateTask(task.id, { state: 'cancelled' });
  const seat = draft.allHandlers.find((h) => h.userId === delegate);
  const stillWorking = draft.allTasks.some(
    (t) => t.state === 'pending' && (t.assigneeId === delegate || t.onBehalfOfId === delegate),
  );
  if (seat && seat.since.getTime() >= task.createdAt.getTime() && !stillWorking)
    draft.removeHandler(delegate);
  const sent = draft
    .flowTasks(flow.id)
    .filter((t) => t.kind === 'handle' && t.level === delegators.level && t.state === 'done')
    .at(-1);
  const withdrawerName = ctx.user(actor.id)?.name ?? '向下办理人';
  draft.notify({
    userId: task.assigneeId,
    kind: 'cancelled',
    itemId: state.item.id,
    taskId: task.id,
    message: cancelledMessage(state.item, task.kind, `${withdrawerName}已收回`),
  });
  const record = registrationPerson(draft, flow, delegators.level) ?? actor.id;
  const created = draft.issueTask(
    { flow, kind: 'handle', level: delegators.level, assigneeId: record, senderId: actor.id },
    undefined,
    { prefill: sent?.input ?? null },
  );
  const transition = draft.finish([
    {
      action: 'task.withdraw',
      itemId: state.item.id,
      detail: { taskId: task.id, fromUserId: task.assigneeId, created: [created.id] },
    },
  ]);
  return { ...transition, task: draft.task(task.id) };
}

/** What a handover did on one item, for the answer's figures. */
export interface HandoverTransition extends Transition {
  tasksTransferred: number;
  handlerEntriesReplaced: number;
  registrarReplaced: boolean;
}

/** What would move on one item (离职交接 preview): pending tasks, handler seat, registrar. */
export function handoverCounts(
  state: ItemState,
  fromUserId: string,
): { tasks: number; handler: boolean; registrar: boolean } {
  const open = state.item.status === 'open';
  return {
    tasks: state.tasks.filter((t) => t.state === 'pending' && t.assigneeId === fromUserId).length,
    handler: open && state.handlers.some((h) => h.userId === fromUserId),
    registrar: open && state.item.registrarId === fromUserId,
  };
}

/**
 * Why `toUserId` cannot take over `fromUserId`'s work on this item (400 naming the item), or
 * undefined: each pending task's transfer rule, and a supervisor when the registrar moves.
 */
export function handoverProblem(
  state: ItemState,
  fromUserId: string,
  toUserId: string,
  ctx: CommandContext,
): string | undefined {
  const user = ctx.user(toUserId);
  if (!user) return '接替人不存在';
  if (user.disabled) return `${user.name}已停用`;
  for (const task of state.tasks) {
    if (task.state !== 'pending' || task.assigneeId !== fromUserId) continue;
    const problem = targetProblem(task.kind, state.item, user, ctx);
    if (problem) return problem;
  }
  if (
    state.item.status === 'open' &&
    state.item.registrarId === fromUserId &&
    !ctx.isSupervisor?.(toUserId)
  ) {
    return `${user.name}不是督办员，不能接替督办人`;
  }
  return undefined;
}

/**
 * 离职交接 on one item: every pending task of `fromUserId` is transferred to `toUserId` (as 转交),
 * the successor takes the leaver's handler seat on an open item, and
 * becomes its registrar (督办人). Admins and sysadmins (403); successor unknown, disabled or the
 * leaver → 400 `toUserId`; a rule the successor breaks → 400 `toUserId` (the service names the
 * items). A closed item keeps its record.
 */
export function handOver(
  state: ItemState,
  actor: Actor,
  fromUserId: string,
  toUserId: string,
  ctx: CommandContext,
): HandoverTransition {
  if (!canHandOver(actor)) throw forbidden('只有督办管理员或系统管理员可以离职交接');
  if (fromUserId === toUserId) throw validation({ toUserId: '接替人不能是离职人员本人' });
  const problem = handoverProblem(state, fromUserId, toUserId, ctx);
  if (problem) throw validation({ toUserId: `${state.item.number}：${problem}` });

  const draft = new Draft(state, ctx);
  const open = state.item.status === 'open';
  let tasksTransferred = 0;
  let handlerEntriesReplaced = 0;
  const created: string[] = [];
  for (const task of state.tasks) {
    if (task.state !== 'pending' || task.assigneeId !== fromUserId) continue;
    tasksTransferred += 1;
    const moved = moveTask(draft, task, toUserId, '离职交接', actor.id);
    if (moved) created.push(moved.id);
  }
  if (open && state.handlers.some((h) => h.userId === fromUserId)) {
    // moveTask already gave the seat away when a task moved; otherwise it moves here.
    draft.replaceHandler(fromUserId, toUserId);
    handlerEntriesReplaced = 1;
  }
  const registrarReplaced = open && state.item.registrarId === fromUserId;
  if (registrarReplaced) draft.updateItem({ registrarId: toUserId });
  if (tasksTransferred === 0 && handlerEntriesReplaced === 0 && !registrarReplaced) {
    return {
      ...new Draft(state, ctx).finish([], { touch: false }),
      tasksTransferred,
      handlerEntriesReplaced,
      registrarReplaced,
    };
  }
  const transition = draft.finish([
    {
      action: 'item.handover',
      itemId: state.item.id,
      detail: { fromUserId, toUserId, tasksTransferred, handlerEntriesReplaced, registrarReplaced, created },
    },
  ]);
  return { ...transition, tasksTransferred, handlerEntriesReplaced, registrarReplaced };
}

// ---------------------------------------------------------------------------------------------
// 委托 (absences)

/** An absence as stored: on `startsOn`..`endsOn` (inclusive) tasks for `userId` go to `deputyId`. */
export interface Absence {
  id: string;
  userId: string;
  deputyId: string;
  startsOn: DateString;
  endsOn: DateString;
  reason: string | null;
  /** When it was ended early (DELETE); it no longer redirects from then on. */
  endedAt: Date | null;
  /** Ended before it began: it never took effect. */
  cancelled: boolean;
  createdById: string;
  createdAt: Date;
}

/** Body of POST /api/absences. */
export interface AbsenceInput {
  userId?: string;
  deputyId: string;
  startsOn: DateString;
  endsOn: DateString;
  reason?: string;
}

/** Whether the absence redirects tasks today: within its days, not ended early, not cancelled. */
export function isInEffect(absence: Absence, today: DateString): boolean {
  return (
    !absence.cancelled &&
    absence.endedAt === null &&
    compareDates(absence.startsOn, today) <= 0 &&
    compareDates(today, absence.endsOn) <= 0
  );
}

/** The deputy of `userId` today, if an absence of theirs is in effect. */
export function deputyInEffect(
  absences: readonly Absence[],
  userId: string,
  today: DateString,
): string | undefined {
  return absences.find((a) => a.userId === userId && isInEffect(a, today))?.deputyId;
}

/** The days an absence still covers (none once cancelled). */
function coveredDays(absence: Absence): [DateString, DateString] | undefined {
  return absence.cancelled ? undefined : [absence.startsOn, absence.endsOn];
}

/**
 * 登记委托: the user records their own absence, or an admin/sysadmin one of anybody's. Errors: another
 * user's without admin or sysadmin → 403; `userId` unknown, `deputyId` missing/unknown/disabled/the
 * user, dates malformed, `endsOn` before `startsOn` or before today → 400 naming each; overlapping
 * one of the user's absences that still covers days → 409.
 *
 * @param existing the user's absences so far (any state)
 */
export function recordAbsence(
  input: unknown,
  actor: Actor,
  existing: readonly Absence[],
  ctx: CommandContext,
): { absence: Absence; audit: Transition['audit'] } {
  const raw = asRecord(input);
  const errors: FieldErrors = {};
  const userId = raw.userId === undefined || raw.userId === null ? actor.id : raw.userId;
  if (typeof userId !== 'string' || userId === '') errors.userId = '人员无效';
  else if (userId !== actor.id && !canHandOver(actor)) throw forbidden('只能为自己登记委托');
  if (typeof userId === 'string' && userId !== '' && !ctx.user(userId)) errors.userId = '人员不存在';
  const deputyId = readId(raw.deputyId, 'deputyId', errors, true);
  if (errors.deputyId) errors.deputyId = raw.deputyId === undefined ? '请选择代理人' : '代理人无效';
  const dates: Partial<Record<'startsOn' | 'endsOn', DateString>> = {};
  for (const key of ['startsOn', 'endsOn'] as const) {
    const value = raw[key];
    if (value === undefined || value === null || value === '')
      errors[key] = key === 'startsOn' ? '请填写开始日期' : '请填写结束日期';
    else if (!isValidDate(value)) errors[key] = '应为有效日期（YYYY-MM-DD）';
    else dates[key] = value;
  }
  const reason = readText(raw.reason, 'remark', errors, { required: false, max: TEXT_LIMITS.remark });
  if (errors.remark) {
    errors.reason = errors.remark;
    delete errors.remark;
  }
  if (dates.startsOn && dates.endsOn && compareDates(dates.endsOn, dates.startsOn) < 0) {
    errors.endsOn = '结束日期不能早于开始日期';
  } else if (dates.endsOn && compareDates(dates.endsOn, ctx.today) < 0) {
    errors.endsOn = '结束日期不能早于今天';
  }
  if (deputyId !== undefined && !errors.deputyId) {
    const deputy = ctx.user(deputyId);
    if (!deputy) errors.deputyId = '代理人不存在';
    else if (deputy.disabled) errors.deputyId = `${deputy.name}已停用`;
    else if (deputyId === userId) errors.deputyId = '代理人不能是本人';
  }
  if (hasErrors(errors) || typeof userId !== 'string' || !deputyId || !dates.startsOn || !dates.endsOn) {
    throw validation(errors);
  }
  const { startsOn, endsOn } = dates;
  const overlapping = existing.find((a) => {
    if (a.userId !== userId) return false;
    const days = coveredDays(a);
    return days !== undefined && compareDates(days[0], endsOn) <= 0 && compareDates(startsOn, days[1]) <= 0;
  });
  if (overlapping) throw conflict(`与已登记的委托（${overlapping.startsOn} 至 ${overlapping.endsOn}）重叠`);
  const absence: Absence = {
    id: ctx.newId(),
    userId,
    deputyId,
    startsOn,
    endsOn,
    reason: reason ?? null,
    endedAt: null,
    cancelled: false,
    createdById: actor.id,
    createdAt: ctx.now,
  };
  return {
    absence,
    audit: [
      {
        action: 'absence.record',
        itemId: null,
        detail: { absenceId: absence.id, userId, deputyId, startsOn, endsOn, ...(reason ? { reason } : {}) },
      },
    ],
  };
}

/**
 * 结束委托: ends an absence early — shortened to today, and no more redirects from now on — or
 * cancels it when it has not begun. The record stays. The user, an admin or a sysadmin (403); an
 * absence already ended, cancelled or over → 409.
 */
export function endAbsence(
  absence: Absence,
  actor: Actor,
  ctx: CommandContext,
): { absence: Absence; audit: Transition['audit'] } {
  if (absence.userId !== actor.id && !canHandOver(actor)) throw forbidden('只能结束自己的委托');
  if (absence.cancelled || absence.endedAt !== null || compareDates(absence.endsOn, ctx.today) < 0) {
    throw conflict('该委托已结束');
  }
  const begun = compareDates(absence.startsOn, ctx.today) <= 0;
  const next: Absence = begun
    ? { ...absence, endsOn: ctx.today, endedAt: ctx.now }
    : { ...absence, cancelled: true, endedAt: ctx.now };
  return {
    absence: next,
    audit: [
      {
        action: begun ? 'absence.end' : 'absence.cancel',
        itemId: null,
        detail: { absenceId: absence.id, userId: absence.userId, endsOn: next.endsOn },
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Handler changes (督办列表) and telling everyone concerned (§10)

/** A removed handler's pending task and who takes it. */
export interface HandlerMove {
  task: Task;
  toUserId: string;
}

/**
 * Removing a handler who has pending tasks on the item needs a successor for those tasks
 * (`handlerSuccessors[userId]`): without one → 409 `pending_work` naming the tasks; a successor the
 * transfer rule of a task excludes (unknown, disabled, …) → 400 `handlerSuccessors`. Answers the
 * moves to make once the new handler list is in place.
 */
export function planHandlerMoves(
  state: ItemState,
  next: readonly { userId: string }[],
  successors: unknown,
  ctx: CommandContext,
): HandlerMove[] {
  const given = asRecord(successors);
  if (
    successors !== undefined &&
    successors !== null &&
    (typeof successors !== 'object' || Array.isArray(successors))
  ) {
    throw validation({ handlerSuccessors: '接替人应为 {被移除的办理人: 接替人}' });
  }
  const kept = new Set(next.map((h) => h.userId));
  const moves: HandlerMove[] = [];
  const missing: string[] = [];
  const problems: string[] = [];
  for (const handler of state.handlers) {
    if (kept.has(handler.userId)) continue;
    const tasks = state.tasks.filter((t) => t.state === 'pending' && t.assigneeId === handler.userId);
    if (tasks.length === 0) continue;
    const name = ctx.user(handler.userId)?.name ?? handler.userId;
    const to = given[handler.userId];
    if (typeof to !== 'string' || to === '') {
      missing.push(`${name}（${tasks.map((t) => TASK_KIND_LABELS[t.kind]).join('、')}）`);
      continue;
    }
    for (const task of tasks) {
      const problem = transferProblem(state, task, to, ctx);
      if (problem) problems.push(`${name}的接替人：${problem}`);
      else moves.push({ task, toUserId: to });
    }
  }
  if (missing.length > 0) {
    const message = `被移除的办理人尚有待办，请指定接替人：${missing.join('；')}`;
    throw new AppError('pending_work', message, { handlers: message });
  }
  if (problems.length > 0) throw validation({ handlerSuccessors: [...new Set(problems)].join('；') });
  return moves;
}

/** Moves the removed handlers' tasks (the admin's list stays as given) and tells who was added or removed. */
export function applyHandlerChanges(
  draft: Draft,
  before: readonly { userId: string }[],
  after: readonly { userId: string }[],
  moves: readonly HandlerMove[],
  actorId: string,
): void {
  for (const { task, toUserId } of moves)
    moveTask(draft, task, toUserId, '办理人调整', actorId, { keepHandlers: true });
  const old = new Set(before.map((h) => h.userId));
  const now = new Set(after.map((h) => h.userId));
  const tell = (userId: string, kind: 'handler_added' | 'handler_removed') => {
    const user = draft.ctx.user(userId);
    if (!user || user.disabled) return;
    draft.notify({
      userId,
      kind,
      itemId: draft.item.id,
      taskId: null,
      message: kind === 'handler_added' ? handlerAddedMessage(draft.item) : handlerRemovedMessage(draft.item),
    });
  };
  for (const userId of now) if (!old.has(userId)) tell(userId, 'handler_added');
  for (const userId of old) if (!now.has(userId)) tell(userId, 'handler_removed');
}

/**
 * 办结, 结束 or reopened: everyone concerned is told once — the assignee of each task the command
 * cancelled (`cancelled`, naming the task), and the handlers and the registrar who had none
 * (`completed`, `terminated`, `reopened`). Not the one who acted, not disabled users.
 */
export function tellConcerned(
  draft: Draft,
  before: ItemState,
  kind: 'completed' | 'terminated' | 'reopened',
  actorId: string,
  remark?: string,
): void {
  const item = draft.item;
  const told = new Set<string>([actorId]);
  const enabled = (userId: string) => {
    const user = draft.ctx.user(userId);
    return user !== undefined && !user.disabled;
  };
  const why = kind === 'completed' ? '督办事项已办结' : '督办事项已结束督办';
  for (const task of before.tasks) {
    if (task.state !== 'pending' || draft.task(task.id).state !== 'cancelled') continue;
    if (task.assigneeId === actorId || !enabled(task.assigneeId)) continue;
    told.add(task.assigneeId);
    draft.notify({
      userId: task.assigneeId,
      kind: 'cancelled',
      itemId: item.id,
      taskId: task.id,
      message: cancelledMessage(item, task.kind, why),
    });
  }
  const message =
    kind === 'completed'
      ? completedMessage(item)
      : kind === 'terminated'
        ? terminatedMessage(item, remark)
        : reopenedMessage(item, remark ?? '');
  for (const userId of [...draft.allHandlers.map((h) => h.userId), item.registrarId]) {
    if (told.has(userId) || !enabled(userId)) continue;
    told.add(userId);
    draft.notify({ userId, kind, itemId: item.id, taskId: null, message });
  }
}
