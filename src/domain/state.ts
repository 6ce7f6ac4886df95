/**
 * Queries over an item's aggregate, and `Draft`, the copy-on-write builder every command uses to
 * produce its `Transition`. The input state is never mutated: a changed entity is replaced by a new
 * object and an unchanged one keeps its identity, so persistence can diff old and new by id.
 */
import { canReceive } from './checks';
import { AppError } from './errors';
import { onBehalfMessage, returnedMessage, taskMessage } from './messages';
import type {
  AuditEffect,
  CommandContext,
  Flow,
  FlowKind,
  Handler,
  HandlerRole,
  Item,
  ItemState,
  Level,
  NotificationEffect,
  NotificationKind,
  Task,
  TaskInput,
  TaskKind,
  Transition,
} from './types';

/** Levels of the lead department's chain from the bottom up (具体负责人 ▶ 分管负责人 ▶ 负责人). */
export const LEVELS_BOTTOM_UP: readonly Level[] = ['staff', 'deputy', 'head'];

/** Levels strictly above `level`, nearest first. */
export function levelsAbove(level: Level): Level[] {
  return LEVELS_BOTTOM_UP.slice(LEVELS_BOTTOM_UP.indexOf(level) + 1);
}

/** Lead roles are the chain levels; `assist` is the only other handler role. */
export function isLeadRole(role: HandlerRole): role is Level {
  return role !== 'assist';
}

/** The lead handlers (主办单位办理人): roles head, deputy, staff, in the order they became handlers. */
export function leadHandlers(handlers: readonly Handler[]): Handler[] {
  const ordered = handlers
    .filter((h) => isLeadRole(h.role))
    .sort((a, b) => a.since.getTime() - b.since.getTime());
  const seen = new Set<string>();
  const unique: Handler[] = [];
  for (const handler of ordered) {
    if (seen.has(handler.userId)) continue;
    seen.add(handler.userId);
    unique.push(handler);
  }
  return unique;
}

/** The user's entry in the handler list (办理人), if any. */
export function handlerOf(handlers: readonly Handler[], userId: string): Handler | undefined {
  return handlers.find((h) => h.userId === userId);
}

/** The item's registration flow (督办登记流程); absent only for data imported without one. */
export function registrationFlow(flows: readonly Flow[]): Flow | undefined {
  return flows.find((f) => f.kind === 'registration');
}

/**
 * An item takes progress reports once its registration flow has ended (spec §6). A cancelled
 * registration flow (the item was ended, then reopened) has ended too: otherwise a reopened item
 * could never be reported on again.
 */
export function isOpenForReports(state: ItemState): boolean {
  return registrationFlow(state.flows)?.status !== 'active';
}

/** A flow's tasks in step order. */
export function tasksOfFlow(tasks: readonly Task[], flowId: string): Task[] {
  return tasks.filter((t) => t.flowId === flowId).sort((a, b) => a.seq - b.seq);
}

/**
 * The handling result a flow currently carries: its latest done handle task that was handled
 * itself (自办). Approvals, returns and the review all refer to it.
 */
export function currentResultTask(tasks: readonly Task[], flowId: string): Task | undefined {
  return tasksOfFlow(tasks, flowId)
    .filter((t) => t.kind === 'handle' && t.state === 'done' && t.input?.decision === 'self')
    .at(-1);
}

function internal(message: string): AppError {
  return new AppError('internal', message);
}

interface NewTask {
  flow: Flow;
  kind: TaskKind;
  level: Level | null;
  assigneeId: string;
  senderId: string | null;
}

/** How a task is issued beyond the plain case (§10: transfers, withdrawals, absences). */
export interface IssueOptions {
  /** Pre-filled values without it being a return (转交, 收回 keep what was there). */
  prefill?: TaskInput | null;
  /** The notification instead of "您有新的待办". */
  notice?: { kind: NotificationKind; message: string };
  /** Keeps the 退回 mark of a task being moved (转交). */
  returned?: boolean;
  /** Whether an absence (委托) of the assignee redirects the task to their deputy; default true. */
  redirect?: boolean;
}

/** The person of record of a task: the absent user a deputy holds it for, else its assignee. */
export function personOf(task: Pick<Task, 'assigneeId' | 'onBehalfOfId'>): string {
  return task.onBehalfOfId ?? task.assigneeId;
}

/** The working copy of one command. */
export class Draft {
  readonly ctx: CommandContext;
  item: Item;
  private readonly flows: Flow[];
  private readonly tasks: Task[];
  private handlers: Handler[];
  private readonly notifications: NotificationEffect[] = [];
  private readonly created: Task[] = [];

  constructor(state: ItemState, ctx: CommandContext) {
    this.ctx = ctx;
    this.item = state.item;
    this.flows = [...state.flows];
    this.tasks = [...state.tasks];
    this.handlers = [...state.handlers];
  }

  get allTasks(): readonly Task[] {
    return this.tasks;
  }

  get allFlows(): readonly Flow[] {
    return this.flows;
  }

  get allHandlers(): readonly Handler[] {
    return this.handlers;
  }

  task(id: string): Task {
    const task = this.tasks.find((t) => t.id === id);
    if (!task) throw internal(`task ${id} missing from its item`);
    return task;
  }

  flow(id: string): Flow {
    const flow = this.flows.find((f) => f.id === id);
    if (!flow) throw internal(`flow ${id} missing from its item`);
    return flow;
  }

  flowTasks(flowId: string): Task[] {
    return tasksOfFlow(this.tasks, flowId);
  }

  updateItem(patch: Partial<Item>): void {
    this.item = { ...this.item, ...patch };
  }

  updateTask(id: string, patch: Partial<Task>): Task {
    const index = this.tasks.findIndex((t) => t.id === id);
    const task = this.tasks[index];
    if (!task) throw internal(`task ${id} missing from its item`);
    const next = { ...task, ...patch };
    this.tasks[index] = next;
    return next;
  }

  updateFlow(id: string, patch: Partial<Flow>): Flow {
    const index = this.flows.findIndex((f) => f.id === id);
    const flow = this.flows[index];
    if (!flow) throw internal(`flow ${id} missing from its item`);
    const next = { ...flow, ...patch };
    this.flows[index] = next;
    return next;
  }

  startFlow(kind: FlowKind, initiatorId: string | null, parentFlowId: string | null): Flow {
    const flow: Flow = {
      id: this.ctx.newId(),
      itemId: this.item.id,
      kind,
      status: 'active',
      initiatorId,
      parentFlowId,
      seq: Math.max(0, ...this.flows.map((f) => f.seq)) + 1,
      startedAt: this.ctx.now,
      endedAt: null,
    };
    this.flows.push(flow);
    return flow;
  }

  private addTask(
    spec: NewTask,
    rest: Pick<Task, 'state' | 'completedAt' | 'input' | 'prefill' | 'returned'> &
      Partial<Pick<Task, 'onBehalfOfId'>>,
  ): Task {
    const task: Task = {
      id: this.ctx.newId(),
      flowId: spec.flow.id,
      itemId: this.item.id,
      kind: spec.kind,
      level: spec.level,
      assigneeId: spec.assigneeId,
      senderId: spec.senderId,
      seq: Math.max(0, ...this.flowTasks(spec.flow.id).map((t) => t.seq)) + 1,
      createdAt: this.ctx.now,
      onBehalfOfId: null,
      transferredToId: null,
      readAt: null,
      ...rest,
    };
    this.tasks.push(task);
    this.created.push(task);
    return task;
  }

  /**
   * A new pending task, and the notification that tells its assignee. In the registration flow the
   * assignee of a task at a level takes part, so they become a handler with that level from now on
   * (§6); this is the one place that happens, for sent, delegated and returned tasks alike.
   *
   * 委托 (§10): when the assignee is absent today and their deputy is enabled and may receive this
   * kind of task (the transfer rules), the task goes to the deputy with `onBehalfOfId` = the absent
   * user, who stays the handler of record. No second hop: the deputy's own absence is not followed.
   */
  issueTask(
    spec: NewTask,
    returnedWith?: { prefill: TaskInput; opinion: string },
    options: IssueOptions = {},
  ): Task {
    const onBehalfOfId = options.redirect === false ? null : this.absentFor(spec);
    const assigneeId = onBehalfOfId
      ? (this.ctx.deputyFor?.(onBehalfOfId) ?? spec.assigneeId)
      : spec.assigneeId;
    const task = this.addTask(
      { ...spec, assigneeId },
      {
        state: 'pending',
        completedAt: null,
        input: null,
        prefill: returnedWith?.prefill ?? options.prefill ?? null,
        returned: returnedWith !== undefined || options.returned === true,
        onBehalfOfId,
      },
    );
    if (spec.flow.kind === 'registration' && spec.level) this.ensureHandler(spec.assigneeId, spec.level);
    const absent = onBehalfOfId ? this.ctx.user(onBehalfOfId)?.name : undefined;
    const base = options.notice ?? {
      kind: returnedWith ? ('returned' as const) : ('task' as const),
      message: returnedWith
        ? returnedMessage(this.item, task.kind, returnedWith.opinion)
        : taskMessage(this.item, task.kind),
    };
    this.notifications.push({
      userId: task.assigneeId,
      kind: base.kind,
      itemId: this.item.id,
      taskId: task.id,
      message: absent ? onBehalfMessage(base.message, absent) : base.message,
    });
    return task;
  }

  /** The absent user whose task `spec` would redirect to their deputy, or null (see `issueTask`). */
  private absentFor(spec: NewTask): string | null {
    const deputyId = this.ctx.deputyFor?.(spec.assigneeId);
    if (!deputyId || deputyId === spec.assigneeId) return null;
    const deputy = this.ctx.user(deputyId);
    if (!deputy || deputy.disabled) return null;
    if (!canReceive(spec.kind, this.item, deputy, this.ctx)) return null;
    return spec.assigneeId;
  }

  /** A task created already done: the first step of a report, so the history shows the submission. */
  recordDoneTask(spec: NewTask, input: TaskInput): Task {
    return this.addTask(spec, {
      state: 'done',
      completedAt: this.ctx.now,
      input,
      prefill: null,
      returned: false,
    });
  }

  completeTask(id: string, input: TaskInput): Task {
    return this.updateTask(id, { state: 'done', completedAt: this.ctx.now, input });
  }

  /** Adds a handler unless the user already is one: a person is listed once, with their first role. */
  ensureHandler(userId: string, role: HandlerRole): void {
    if (handlerOf(this.handlers, userId)) return;
    this.handlers.push({ userId, role, since: this.ctx.now });
  }

  /** Removes a user's handler entry (收回: the delegate stops being a handler). */
  removeHandler(userId: string): void {
    this.handlers = this.handlers.filter((h) => h.userId !== userId);
  }

  /**
   * The target takes the old user's seat in the handler list: same role, same `since` (so order of
   * approvers stays). When the target already holds a seat, the old user's entry is just dropped.
   */
  replaceHandler(oldUserId: string, newUserId: string): boolean {
    const old = handlerOf(this.handlers, oldUserId);
    if (!old || oldUserId === newUserId) return false;
    if (handlerOf(this.handlers, newUserId)) this.removeHandler(oldUserId);
    else this.handlers = this.handlers.map((h) => (h.userId === oldUserId ? { ...h, userId: newUserId } : h));
    return true;
  }

  replaceHandlers(handlers: Handler[]): void {
    this.handlers = handlers;
  }

  endFlow(id: string, status: 'completed' | 'cancelled'): void {
    this.updateFlow(id, { status, endedAt: this.ctx.now });
  }

  /** Completes an active flow that has nothing left pending (the last 阅知, or nobody to ask). */
  completeFlowIfSettled(id: string): void {
    const flow = this.flow(id);
    if (flow.status === 'active' && !this.flowTasks(id).some((t) => t.state === 'pending')) {
      this.endFlow(id, 'completed');
    }
  }

  /**
   * Cancels every pending task and active flow of the item (结束, 同意办结). Cancelled tasks keep
   * `completedAt` null: they were never completed; their flow's `endedAt` says when they stopped.
   */
  cancelOpenWork(): string[] {
    const cancelled: string[] = [];
    for (const task of this.tasks) {
      if (task.state === 'pending') cancelled.push(task.id);
    }
    for (const id of cancelled) this.updateTask(id, { state: 'cancelled' });
    for (const flow of this.flows) {
      if (flow.status === 'active') this.endFlow(flow.id, 'cancelled');
    }
    return cancelled;
  }

  notify(notification: NotificationEffect): void {
    this.notifications.push(notification);
  }

  /**
   * The command's result. `updatedAt` moves unless the command changed nothing stored (催办, an edit
   * that repeats the current values), so that persistence has nothing to write for those.
   */
  finish(audit: AuditEffect[], options: { touch: boolean } = { touch: true }): Transition {
    return {
      state: {
        item: options.touch ? { ...this.item, updatedAt: this.ctx.now } : this.item,
        flows: [...this.flows],
        tasks: [...this.tasks],
        handlers: [...this.handlers],
      },
      notifications: [...this.notifications],
      audit,
      created: [...this.created],
    };
  }
}
