/**
 * Who may receive which task (spec §10), for the pickers of 转交 and of a removed handler's
 * successor: the same rules as the server's `targetProblem`, so that the lists offer only people
 * the server accepts.
 */
import type { FlowStep, Item, TaskKind, User } from '../../api/types';
import type { UserFilter } from '../../lib/users';

/** Whether an enabled `user` may receive a task of `kind` on an item of `leadDepartmentId`. */
export function mayReceive(kind: TaskKind, leadDepartmentId: string, user: User): boolean {
  if (user.disabled) return false;
  switch (kind) {
    case 'review':
    // 重新分派 (§13) is the registrar's: it moves to another supervisor, as on the server.
    case 'redispatch':
      return user.roles?.includes('supervisor') ?? false;
    case 'assist_report':
      return user.departmentId !== leadDepartmentId;
    case 'handle':
    case 'approve':
    case 'acknowledge':
      return user.departmentId === leadDepartmentId;
    default:
      // A kind the server does not let anyone transfer.
      return false;
  }
}

/**
 * What to ask the server for when searching who may receive tasks of these kinds: their
 * department or role, so that a page of answers is mostly people `mayReceive` accepts (it still
 * sifts the page: 协办 excludes the lead department, which a filter cannot say).
 */
export function receiverFilter(kinds: readonly TaskKind[], leadDepartmentId: string): UserFilter {
  const filter: UserFilter = {};
  for (const kind of kinds) {
    if (kind === 'review' || kind === 'redispatch') filter.role = 'supervisor';
    if (kind === 'handle' || kind === 'approve' || kind === 'acknowledge')
      filter.departmentId = leadDepartmentId;
  }
  return filter;
}

/** Who may receive a task of this kind (spec §10), the current assignee excluded. */
export function transferTargets(
  task: { kind: TaskKind; assigneeId: string },
  leadDepartmentId: string,
  users: readonly User[],
): User[] {
  return users.filter((u) => u.id !== task.assigneeId && mayReceive(task.kind, leadDepartmentId, u));
}

/** The item's pending steps, across its flows, in the order the timeline shows them. */
export function pendingSteps(item: Pick<Item, 'flows'>): FlowStep[] {
  return (item.flows ?? []).flatMap((f) => f.steps.filter((s) => s.state === 'pending'));
}

/**
 * The handlers an edit removes who still hold pending tasks on the item, with those tasks' kinds:
 * each needs a successor (`handlerSuccessors`), or the server answers 409 pending_work.
 */
export function removedWithPending(
  item: Pick<Item, 'flows' | 'handlers'>,
  nextHandlerIds: readonly (string | undefined)[],
): { userId: string; kinds: TaskKind[] }[] {
  const kept = new Set(nextHandlerIds.filter((id): id is string => Boolean(id)));
  const pending = pendingSteps(item);
  const seen = new Set<string>();
  const out: { userId: string; kinds: TaskKind[] }[] = [];
  for (const { userId } of item.handlers ?? []) {
    if (kept.has(userId) || seen.has(userId)) continue;
    seen.add(userId);
    const kinds = [...new Set(pending.filter((s) => s.assigneeId === userId).map((s) => s.kind))];
    if (kinds.length > 0) out.push({ userId, kinds });
  }
  return out;
}

/** Who may take over all of a removed handler's pending tasks (every kind's rule), not themselves. */
export function successorTargets(
  removed: { userId: string; kinds: readonly TaskKind[] },
  leadDepartmentId: string,
  users: readonly User[],
): User[] {
  return users.filter(
    (u) => u.id !== removed.userId && removed.kinds.every((k) => mayReceive(k, leadDepartmentId, u)),
  );
}

/** The successors to send: only for handlers the edit removes, only the ones chosen. */
export function chosenSuccessors(
  successors: Record<string, string | undefined> | undefined,
  nextHandlerIds: readonly string[],
): Record<string, string> | undefined {
  const kept = new Set(nextHandlerIds);
  const chosen = Object.entries(successors ?? {}).filter(
    (entry): entry is [string, string] =>
      !kept.has(entry[0]) && typeof entry[1] === 'string' && entry[1] !== '',
  );
  return chosen.length > 0 ? Object.fromEntries(chosen) : undefined;
}
