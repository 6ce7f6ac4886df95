/**
 * JSON shapes of items, flows and steps (api-contract.md: Items, Tasks). Dates stay `YYYY-MM-DD`,
 * instants become ISO 8601 strings, user ids come with names so that clients need no second lookup.
 */
import { type DeadlineRules, light, NATURAL_RULES, overdueDays } from '../../../domain/deadlines';
import { canWithdraw } from '../../../domain/people';
import { itemPermissions } from '../../../domain/permissions';
import type { Actor, Flow, Item, ItemState, Task, TaskInput, TaskTransition } from '../../../domain/types';
import { type Names, nameOrSystem } from '../org/names';

export type { Names } from '../org/names';

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** Every user id an aggregate mentions (for loading names and the domain's user lookup). */
export function userIdsOf(state: ItemState): string[] {
  const ids = new Set<string>([state.item.registrarId, state.item.headId]);
  for (const h of state.handlers) ids.add(h.userId);
  for (const f of state.flows) if (f.initiatorId) ids.add(f.initiatorId);
  for (const t of state.tasks) {
    ids.add(t.assigneeId);
    if (t.senderId) ids.add(t.senderId);
    if (t.onBehalfOfId) ids.add(t.onBehalfOfId);
    if (t.transferredToId) ids.add(t.transferredToId);
    for (const input of [t.input, t.prefill]) {
      if (input?.delegateToId) ids.add(input.delegateToId);
      if (input?.headId) ids.add(input.headId); // 重新分派's new head
      for (const id of input?.assistHandlerIds ?? []) ids.add(id);
    }
  }
  return [...ids];
}

/**
 * The item's fields. `rules` (working or natural days, the yellow window) decide the light and
 * `overdueDays`; `extensionPending` needs the flows, so only the detail knows it.
 */
export function presentItemFields(
  item: Item,
  today: string,
  rules: DeadlineRules = NATURAL_RULES,
  extensionPending = false,
) {
  return {
    id: item.id,
    number: item.number,
    title: item.title,
    source: item.source,
    leadDepartmentId: item.leadDepartmentId,
    assistDepartmentIds: item.assistDepartmentIds,
    assignedAt: item.assignedAt,
    dueAt: item.dueAt,
    content: item.content,
    headId: item.headId,
    registrarId: item.registrarId,
    status: item.status,
    result: item.result,
    promisedAt: item.promisedAt,
    closedAt: iso(item.closedAt),
    closeKind: item.status === 'closed' ? (item.closeKind ?? 'terminated') : null,
    originalDueAt: item.originalDueAt,
    extensionCount: item.extensionCount,
    extensionPending,
    overdueDays: overdueDays(item, today, rules),
    createdAt: iso(item.createdAt),
    updatedAt: iso(item.updatedAt),
    light: light(item, today, rules),
  };
}

/** What a step did, in the contract's words: the action taken or the decision made. */
function actionOf(task: Task): string | undefined {
  if (task.state !== 'done') return undefined;
  if (task.input?.action) return task.input.action;
  if (task.kind === 'handle') return task.input?.decision ?? 'self';
  if (task.kind === 'assist_report') return task.input?.outcome === 'refuse' ? 'refuse' : 'report';
  return 'acknowledge';
}

/** A done step's inputs, with the names of the people chosen in them (no client holds the directory). */
function inputFields(input: TaskInput | null, names: Names) {
  if (!input) return {};
  const { action: _action, ...fields } = input;
  const nameOf = (id: string) => names.get(id)?.name ?? null;
  return {
    ...fields,
    ...(input.delegateToId ? { delegateToName: nameOf(input.delegateToId) } : {}),
    ...(input.headId ? { headName: nameOf(input.headId) } : {}),
    ...(input.assistHandlerIds ? { assistHandlerNames: input.assistHandlerIds.map(nameOf) } : {}),
  };
}

/** §10 fields of a task or step: 代 <name> 办理, 转交给, 已读. */
export function peopleFields(task: Task, names: Names) {
  return {
    onBehalfOfId: task.onBehalfOfId,
    onBehalfOfName: task.onBehalfOfId ? (names.get(task.onBehalfOfId)?.name ?? null) : null,
    transferredToId: task.transferredToId,
    transferredToName: task.transferredToId ? (names.get(task.transferredToId)?.name ?? null) : null,
    readAt: iso(task.readAt),
  };
}

export function presentStep(task: Task, names: Names, withdrawable = false) {
  return {
    taskId: task.id,
    kind: task.kind,
    level: task.level,
    assigneeId: task.assigneeId,
    assigneeName: names.get(task.assigneeId)?.name ?? null,
    assigneeDisabled: names.get(task.assigneeId)?.disabled ?? false,
    senderId: task.senderId,
    senderName: nameOrSystem(task.senderId, names),
    state: task.state,
    returned: task.returned,
    ...peopleFields(task, names),
    canWithdraw: withdrawable,
    createdAt: iso(task.createdAt),
    completedAt: iso(task.completedAt),
    action: actionOf(task),
    ...inputFields(task.state === 'done' ? task.input : null, names),
  };
}

/** `withdrawable`: whether the caller may 收回 a step (the one who delegated it, §10). */
export function presentFlow(
  flow: Flow,
  tasks: readonly Task[],
  names: Names,
  withdrawable: (task: Task) => boolean = () => false,
) {
  return {
    id: flow.id,
    kind: flow.kind,
    status: flow.status,
    initiatorId: flow.initiatorId,
    initiatorName: nameOrSystem(flow.initiatorId, names),
    parentFlowId: flow.parentFlowId,
    startedAt: iso(flow.startedAt),
    endedAt: iso(flow.endedAt),
    steps: tasks
      .filter((t) => t.flowId === flow.id)
      .sort((a, b) => a.seq - b.seq)
      .map((t) => presentStep(t, names, withdrawable(t))),
  };
}

/** GET /api/items/:id: the item, its handlers, every flow with every step, and what the caller may do. */
export function presentItemDetail(
  state: ItemState,
  actor: Actor,
  names: Names,
  today: string,
  rules: DeadlineRules = NATURAL_RULES,
) {
  const extensionPending = state.flows.some(
    (f) => (f.kind as string) === 'extension' && f.status === 'active',
  );
  return {
    ...presentItemFields(state.item, today, rules, extensionPending),
    registrarName: names.get(state.item.registrarId)?.name ?? null,
    handlers: state.handlers.map((h) => ({
      userId: h.userId,
      name: names.get(h.userId)?.name ?? null,
      departmentId: names.get(h.userId)?.departmentId ?? null,
      role: h.role,
      since: iso(h.since),
    })),
    flows: [...state.flows]
      .sort((a, b) => a.seq - b.seq)
      .map((f) => presentFlow(f, state.tasks, names, (t) => canWithdraw(state, actor.id, t))),
    permissions: itemPermissions(actor, state),
  };
}

/** A task as the handling page needs it (the `task` of GET /api/tasks/:id and of a completion). */
export function presentTask(task: Task, flow: Flow | undefined, names: Names) {
  return {
    id: task.id,
    kind: task.kind,
    level: task.level,
    itemId: task.itemId,
    flowId: task.flowId,
    flowKind: flow?.kind ?? null,
    assigneeId: task.assigneeId,
    assigneeName: names.get(task.assigneeId)?.name ?? null,
    senderId: task.senderId,
    senderName: nameOrSystem(task.senderId, names),
    state: task.state,
    returned: task.returned,
    ...peopleFields(task, names),
    createdAt: iso(task.createdAt),
    completedAt: iso(task.completedAt),
    input: task.input,
    prefill: task.prefill,
  };
}

/**
 * The `created` of a command's answer: the new work it handed out. A report's own first step is
 * created already done and is not listed.
 */
export function presentCreated(created: readonly Task[], names: Names) {
  return created
    .filter((t) => t.state === 'pending')
    .map((t) => ({
      id: t.id,
      kind: t.kind,
      assigneeId: t.assigneeId,
      assigneeName: names.get(t.assigneeId)?.name ?? null,
    }));
}

/** The answer of a command on one task (完成, 转交): the task as it now stands and the work handed out. */
export function presentTaskTransition(transition: TaskTransition, names: Names) {
  const { task, state } = transition;
  return {
    task: presentTask(
      task,
      state.flows.find((f) => f.id === task.flowId),
      names,
    ),
    created: presentCreated(transition.created, names),
  };
}
