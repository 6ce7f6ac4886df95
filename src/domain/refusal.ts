/**
 * 拒签 and 重新分派 (spec §13): the head an item was sent to refuses it, the registrar sends it to
 * another department or head (or ends it); an assisting handler refuses a system 协办反馈. Every
 * function writes into a `Draft` after `completeTask` has checked the body and marked the task done.
 */
import type { FieldErrors } from './inputs';
import { assistRefusedMessage, redispatchMessage, refusedMessage } from './messages';
import type { Draft } from './state';
import { isLeadRole, leadHandlers, personOf, registrationFlow } from './state';
import type { CommandContext, Flow, ItemState, Task, TaskInput } from './types';

/** Who refused the item's latest registration flow, if it ended with 拒签. */
export function refusedBy(state: Pick<ItemState, 'flows' | 'tasks'>): Task | undefined {
  const flow = registrationFlow(state.flows);
  if (flow?.status !== 'refused') return undefined;
  return state.tasks.find((t) => t.flowId === flow.id && t.input?.decision === 'refuse');
}

/** Whether the item ever completed a registration flow (reviewed by 督办科). */
export function completedRegistration(state: Pick<ItemState, 'flows'>): boolean {
  return state.flows.some((f) => f.kind === 'registration' && f.status === 'completed');
}

/**
 * Starts a 重新分派 flow: one `redispatch` task for the registrar. `refusal` is the 拒签 that caused
 * it (its flow becomes the parent, its reason goes into the notification); without one it follows
 * a reopening.
 */
export function startRedispatch(
  draft: Draft,
  senderId: string,
  refusal?: { flow: Flow; reason: string },
): void {
  const flow = draft.startFlow('redispatch', null, refusal?.flow.id ?? null);
  const refuserName = draft.ctx.user(senderId)?.name ?? '';
  draft.issueTask(
    { flow, kind: 'redispatch', level: null, assigneeId: draft.item.registrarId, senderId },
    undefined,
    {
      notice: refusal
        ? { kind: 'refused', message: refusedMessage(draft.item, refuserName, refusal.reason) }
        : { kind: 'task', message: redispatchMessage(draft.item) },
    },
  );
}

/**
 * 拒签 by the head of a registration flow: the flow ends `refused`, the refuser stops being a
 * handler (they never handled it; they keep seeing the item as someone who had a task on it), and
 * the registrar gets a 重新分派 task.
 */
export function onRegistrationRefused(draft: Draft, flow: Flow, value: TaskInput, actorId: string): void {
  draft.endFlow(flow.id, 'refused');
  draft.replaceHandlers(draft.allHandlers.filter((h) => !(h.userId === actorId && isLeadRole(h.role))));
  startRedispatch(draft, actorId, { flow, reason: value.reason ?? '' });
}

/**
 * 拒签 of a system 协办反馈: the flow ends `refused`, the lead handlers are told, the assisting
 * handler stops being a handler (unless another 协办反馈 of theirs on this item is still pending),
 * and their department stays assisting only while another handler from it remains.
 */
export function onAssistRefused(draft: Draft, flow: Flow, value: TaskInput, actorId: string): void {
  draft.endFlow(flow.id, 'refused');
  const stillAssisting = draft.allTasks.some(
    (t) => t.kind === 'assist_report' && t.state === 'pending' && personOf(t) === actorId,
  );
  if (!stillAssisting) {
    const handlers = draft.allHandlers.filter((h) => !(h.userId === actorId && h.role === 'assist'));
    draft.replaceHandlers(handlers);
    const departmentId = draft.ctx.user(actorId)?.departmentId;
    const othersThere = handlers.some((h) => draft.ctx.user(h.userId)?.departmentId === departmentId);
    if (departmentId && !othersThere && draft.item.assistDepartmentIds.includes(departmentId)) {
      draft.updateItem({
        assistDepartmentIds: draft.item.assistDepartmentIds.filter((id) => id !== departmentId),
      });
    }
  }
  const name = draft.ctx.user(actorId)?.name ?? '';
  for (const handler of leadHandlers(draft.allHandlers)) {
    if (draft.ctx.user(handler.userId)?.disabled !== false) continue;
    draft.notify({
      userId: handler.userId,
      kind: 'refused',
      itemId: draft.item.id,
      taskId: null,
      message: assistRefusedMessage(draft.item, name, value.reason ?? ''),
    });
  }
}

/**
 * 重新分派 › 重新发送: a new registration flow to the chosen department's head. The old lead
 * department stops being the lead, and the old lead handlers stop being handlers (the new flow adds
 * its own); assisting handlers stay. `assistDepartmentIds`, when given, replaces the assisting
 * departments; otherwise they stay, less the new lead department.
 */
export function onResend(draft: Draft, flow: Flow, value: TaskInput, actorId: string): void {
  draft.endFlow(flow.id, 'completed');
  const leadDepartmentId = value.leadDepartmentId ?? draft.item.leadDepartmentId;
  const headId = value.headId ?? draft.item.headId;
  const assist = (value.assistDepartmentIds ?? draft.item.assistDepartmentIds).filter(
    (id) => id !== leadDepartmentId,
  );
  draft.updateItem({ leadDepartmentId, headId, assistDepartmentIds: assist });
  draft.replaceHandlers(draft.allHandlers.filter((h) => !isLeadRole(h.role)));
  const registration = draft.startFlow('registration', actorId, flow.id);
  draft.issueTask({
    flow: registration,
    kind: 'handle',
    level: 'head',
    assigneeId: headId,
    senderId: actorId,
  });
}

/** 重新分派 › 结束督办: the item closes as if ended (结束), with the remark. */
export function onRedispatchEnd(draft: Draft, flow: Flow): string[] {
  draft.endFlow(flow.id, 'completed');
  const cancelled = draft.cancelOpenWork();
  // Ended without anyone doing the work: terminated, never 已办结 (spec §12).
  draft.updateItem({ status: 'closed', closedAt: draft.ctx.now, closeKind: 'terminated' });
  return cancelled;
}

/**
 * The rules of 重新发送 that depend on other users and the refusal (answered after 409): the
 * department exists; the head is an enabled member of it, and its head where it has one (§12); the
 * same department may be chosen again
 * only with another head than the one who refused; assisting departments exist and exclude the lead.
 */
export function checkResend(
  state: ItemState,
  value: TaskInput,
  ctx: CommandContext,
  errors: FieldErrors,
): void {
  const { leadDepartmentId, headId, assistDepartmentIds } = value;
  if (leadDepartmentId && ctx.departmentExists && !ctx.departmentExists(leadDepartmentId)) {
    errors.leadDepartmentId = '承办（主办）单位不存在';
  }
  if (headId) {
    const head = ctx.user(headId);
    const refusal = refusedBy(state);
    if (!head) errors.headId = '主办单位部处负责人不存在';
    else if (head.disabled) errors.headId = `${head.name}已停用`;
    else if (leadDepartmentId && head.departmentId !== leadDepartmentId) {
      errors.headId = `${head.name}不是承办（主办）单位的人员`;
    } else if (refusal && personOf(refusal) === headId) {
      errors.headId = `${head.name}已拒签，请改派其他单位或其他负责人`;
    } else if (
      leadDepartmentId &&
      head.position !== 'head' &&
      ctx.departmentHasHead?.(leadDepartmentId) === true &&
      !(refusal && ctx.user(personOf(refusal))?.departmentId === leadDepartmentId)
    ) {
      // As at registration (spec §12): the department's head wherever it has one — except when
      // sending again to the department whose head refused (§13 "the same one with another head").
      errors.headId = `${head.name}不是承办（主办）单位的部处负责人`;
    }
  }
  if (assistDepartmentIds) {
    const unknown = assistDepartmentIds.filter((id) => ctx.departmentExists && !ctx.departmentExists(id));
    if (unknown.length > 0) errors.assistDepartmentIds = `协办单位不存在：${unknown.join('、')}`;
    else if (leadDepartmentId && assistDepartmentIds.includes(leadDepartmentId)) {
      errors.assistDepartmentIds = '协办单位不能包含承办（主办）单位';
    }
  }
}
