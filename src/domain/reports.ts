/**
 * Progress reports (督办反馈, spec §6): a lead handler's 主办反馈 goes up for approval and to 督办科's
 * review; an assisting handler's 协办反馈 goes to every lead handler for 阅知. Reports can be filed
 * again and again while the item is open, and several may run at the same time.
 */
import { askLeadHandlersToAcknowledge, sendUp } from './chain';
import { checkAssistHandlers } from './checks';
import { AppError, conflict, forbidden, validation } from './errors';
import type { FieldErrors } from './inputs';
import { ASSIST_OUTCOMES, asRecord, hasErrors, readDate, readResult, readText, TEXT_LIMITS } from './inputs';
import { REPORT_KIND_LABELS } from './messages';
import { isReportHandler } from './permissions';
import { Draft, handlerOf, isLeadRole, isOpenForReports } from './state';
import type { Actor, CommandContext, ItemState, ReportKind, ReportTransition, TaskInput } from './types';
import { OUTCOMES } from './types';

/**
 * Files a progress report. Errors, first applicable wins: the actor is not a current handler of
 * that kind (lead: head/deputy/staff; assist: assist) → forbidden (with an unknown `kind`: not a
 * handler at all → forbidden, else validation naming `kind`);
 * missing or malformed fields → validation; the item is closed or its registration flow has not
 * ended (not yet open for reports) → conflict; an assisting handler who is not allowed → validation.
 *
 * A lead report starts a `lead_report` flow whose first step is the reporter's handle task, created
 * already done so the history shows the submission; then the approvers above the reporter's role and
 * the registrar's review. An assist report starts an `assist_report` flow: the reporter's task,
 * already done, then one 阅知 task per lead handler.
 */
export function fileReport(
  state: ItemState,
  actor: Actor,
  /** The request as received: read and checked here (every bad field named at once). */
  input: unknown,
  ctx: CommandContext,
): ReportTransition {
  const raw = asRecord(input);
  const kind = raw.kind;
  if (kind !== 'lead' && kind !== 'assist') {
    // Without a kind the 403 cannot be judged per kind; someone who handles nothing here still gets it first.
    if (!handlerOf(state.handlers, actor.id)) throw forbidden('只有本事项的办理人可以反馈');
    throw validation({ kind: '请选择反馈类型（主办反馈或协办反馈）' });
  }
  if (!isReportHandler(state, actor.id, kind)) {
    throw forbidden(
      `只有本事项的${kind === 'lead' ? '主办单位' : '协办单位'}办理人可以${REPORT_KIND_LABELS[kind]}`,
    );
  }

  const errors: FieldErrors = {};
  const result = readResult(raw, kind === 'lead' ? OUTCOMES : ASSIST_OUTCOMES, errors);
  // A new 承诺办结时间 only makes sense for the lead unit, which owns the deadline.
  const promisedAt = kind === 'lead' ? readDate(raw.promisedAt, 'promisedAt', errors, false) : undefined;
  const opinion = readText(raw.opinion, 'opinion', errors, { required: false, max: TEXT_LIMITS.longText });
  if (hasErrors(errors)) throw validation(errors);
  if (state.item.status !== 'open') throw conflict('督办事项已办结，不能再反馈');
  if (!isOpenForReports(state)) throw conflict('督办登记流程尚未结束，暂不能反馈');
  if (kind === 'assist') {
    // Spec §12: one assist report at a time — the system's 协办反馈 task is the place to answer.
    const pending = state.tasks.find(
      (t) => t.kind === 'assist_report' && t.state === 'pending' && t.assigneeId === actor.id,
    );
    if (pending) {
      throw new AppError('flow_pending', '您有一项待处理的协办反馈待办，请在该待办中填写', undefined, {
        taskId: pending.id,
      });
    }
  }
  const stateErrors: FieldErrors = {};
  if (result.outcome === 'assist' && result.assistHandlerIds) {
    checkAssistHandlers(result.assistHandlerIds, state.item, ctx, stateErrors);
  }
  if (hasErrors(stateErrors)) throw validation(stateErrors);

  const report: TaskInput = {
    ...(kind === 'lead' ? { decision: 'self' as const } : {}),
    ...(promisedAt ? { promisedAt } : {}),
    ...result,
    ...(opinion ? { opinion } : {}),
  };
  const draft = new Draft(state, ctx);
  const flowId =
    kind === 'lead' ? startLeadReport(draft, actor, report) : startAssistReport(draft, actor, report);
  const transition = draft.finish([
    {
      action: 'item.report',
      itemId: state.item.id,
      detail: { kind: kind satisfies ReportKind, flowId, input: report },
    },
  ]);
  return { ...transition, flowId };
}

function startLeadReport(draft: Draft, actor: Actor, report: TaskInput): string {
  const role = handlerOf(draft.allHandlers, actor.id)?.role;
  if (!role || !isLeadRole(role)) throw forbidden();
  const flow = draft.startFlow('lead_report', actor.id, null);
  draft.recordDoneTask(
    { flow, kind: 'handle', level: role, assigneeId: actor.id, senderId: actor.id },
    report,
  );
  sendUp(draft, flow, role, actor.id);
  return flow.id;
}

function startAssistReport(draft: Draft, actor: Actor, report: TaskInput): string {
  const flow = draft.startFlow('assist_report', actor.id, null);
  draft.recordDoneTask(
    { flow, kind: 'assist_report', level: null, assigneeId: actor.id, senderId: actor.id },
    report,
  );
  askLeadHandlersToAcknowledge(draft, flow, actor.id);
  return flow.id;
}
