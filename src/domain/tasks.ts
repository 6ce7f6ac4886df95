/**
 * Completing a task (处理待办): handle (办理), approve (审批), review (督办科审核), assist_report
 * (协办反馈) and acknowledge (阅知), with the rules of spec §3–§6 and the contract's error order.
 */
import { askLeadHandlersToAcknowledge, sendBack, sendUp, startAssistFlows } from './chain';
import { checkAssistHandlers, checkDelegate } from './checks';
import { AppError, conflict, forbidden, notFound, validation } from './errors';
import { checkExtensionStep, onExtensionStep, readExtensionTaskInput } from './extensions';
import type { FieldErrors } from './inputs';
import { hasErrors, readTaskInput } from './inputs';
import { tellConcerned } from './people';
import { reviewActions } from './permissions';
import { checkResend, onAssistRefused, onRedispatchEnd, onRegistrationRefused, onResend } from './refusal';
import { currentResultTask, Draft, personOf, tasksOfFlow } from './state';
import type { Actor, CommandContext, Flow, ItemState, Level, Task, TaskInput, TaskTransition } from './types';

/**
 * Completes a pending task as its assignee. Errors, first applicable wins: the task is not on this
 * item → not_found; the actor is not the assignee → forbidden; the body is malformed or misses a
 * required field → validation (every field named); the task is no longer pending or the item is
 * closed → conflict; the values clash with the flow's state or with other users (delegating to
 * someone already in the flow, an assisting handler from the lead department, 同意办结 without
 * 申请办结) → validation.
 *
 * @param input the request body for the task's kind (see api-contract.md, Tasks)
 */
export function completeTask(
  state: ItemState,
  actor: Actor,
  taskId: string,
  input: unknown,
  ctx: CommandContext,
): TaskTransition {
  const task = state.tasks.find((t) => t.id === taskId);
  if (!task) throw notFound('待办不存在');
  if (task.assigneeId !== actor.id) throw forbidden('只有该待办的办理人可以处理');
  const flow = state.flows.find((f) => f.id === task.flowId);
  if (!flow) throw new AppError('internal', `task ${task.id} has no flow`);

  const extension = flow.kind === 'extension';
  const { value, errors } = extension
    ? readExtensionTaskInput(task, input)
    : readTaskInput(flow, task, input);
  if (hasErrors(errors)) throw validation(errors);
  if (task.state !== 'pending') throw conflict('该待办已处理或已取消');
  if (state.item.status !== 'open') throw conflict('督办事项已办结');
  const stateErrors = extension
    ? checkExtensionStep(state, flow, task, value)
    : checkAgainstState(state, actor, flow, task, value, ctx);
  if (hasErrors(stateErrors)) throw validation(stateErrors);

  const draft = new Draft(state, ctx);
  draft.completeTask(task.id, value);
  if (extension) onExtensionStep(draft, flow, task, value, actor);
  else
    switch (task.kind) {
      case 'handle':
        onHandle(draft, flow, task, value, actor);
        break;
      case 'approve':
        onApprove(draft, flow, task, value, actor);
        break;
      case 'review':
        onReview(draft, flow, value);
        if (value.action === 'close') tellConcerned(draft, state, 'completed', actor.id);
        break;
      case 'assist_report':
        // A deputy (委托) refuses for the person of record: that person's seat is the one to go.
        if (value.outcome === 'refuse') onAssistRefused(draft, flow, value, personOf(task));
        else askLeadHandlersToAcknowledge(draft, flow, actor.id);
        break;
      case 'acknowledge':
        draft.completeFlowIfSettled(flow.id);
        break;
      case 'redispatch':
        if (value.action === 'end') {
          onRedispatchEnd(draft, flow);
          tellConcerned(draft, state, 'terminated', actor.id, value.remark);
        } else onResend(draft, flow, value, actor.id);
        break;
    }
  const transition = draft.finish([]);
  const done = draft.task(task.id);
  const cancelled = transition.state.tasks.filter(
    (t) => t.state === 'cancelled' && state.tasks.find((old) => old.id === t.id)?.state === 'pending',
  );
  transition.audit.push({
    action: 'task.complete',
    itemId: state.item.id,
    detail: {
      taskId: task.id,
      flowId: flow.id,
      kind: task.kind,
      input: value,
      // 委托: the deputy acted for the person of record (代 <name> 办理 in the item's history).
      ...(task.onBehalfOfId ? { onBehalfOfId: task.onBehalfOfId } : {}),
      created: transition.created.map((t) => t.id),
      ...(cancelled.length > 0 ? { cancelled: cancelled.map((t) => t.id) } : {}),
      ...(transition.state.item.status === 'closed' ? { itemClosed: true } : {}),
    },
  });
  return { ...transition, task: done };
}

function checkAgainstState(
  state: ItemState,
  actor: Actor,
  flow: Flow,
  task: Task,
  value: TaskInput,
  ctx: CommandContext,
): FieldErrors {
  const errors: FieldErrors = {};
  if (task.kind === 'handle' && value.decision === 'delegate' && value.delegateToId) {
    checkDelegate(
      value.delegateToId,
      actor.id,
      state.item,
      flow,
      tasksOfFlow(state.tasks, flow.id),
      ctx,
      errors,
    );
  }
  if (value.outcome === 'assist' && value.assistHandlerIds) {
    checkAssistHandlers(value.assistHandlerIds, state.item, ctx, errors);
  }
  if (task.kind === 'redispatch' && value.action === 'resend') checkResend(state, value, ctx, errors);
  if (task.kind === 'review' && value.action === 'close' && !reviewActions(state, flow).includes('close')) {
    errors.action = '办理结果为申请办结时才能同意办结';
  }
  return errors;
}

/** The chain level of a handle or approve task, which is never null for those kinds. */
function levelOf(task: Task): Level {
  if (!task.level) throw new AppError('internal', `task ${task.id} has no level`);
  return task.level;
}

/** 向下办理 goes one level down: head ▶ deputy ▶ staff; the staff level cannot delegate. */
const LEVEL_BELOW: Readonly<Record<Level, Level | undefined>> = {
  head: 'deputy',
  deputy: 'staff',
  staff: undefined,
};

function onHandle(draft: Draft, flow: Flow, task: Task, value: TaskInput, actor: Actor): void {
  const level = levelOf(task);
  if (value.decision === 'refuse') {
    onRegistrationRefused(draft, flow, value, personOf(task));
    return;
  }
  if (value.decision === 'delegate' && value.delegateToId) {
    const next = LEVEL_BELOW[level];
    if (!next) throw new AppError('internal', `level ${level} cannot delegate`);
    draft.issueTask({
      flow,
      kind: 'handle',
      level: next,
      assigneeId: value.delegateToId,
      senderId: actor.id,
    });
    return;
  }
  sendUp(draft, flow, level, actor.id);
}

function onApprove(draft: Draft, flow: Flow, task: Task, value: TaskInput, actor: Actor): void {
  if (value.action === 'return') {
    sendBack(draft, flow, task, value.opinion ?? '', actor.id);
    return;
  }
  sendUp(draft, flow, levelOf(task), actor.id);
}

/**
 * 督办科审核 ends the flow and gives the item the flow's handling result and 承诺办结时间 (when one
 * was given; otherwise the earlier promise stands). 同意办结 closes the item and cancels all other
 * open work; 确认 of an 其他单位协办 result starts the assist flows.
 */
function onReview(draft: Draft, flow: Flow, value: TaskInput): void {
  const result = currentResultTask(draft.allTasks, flow.id)?.input;
  if (!result?.outcome || result.outcome === 'refuse') {
    throw new AppError('internal', `flow ${flow.id} reached review without a result`);
  }
  draft.endFlow(flow.id, 'completed');
  draft.updateItem({ result: result.outcome, promisedAt: result.promisedAt ?? draft.item.promisedAt });
  if (value.action === 'close') {
    draft.updateItem({ status: 'closed', closedAt: draft.ctx.now, closeKind: 'completed' });
    draft.cancelOpenWork();
  } else if (result.outcome === 'assist') {
    startAssistFlows(draft, flow, result.assistHandlerIds ?? []);
  }
}
