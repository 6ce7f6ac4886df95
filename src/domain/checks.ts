/**
 * Checks of submitted values against other users and the flow's state. The contract answers these
 * after the conflict check (400 "for rules that depend on the flow's state"), so they are kept apart
 * from the shape readers in `inputs.ts`.
 */
import type { FieldErrors } from './inputs';
import type { CommandContext, Flow, Item, Task } from './types';

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
  } else if (flow.initiatorId === delegateToId || flowTasks.some((t) => t.assigneeId === delegateToId)) {
    errors.delegateToId = `${user.name}已在本流程中，不能再向下办理给他`;
  }
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
