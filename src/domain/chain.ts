/**
 * Routing inside flows: where work goes after a handling result, an approval or a return
 * (spec §3, §6), how assist flows start (§5) and how an assist report reaches the lead handlers.
 * Every function writes into a `Draft`; none checks permissions or input (the commands do).
 */
import { AppError } from './errors';
import type { Draft } from './state';
import { currentResultTask, leadHandlers, levelsAbove, personOf } from './state';
import type { Flow, Level, Task } from './types';

/** A user who can receive work now: known and not disabled (a disabled user cannot sign in). */
function isActiveUser(draft: Draft, userId: string): boolean {
  const user = draft.ctx.user(userId);
  return user !== undefined && !user.disabled;
}

/**
 * Who sits at `level` of a registration flow: the person the level's handle task went to. Levels
 * are fixed by delegation (the head is the one the item was sent to, the deputy the head's
 * delegate, the staff the deputy's delegate), so the latest handle or approve task at the level
 * that was not cancelled names them — after a 转交 that is the target (§10). A task a deputy holds
 * for an absent user (委托) names the absent user, the person of record.
 */
export function registrationPerson(
  draft: Pick<Draft, 'flowTasks'>,
  flow: Flow,
  level: Level,
): string | undefined {
  const task = draft
    .flowTasks(flow.id)
    .filter(
      (t) => (t.kind === 'handle' || t.kind === 'approve') && t.level === level && t.state !== 'cancelled',
    )
    .at(-1);
  return task ? personOf(task) : undefined;
}

/**
 * The approver of a lead report at `level` (主办反馈: 办理人 ▶ 分管负责人 ▶ 负责人): the item's lead
 * handler with that role who became a handler first. The node is skipped (流程自动跳过重复节点) when
 * nobody holds the role, or the person is the reporter or has already appeared in the current pass
 * (the tasks since the reporter's latest submission: after a return the same approvers act again).
 * It is computed when the step is reached, so an admin's handler edit applies to later steps.
 */
function reportApprover(draft: Draft, flow: Flow, level: Level): string | undefined {
  const tasks = draft.flowTasks(flow.id);
  const submission = currentResultTask(tasks, flow.id);
  const pass = new Set(
    tasks.filter((t) => t.seq >= (submission?.seq ?? 0)).flatMap((t) => [t.assigneeId, personOf(t)]),
  );
  if (flow.initiatorId) pass.add(flow.initiatorId);
  return leadHandlers(draft.allHandlers).find(
    (h) => h.role === level && !pass.has(h.userId) && isActiveUser(draft, h.userId),
  )?.userId;
}

/**
 * Sends a flow one step up after a handling result or an approval at `fromLevel`: to the nearest
 * approver above (bottom-up along the people who took part; levels nobody holds are skipped), and
 * after the top to 督办科's review by the registrar, which always happens.
 */
export function sendUp(draft: Draft, flow: Flow, fromLevel: Level, senderId: string): void {
  for (const level of levelsAbove(fromLevel)) {
    const approver =
      flow.kind === 'registration'
        ? registrationPerson(draft, flow, level)
        : reportApprover(draft, flow, level);
    if (approver !== undefined) {
      draft.issueTask({ flow, kind: 'approve', level, assigneeId: approver, senderId });
      return;
    }
  }
  draft.issueTask({ flow, kind: 'review', level: null, assigneeId: draft.item.registrarId, senderId });
}

/**
 * 退回: re-issues the previous step of the actual chain, of its own kind, pre-filled with its last
 * values. In a registration flow that is the step just below the returning approver: the approval
 * of the level below, or, when the level below is the one that handled it, that handle task. In a
 * lead report every return goes back to the reporter as a handle task pre-filled with the report.
 */
export function sendBack(draft: Draft, flow: Flow, approval: Task, opinion: string, senderId: string): void {
  const result = currentResultTask(draft.allTasks, flow.id);
  if (!result?.input || !result.level || !approval.level) {
    throw new AppError('internal', `flow ${flow.id} has an approval without a handling result`);
  }
  const resultLevel = result.level;
  const reissueResult = () =>
    draft.issueTask(
      { flow, kind: 'handle', level: resultLevel, assigneeId: personOf(result), senderId },
      { prefill: result.input ?? {}, opinion },
    );
  if (flow.kind !== 'registration') {
    reissueResult();
    return;
  }
  const chain: Level[] = [resultLevel, ...levelsAbove(resultLevel)];
  const below = chain[chain.indexOf(approval.level) - 1];
  if (below === undefined || below === resultLevel) {
    reissueResult();
    return;
  }
  const lastApproval = draft
    .flowTasks(flow.id)
    .filter((t) => t.kind === 'approve' && t.level === below && t.state === 'done')
    .at(-1);
  const assigneeId = lastApproval ? personOf(lastApproval) : registrationPerson(draft, flow, below);
  if (assigneeId === undefined)
    throw new AppError('internal', `flow ${flow.id} has nobody at level ${below}`);
  draft.issueTask(
    { flow, kind: 'approve', level: below, assigneeId, senderId },
    { prefill: lastApproval?.input ?? {}, opinion },
  );
}

/**
 * 其他单位协办 after a review: one assist flow per assisting handler, started by the system (no
 * initiator, no sender). Each becomes a handler with role `assist` and their department joins the
 * item's assisting departments (spec §5, §6).
 */
export function startAssistFlows(draft: Draft, parent: Flow, assistHandlerIds: readonly string[]): void {
  for (const userId of assistHandlerIds) {
    const flow = draft.startFlow('assist_report', null, parent.id);
    draft.issueTask({ flow, kind: 'assist_report', level: null, assigneeId: userId, senderId: null });
    draft.ensureHandler(userId, 'assist');
    const departmentId = draft.ctx.user(userId)?.departmentId;
    const { leadDepartmentId, assistDepartmentIds } = draft.item;
    if (departmentId && departmentId !== leadDepartmentId && !assistDepartmentIds.includes(departmentId)) {
      draft.updateItem({ assistDepartmentIds: [...assistDepartmentIds, departmentId] });
    }
  }
}

/**
 * An assist report reaches all lead handlers at once (同时收到): one 阅知 task each. Disabled users
 * are left out, since their task could never be done and the flow would never end. With nobody to
 * tell, the flow ends at once.
 */
export function askLeadHandlersToAcknowledge(draft: Draft, flow: Flow, senderId: string): void {
  for (const handler of leadHandlers(draft.allHandlers)) {
    if (!isActiveUser(draft, handler.userId)) continue;
    draft.issueTask({ flow, kind: 'acknowledge', level: null, assigneeId: handler.userId, senderId });
  }
  draft.completeFlowIfSettled(flow.id);
}
