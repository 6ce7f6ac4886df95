/**
 * 延期申请 (spec §11): a lead handler asks for a later 办结时间 with a reason (延期理由) and the
 * progress so far (目前进展). The flow runs like a lead report — the levels above the applicant
 * approve or return (duplicates skipped), then 督办科 (the registrar) approves, optionally with an
 * earlier date than asked but still after the current dueAt, or rejects with an opinion. A return
 * gives the applicant a handle task to resubmit or withdraw. At most one extension flow per item.
 *
 * On approval the item's dueAt becomes the approved date and extensionCount grows; originalDueAt
 * never changes. Approved or rejected, the flow ends completed; withdrawn, it ends cancelled.
 */
import { sendBack, sendUp } from './chain';
import { compareDates } from './dates';
import { AppError, conflict, forbidden, validation } from './errors';
import type { FieldErrors } from './inputs';
import { asRecord, hasErrors, readDate, readText, TEXT_LIMITS } from './inputs';
import { Draft, handlerOf, isLeadRole } from './state';
import type {
  Actor,
  CommandContext,
  ExtensionInput,
  Flow,
  ItemState,
  ReportTransition,
  Task,
  TaskAction,
  TaskInput,
} from './types';

/** The pending extension flow of the item, if any (延期审批中). */
export function pendingExtension(state: Pick<ItemState, 'flows'>): Flow | undefined {
  return state.flows.find((f) => f.kind === 'extension' && f.status === 'active');
}

/** 延期理由 and 目前进展 and the date asked for, trimmed; every missing field named. */
function readRequest(raw: Record<string, unknown>, errors: FieldErrors): Partial<ExtensionInput> {
  const newDueAt = readDate(raw.newDueAt, 'newDueAt', errors, true);
  const reason = readText(raw.reason, 'reason', errors, { required: true, max: TEXT_LIMITS.longText });
  const progress = readText(raw.progress, 'progress', errors, { required: true, max: TEXT_LIMITS.longText });
  return {
    ...(newDueAt ? { newDueAt } : {}),
    ...(reason ? { reason } : {}),
    ...(progress ? { progress } : {}),
  };
}

function flowPending(flow: Flow, tasks: readonly Task[]): AppError {
  const task = tasks.find((t) => t.flowId === flow.id && t.state === 'pending');
  return new AppError(
    'flow_pending',
    '本事项已有延期申请正在审批中',
    undefined,
    task ? { taskId: task.id, flowId: flow.id } : { flowId: flow.id },
  );
}

/**
 * Files an extension request. Errors, first applicable wins: not a lead handler → forbidden; a
 * missing or malformed field → validation; the item is closed → conflict; an extension is already
 * pending → flow_pending (409, `detail.taskId`); `newDueAt` not after the current dueAt →
 * validation naming it.
 */
export function requestExtension(
  state: ItemState,
  actor: Actor,
  /** The request as received: read and checked here (every bad field named at once). */
  input: unknown,
  ctx: CommandContext,
): ReportTransition {
  const handler = handlerOf(state.handlers, actor.id);
  if (!handler || !isLeadRole(handler.role)) throw forbidden('只有主办单位的办理人可以申请延期');
  const errors: FieldErrors = {};
  const request = readRequest(asRecord(input), errors);
  if (hasErrors(errors)) throw validation(errors);
  if (state.item.status !== 'open') throw conflict('督办事项已办结，不能申请延期');
  const pending = pendingExtension(state);
  if (pending) throw flowPending(pending, state.tasks);
  if (request.newDueAt && compareDates(request.newDueAt, state.item.dueAt) <= 0) {
    throw validation({ newDueAt: `申请延期的日期应晚于当前办结时间（${state.item.dueAt}）` });
  }

  const draft = new Draft(state, ctx);
  const flow = draft.startFlow('extension', actor.id, null);
  const submitted: TaskInput = { decision: 'self', ...request };
  draft.recordDoneTask(
    { flow, kind: 'handle', level: handler.role, assigneeId: actor.id, senderId: actor.id },
    submitted,
  );
  sendUp(draft, flow, handler.role, actor.id);
  const transition = draft.finish(
    [{ action: 'item.extension.request', itemId: state.item.id, detail: { flowId: flow.id, ...request } }],
    { touch: false },
  );
  return { ...transition, flowId: flow.id };
}

/** What each step of an extension flow offers (`allowed.actions`). */
export function extensionActions(task: Task): TaskAction[] {
  switch (task.kind) {
    case 'approve':
      return ['approve', 'return'];
    case 'review':
      return ['approve', 'reject'];
    case 'handle':
      return ['resubmit', 'withdraw'];
    default:
      return [];
  }
}

/** Reads the body of a step of an extension flow (shape only). */
export function readExtensionTaskInput(
  task: Task,
  input: unknown,
): { value: TaskInput; errors: FieldErrors } {
  const raw = asRecord(input);
  const errors: FieldErrors = {};
  const allowed = extensionActions(task);
  const action = raw.action;
  if (action === undefined || action === null || action === '') {
    errors.action = '请选择处理意见';
    return { value: {}, errors };
  }
  if (!allowed.includes(action as TaskAction)) {
    errors.action = '处理意见无效';
    return { value: {}, errors };
  }
  const opinionRequired = action === 'return' || action === 'reject';
  const opinion = readText(raw.opinion, 'opinion', errors, {
    required: opinionRequired,
    max: TEXT_LIMITS.longText,
  });
  const value: TaskInput = { action: action as TaskAction, ...(opinion ? { opinion } : {}) };
  if (task.kind === 'review' && action === 'approve') {
    const approvedDueAt = readDate(raw.approvedDueAt, 'approvedDueAt', errors, false);
    if (approvedDueAt) value.approvedDueAt = approvedDueAt;
  }
  if (task.kind === 'handle' && action === 'resubmit') {
    Object.assign(value, { decision: 'self' }, readRequest(raw, errors));
  }
  return { value, errors };
}

/** The request the flow currently carries: the latest submission (first or resubmitted). */
function currentRequest(draft: Draft, flow: Flow): Task {
  const request = draft
    .flowTasks(flow.id)
    .filter((t) => t.kind === 'handle' && t.state === 'done' && t.input?.decision === 'self')
    .at(-1);
  if (!request?.input?.newDueAt) throw new AppError('internal', `extension flow ${flow.id} has no request`);
  return request;
}

/**
 * Rules of a step that depend on the item: an approved or resubmitted date must be after the
 * current dueAt, and an approved date not later than the date asked for.
 */
export function checkExtensionStep(state: ItemState, flow: Flow, task: Task, value: TaskInput): FieldErrors {
  const errors: FieldErrors = {};
  const { dueAt } = state.item;
  if (value.action === 'resubmit' && value.newDueAt && compareDates(value.newDueAt, dueAt) <= 0) {
    errors.newDueAt = `申请延期的日期应晚于当前办结时间（${dueAt}）`;
  }
  if (task.kind === 'review' && value.approvedDueAt) {
    const asked = state.tasks
      .filter((t) => t.flowId === flow.id && t.kind === 'handle' && t.state === 'done' && t.input?.newDueAt)
      .at(-1)?.input?.newDueAt;
    if (compareDates(value.approvedDueAt, dueAt) <= 0) {
      errors.approvedDueAt = `批准的日期应晚于当前办结时间（${dueAt}）`;
    } else if (asked && compareDates(value.approvedDueAt, asked) > 0) {
      errors.approvedDueAt = `批准的日期不能晚于申请的日期（${asked}）`;
    }
  }
  return errors;
}

/** Routes a completed step of an extension flow (the task is already marked done in `draft`). */
export function onExtensionStep(draft: Draft, flow: Flow, task: Task, value: TaskInput, actor: Actor): void {
  const request = currentRequest(draft, flow);
  const applicantLevel = request.level;
  if (!applicantLevel) throw new AppError('internal', `extension flow ${flow.id} has no level`);
  if (task.kind === 'approve') {
    if (value.action === 'return') sendBack(draft, flow, task, value.opinion ?? '', actor.id);
    else if (task.level) sendUp(draft, flow, task.level, actor.id);
    return;
  }
  if (task.kind === 'handle') {
    if (value.action === 'withdraw') draft.endFlow(flow.id, 'cancelled');
    else sendUp(draft, flow, applicantLevel, actor.id);
    return;
  }
  if (task.kind !== 'review') return;
  draft.endFlow(flow.id, 'completed');
  const item = draft.item;
  const applicant = request.assigneeId;
  if (value.action === 'approve') {
    const approved = value.approvedDueAt ?? (request.input?.newDueAt as string);
    draft.updateItem({ dueAt: approved, extensionCount: item.extensionCount + 1 });
    draft.notify({
      userId: applicant,
      kind: 'extension_approved',
      itemId: item.id,
      taskId: null,
      message: `【${item.number}】${item.title}：延期申请已批准，办结时间延至${approved}`,
    });
  } else {
    draft.notify({
      userId: applicant,
      kind: 'extension_rejected',
      itemId: item.id,
      taskId: null,
      message: `【${item.number}】${item.title}：延期申请未获批准。${value.opinion ?? ''}`,
    });
  }
}
