/**
 * Attachments (附件, spec §13): who may attach a file to an item or a pending task, who may delete
 * one and when it has become immutable, and 申请办结's evidence when REQUIRE_CLOSE_EVIDENCE is on.
 * The files themselves are the service's business; these rules see only their metadata.
 */
import { conflict, forbidden, validation } from './errors';
import { hasRole } from './permissions';
import { Draft, handlerOf } from './state';
import type { Actor, CommandContext, ItemState, Task, TaskInput, Transition } from './types';

/** What the rules need to know about a stored file. */
export interface AttachmentInfo {
  id: string;
  itemId: string;
  /** The task it belongs to (the handling result, an approval, a report's submission), or null. */
  taskId: string | null;
  name: string;
  size: number;
  contentType: string;
  sha256: string;
  uploadedById: string;
}

/** Whether the actor may attach item-level files: the registrar, a handler, a pending assignee, an admin. */
export function canAttachToItem(actor: Actor, state: ItemState): boolean {
  return (
    state.item.registrarId === actor.id ||
    handlerOf(state.handlers, actor.id) !== undefined ||
    state.tasks.some((t) => t.state === 'pending' && t.assigneeId === actor.id) ||
    hasRole(actor, 'admin')
  );
}

/**
 * The checks of an upload, split by the contract's order: `refuse` (403, or 400 for an unknown
 * task) is answered before the file is read; `conflict` (409: the item is closed, the task is no
 * longer pending) only after the file's type was judged (415 comes first), and nothing is stored
 * in either case.
 */
export function uploadChecks(
  actor: Actor,
  state: ItemState,
  taskId: string | undefined,
): { refuse?: Error; conflict?: Error; task?: Task } {
  if (taskId !== undefined) {
    const task = state.tasks.find((t) => t.id === taskId);
    if (!task) return { refuse: validation({ taskId: '该待办不属于本督办事项' }) };
    if (task.assigneeId !== actor.id) return { refuse: forbidden('只有该待办的办理人可以上传附件') };
    if (task.state !== 'pending') return { conflict: conflict('该待办已处理，不能再上传附件'), task };
    if (state.item.status !== 'open') return { conflict: conflict('督办事项已办结，不能再上传附件'), task };
    return { task };
  }
  if (!canAttachToItem(actor, state)) {
    return { refuse: forbidden('只有督办人、办理人、待办的办理人或督办管理员可以上传附件') };
  }
  if (state.item.status !== 'open') return { conflict: conflict('督办事项已办结，不能再上传附件') };
  return {};
}

/**
 * Records an upload on the item (上传附件): nothing of the aggregate changes; the audit effect holds
 * the file's name, size, type and SHA-256. Throws what `uploadChecks` finds, re-checked under the
 * item's lock when the upload is committed.
 */
export function attachFile(
  state: ItemState,
  actor: Actor,
  file: AttachmentInfo,
  ctx: CommandContext,
): Transition {
  const checks = uploadChecks(actor, state, file.taskId ?? undefined);
  if (checks.refuse) throw checks.refuse;
  if (checks.conflict) throw checks.conflict;
  return new Draft(state, ctx).finish(
    [{ action: 'attachment.upload', itemId: state.item.id, detail: auditDetail(file) }],
    { touch: false },
  );
}

function auditDetail(file: AttachmentInfo): Record<string, unknown> {
  return {
    attachmentId: file.id,
    name: file.name,
    size: file.size,
    contentType: file.contentType,
    sha256: file.sha256,
    ...(file.taskId ? { taskId: file.taskId } : {}),
  };
}

/**
 * Deleting a file (删除附件). Its uploader may, and an admin may delete an item-level file (403
 * otherwise); a file bound to a task that is no longer pending (a completed handling, a filed
 * report) is immutable, and nothing may be deleted from a closed item (409). The audit effect keeps
 * the name and hash.
 */
export function detachFile(
  state: ItemState,
  actor: Actor,
  file: AttachmentInfo,
  ctx: CommandContext,
): Transition {
  const mayDelete = file.uploadedById === actor.id || (file.taskId === null && hasRole(actor, 'admin'));
  if (!mayDelete) throw forbidden('只有上传人（事项附件还有督办管理员）可以删除附件');
  if (file.taskId !== null) {
    const task = state.tasks.find((t) => t.id === file.taskId);
    if (task?.state !== 'pending') throw conflict('附件所属的办理已提交，不能删除');
  }
  if (state.item.status !== 'open') throw conflict('督办事项已办结，附件不能删除');
  return new Draft(state, ctx).finish(
    [{ action: 'attachment.delete', itemId: state.item.id, detail: auditDetail(file) }],
    { touch: false },
  );
}

/**
 * 申请办结 needs evidence when REQUIRE_CLOSE_EVIDENCE is on: at least one file on the task (or, for
 * a report, named in `attachmentIds`). Answered as a 400 naming `attachments`, after the flow's
 * other checks.
 */
export function checkCloseEvidence(
  input: Pick<TaskInput, 'decision' | 'outcome'> | null | undefined,
  attachmentCount: number,
  required: boolean,
): void {
  if (!required || attachmentCount > 0) return;
  if (input?.outcome !== 'apply_close' || input.decision === 'delegate') return;
  throw validation({ attachments: '申请办结须上传至少一个附件（落实情况的佐证材料）' });
}
