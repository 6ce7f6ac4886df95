/**
 * Checks of submitted values against other users and the flow's state. The contract answers these
 * after the conflict check (400 "for rules that depend on the flow's state"), so they are kept apart
 * from the shape readers in `inputs.ts`.
 */
import type { FieldErrors } from './inputs';
import type { CommandContext, Flow, Item, Task, TaskKind, UserRef } from './types';

/**
 * 选择向下办理人员: an enabled user of the lead department, not oneself, and nobody already in this
 * flow (its initiator or the assignee of any of its tasks), so that the chain never loops.
 */
export function checkDelegate(
  delegateToId: string,
  actorId: string,
  item: Item,
  flow: Flow,
  flowTasks: readonly Task[],
  ctx: CommandContext,
  errors: FieldErrors,
): void {
  const user = ctx.user(delegateToId);
  if (!user) {
    errors.delegateToId = '向下办理人员不存在';
  } else if (user.disabled) {
    errors.delegateToId = `${user.name}已停用，不能向下办理给他`;
  } else if (delegateToId === actorId) {
    errors.delegateToId = '不能向下办理给自己';
  } else if (user.departmentId !== item.leadDepartmentId) {
    errors.delegateToId = '向下办理人员须为主办单位人员';
  } else if (flow.initiatorId === delegateToId || inFlow(flowTasks, delegateToId)) {
    errors.delegateToId = `${user.name}已在本流程中，不能再向下办理给他`;
  }
}

/**
 * Whether the user takes part in a flow: holds one of its tasks (or is the absent user a deputy
 * holds one for). Cancelled tasks do not count: a delegate whose task was taken back (收回) or
 * passed on (转交) may be chosen again.
 */
export function inFlow(flowTasks: readonly Task[], userId: string): boolean {
  return flowTasks.some(
    (t) => t.state !== 'cancelled' && (t.assigneeId === userId || t.onBehalfOfId === userId),
  );
}

/**
 * The transfer rule of spec §10 (转交, 离职交接, and whether a deputy may take an absent user's task):
 * 办理/审批/阅知 go to a user of the lead department, 协办反馈 to a user outside it, 督办科审核 to a
 * supervisor. Undefined when `user` may receive a task of this kind, else why not (Chinese).
 */
export function targetProblem(
  kind: TaskKind,
  item: Pick<Item, 'leadDepartmentId'>,
  user: UserRef,
  ctx: Pick<CommandContext, 'isSupervisor'>,
): string | undefined {
  switch (kind) {
    case 'handle':
    case 'approve':
    case 'acknowledge':
      return user.departmentId === item.leadDepartmentId ? undefined : `${user.name}不是主办单位人员`;
    case 'assist_report':
      return user.departmentId !== item.leadDepartmentId
        ? undefined
        : `${user.name}是主办单位人员，协办反馈须交给主办单位以外的人员`;
    case 'review':
      return ctx.isSupervisor?.(user.id) ? undefined : `${user.name}不是督办员`;
    default:
      return '此类待办不能转交';
  }
}

/** Whether an enabled `user` may receive a task of this kind (the transfer rule). */
export function canReceive(
  kind: TaskKind,
  item: Pick<Item, 'leadDepartmentId'>,
  user: UserRef,
  ctx: Pick<CommandContext, 'isSupervisor'>,
): boolean {
  return !user.disabled && targetProblem(kind, item, user, ctx) === undefined;
}

/** 协办单位办理人: enabled users outside the lead department (spec §4). */
export function checkAssistHandlers(
  ids: readonly string[],
  item: Item,
  ctx: CommandContext,
  errors: FieldErrors,
): void {
  const problems: string[] = [];
  for (const id of ids) {
    const user = ctx.user(id);
    if (!user) problems.push(`办理人 ${id} 不存在`);
    else if (user.disabled) problems.push(`${user.name}已停用`);
    else if (user.departmentId === item.leadDepartmentId) problems.push(`${user.name}是主办单位人员`);
  }
  if (problems.length > 0) {
    errors.assistHandlerIds = `协办单位办理人须为主办单位以外的在用人员（${problems.join('；')}）`;
  }
}
