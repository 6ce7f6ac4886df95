/**
 * Who may see and do what (spec §1, §6, §8, §9). The commands ask these predicates, the service uses
 * them to hide items (404) and filter lists, and the UI receives `allowedActions` and
 * `itemPermissions` so it offers only what the server will accept.
 */
import { extensionActions } from './extensions';
import { handleDecisions, taskOutcomes } from './inputs';
import { canSeeAll } from './roles';
import { currentResultTask, handlerOf, isLeadRole, isOpenForReports } from './state';
import type {
  Actor,
  AllowedActions,
  Flow,
  ItemPermissions,
  ItemState,
  ReportKind,
  Role,
  Task,
  TaskAction,
} from './types';

/** Whether the actor holds a global role. */
export function hasRole(actor: Actor, role: Role): boolean {
  return actor.roles.includes(role);
}

export { canSeeAll, SEES_ALL_ROLES } from './roles';

/**
 * Whether the actor may see the item: everyone who sees all; people of its lead or an assisting
 * department (督办查询); its handlers; anyone who has or had a task on it (a delegate moved to
 * another department still sees what they worked on).
 */
export function canSeeItem(actor: Actor, state: ItemState): boolean {
  const { item } = state;
  return (
    canSeeAll(actor) ||
    item.leadDepartmentId === actor.departmentId ||
    item.assistDepartmentIds.includes(actor.departmentId) ||
    handlerOf(state.handlers, actor.id) !== undefined ||
    state.tasks.some((t) => t.assigneeId === actor.id)
  );
}

/** 新建督办: supervisors only. */
export function canRegister(actor: Actor): boolean {
  return hasRole(actor, 'supervisor');
}

/** 结束: supervisors and admins. */
export function canEnd(actor: Actor): boolean {
  return hasRole(actor, 'supervisor') || hasRole(actor, 'admin');
}

/** Reopening an ended item: admins only. */
export function canReopen(actor: Actor): boolean {
  return hasRole(actor, 'admin');
}

/** 催办: supervisors, admins and leaders (spec §11). */
export function canUrge(actor: Actor): boolean {
  return hasRole(actor, 'supervisor') || hasRole(actor, 'admin') || hasRole(actor, 'leader');
}

/** Editing in 督办列表: admins only. */
export function canEdit(actor: Actor): boolean {
  return hasRole(actor, 'admin');
}

/**
 * Whether the user is a current handler of the report's kind: lead reports (主办反馈) need role
 * head, deputy or staff; assist reports (协办反馈) role assist. The command answers 403 when not.
 */
export function isReportHandler(state: ItemState, userId: string, kind: ReportKind): boolean {
  const handler = handlerOf(state.handlers, userId);
  if (!handler) return false;
  return kind === 'lead' ? isLeadRole(handler.role) : handler.role === 'assist';
}

/**
 * Whether a report of this kind would be accepted now: a handler of that kind, on an open item
 * whose registration flow has ended (the 关联 picker offers exactly these items).
 */
export function canReport(state: ItemState, actor: Actor, kind: ReportKind): boolean {
  return isReportHandler(state, actor.id, kind) && state.item.status === 'open' && isOpenForReports(state);
}

/** 同意办结 is offered only when the flow's handling result is 申请办结. */
export function reviewActions(state: Pick<ItemState, 'tasks'>, flow: Flow): TaskAction[] {
  const result = currentResultTask(state.tasks, flow.id);
  return result?.input?.outcome === 'apply_close' ? ['acknowledge', 'close'] : ['acknowledge'];
}

/**
 * What the assignee may choose on a pending task, for the UI. Empty for anyone else, for a task that
 * is no longer pending and on a closed item. An acknowledge task answers `actions: ['acknowledge']`
 * so that "empty" always means "may not act".
 */
export function allowedActions(state: ItemState, actor: Actor, task: Task): AllowedActions {
  if (task.assigneeId !== actor.id || task.state !== 'pending' || state.item.status !== 'open') return {};
  const flow = state.flows.find((f) => f.id === task.flowId);
  if (!flow) return {};
  if (flow.kind === 'extension') return { actions: extensionActions(task) };
  switch (task.kind) {
    case 'handle':
      return { decisions: [...handleDecisions(flow, task)], outcomes: [...taskOutcomes(task)] };
    case 'approve':
      return { actions: ['approve', 'return'] };
    case 'review':
      return { actions: reviewActions(state, flow) };
    case 'assist_report':
      // 拒签 of a 协办反馈 the system started (spec §13).
      return {
        outcomes: [...taskOutcomes(task), ...(flow.initiatorId === null ? (['refuse'] as const) : [])],
      };
    case 'acknowledge':
      return { actions: ['acknowledge'] };
    case 'redispatch':
      return { actions: ['resend', 'end'] };
  }
}

/** The item-level buttons the actor may use. */
export function itemPermissions(actor: Actor, state: ItemState): ItemPermissions {
  const open = state.item.status === 'open';
  return {
    close: canEnd(actor) && open,
    reopen: canReopen(actor) && !open,
    urge: canUrge(actor) && open,
    edit: canEdit(actor),
    reportLead: canReport(state, actor, 'lead'),
    reportAssist: canReport(state, actor, 'assist'),
    extend:
      open &&
      isLeadRole(handlerOf(state.handlers, actor.id)?.role ?? 'assist') &&
      !state.flows.some((f) => f.kind === 'extension' && f.status === 'active'),
  };
}
