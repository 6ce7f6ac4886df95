/**
 * Item-level commands: registration (新建督办), ending (结束), reopening, urging (催办) and the admin's
 * edit (督办列表). Task-level work is in `tasks.ts`, progress reports in `reports.ts`.
 */
import { compareDates } from './dates';
import { AppError, conflict, forbidden, validation } from './errors';
import type { FieldErrors } from './inputs';
import { asRecord, hasErrors, readDate, readId, readIdList, readText, TEXT_LIMITS } from './inputs';
import { urgeMessage } from './messages';
import { applyHandlerChanges, planHandlerMoves, tellConcerned } from './people';
import { canEdit, canEnd, canRegister, canReopen, canUrge } from './permissions';
import { completedRegistration, startRedispatch } from './refusal';
import { Draft, leadHandlers } from './state';
import type {
  Actor,
  CommandContext,
  Handler,
  HandlerRole,
  Item,
  ItemPatch,
  ItemState,
  Outcome,
  Transition,
  UrgeTransition,
} from './types';
import { HANDLER_ROLES, OUTCOMES } from './types';

/** The basic fields (基本信息) filled at registration and editable by the admin. */
type BasicFields = Pick<
  Item,
  'title' | 'source' | 'leadDepartmentId' | 'assistDepartmentIds' | 'assignedAt' | 'dueAt' | 'content'
>;

const BASIC_KEYS = [
  'title',
  'source',
  'leadDepartmentId',
  'assistDepartmentIds',
  'assignedAt',
  'dueAt',
  'content',
] as const satisfies readonly (keyof BasicFields)[];

function isPresent(raw: Record<string, unknown>, key: string): boolean {
  return raw[key] !== undefined;
}

/**
 * Reads the basic fields given in `raw` (a registration gives all of them; an edit some) and checks
 * the rules between fields on the values the item would end up with. A cross-field error is named
 * after a field the caller sent, so the form can show it next to what they changed.
 */
function readBasicFields(
  raw: Record<string, unknown>,
  current: BasicFields | undefined,
  ctx: CommandContext,
  errors: FieldErrors,
): Partial<BasicFields> {
  const wanted = (key: keyof BasicFields) => current === undefined || isPresent(raw, key);
  const read: Partial<BasicFields> = {};
  const text = (key: 'title' | 'source' | 'content', max: number) => {
    if (!wanted(key)) return;
    const value = readText(raw[key], key, errors, { required: true, max });
    if (value !== undefined) read[key] = value;
  };
  text('title', TEXT_LIMITS.title);
  text('source', TEXT_LIMITS.source);
  text('content', TEXT_LIMITS.content);
  if (wanted('leadDepartmentId')) {
    const id = readId(raw.leadDepartmentId, 'leadDepartmentId', errors, true);
    if (id !== undefined && ctx.departmentExists && !ctx.departmentExists(id)) {
      errors.leadDepartmentId = '承办（主办）单位不存在';
    } else if (id !== undefined) {
      read.leadDepartmentId = id;
    }
  }
  if (wanted('assistDepartmentIds')) {
    const ids = readIdList(raw.assistDepartmentIds, 'assistDepartmentIds', errors, false);
    const unknown = ids?.filter((id) => ctx.departmentExists && !ctx.departmentExists(id)) ?? [];
    if (unknown.length > 0) errors.assistDepartmentIds = `协办单位不存在：${unknown.join('、')}`;
    else if (ids !== undefined) read.assistDepartmentIds = ids;
  }
  for (const key of ['assignedAt', 'dueAt'] as const) {
    if (!wanted(key)) continue;
    const date = readDate(raw[key], key, errors, true);
    if (date !== undefined) read[key] = date;
  }

  const merged = { ...current, ...read };
  if (merged.assignedAt && merged.dueAt && !errors.assignedAt && !errors.dueAt) {
    if (compareDates(merged.dueAt, merged.assignedAt) < 0) {
      errors[wanted('dueAt') ? 'dueAt' : 'assignedAt'] = '办结时间不能早于交办时间';
    }
  }
  if (merged.leadDepartmentId && merged.assistDepartmentIds?.includes(merged.leadDepartmentId)) {
    errors[wanted('assistDepartmentIds') ? 'assistDepartmentIds' : 'leadDepartmentId'] =
      '协办单位不能包含承办（主办）单位';
  }
  return read;
}

/**
 * 新建督办: registers an item and sends it to the lead department's head (发送). Only supervisors
 * (403). Every offending field is named at once (400). The item starts open with no result; the
 * registration flow (seq 1) gives the head a pending handle task at the head level, and the head
 * becomes a handler with role head.
 *
 * @param number the human-readable number (DB-YYYY-NNNN) the service allocated
 */
export function register(
  /** The request as received: read and checked here (every bad field named at once). */
  input: unknown,
  actor: Actor,
  number: string,
  ctx: CommandContext,
): Transition {
  if (!canRegister(actor)) throw forbidden('只有督办员可以新建督办');
  const raw = asRecord(input);
  const errors: FieldErrors = {};
  const basic = readBasicFields(raw, undefined, ctx, errors);
  const headId = readId(raw.headId, 'headId', errors, true);
  if (headId !== undefined) {
    const head = ctx.user(headId);
    if (!head) errors.headId = '主办单位部处负责人不存在';
    else if (head.disabled) errors.headId = `${head.name}已停用`;
    else if (basic.leadDepartmentId && head.departmentId !== basic.leadDepartmentId) {
      errors.headId = `${head.name}不是承办（主办）单位的人员`;
    } else if (
      basic.leadDepartmentId &&
      head.position !== 'head' &&
      ctx.departmentHasHead?.(basic.leadDepartmentId) === true
    ) {
      // Spec §12: the item goes to a 部处负责人 wherever the department has one.
      errors.headId = `${head.name}不是承办（主办）单位的部处负责人`;
    }
  }
  if (hasErrors(errors) || !isComplete(basic) || headId === undefined) throw validation(errors);

  const item: Item = {
    id: ctx.newId(),
    number,
    ...basic,
    headId,
    registrarId: actor.id,
    status: 'open',
    result: null,
    promisedAt: null,
    closedAt: null,
    closeKind: null,
    originalDueAt: basic.dueAt,
    extensionCount: 0,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  const draft = new Draft({ item, flows: [], tasks: [], handlers: [] }, ctx);
  const flow = draft.startFlow('registration', actor.id, null);
  draft.issueTask({ flow, kind: 'handle', level: 'head', assigneeId: headId, senderId: actor.id });
  return draft.finish([
    {
      action: 'item.register',
      itemId: item.id,
      detail: { number, title: item.title, headId, flowId: flow.id },
    },
  ]);
}

function isComplete(fields: Partial<BasicFields>): fields is BasicFields {
  return BASIC_KEYS.every((key) => fields[key] !== undefined);
}

/**
 * 结束: ends supervision of an open item (not the review's 同意办结). Supervisors and admins (403);
 * remark optional (400 when too long); item already closed → 409. Every pending task and active
 * flow is cancelled; they stay in the history as cancelled.
 */
export function endItem(
  state: ItemState,
  actor: Actor,
  remark: string | undefined,
  ctx: CommandContext,
): Transition {
  if (!canEnd(actor)) throw forbidden('只有督办员或督办管理员可以结束督办事项');
  const errors: FieldErrors = {};
  const text = readText(remark, 'remark', errors, { required: false, max: TEXT_LIMITS.remark });
  if (hasErrors(errors)) throw validation(errors);
  if (state.item.status !== 'open') throw conflict('督办事项已办结');

  const draft = new Draft(state, ctx);
  const cancelled = draft.cancelOpenWork();
  // 结束 never counts as 办结 (spec §12): the item is terminated.
  draft.updateItem({ status: 'closed', closedAt: ctx.now, closeKind: 'terminated' });
  tellConcerned(draft, state, 'terminated', actor.id, text);
  return draft.finish([
    { action: 'item.end', itemId: state.item.id, detail: { ...(text ? { remark: text } : {}), cancelled } },
  ]);
}

/**
 * Reopens a closed item. Admins only (403); a remark is required (400); item open → 409. Cancelled
 * work stays cancelled; the handlers can report again, unless no registration flow ever completed:
 * then the registrar gets a 重新分派 task (spec §13).
 */
export function reopenItem(state: ItemState, actor: Actor, remark: string, ctx: CommandContext): Transition {
  if (!canReopen(actor)) throw forbidden('只有督办管理员可以重新打开督办事项');
  const errors: FieldErrors = {};
  const text = readText(remark, 'remark', errors, { required: true, max: TEXT_LIMITS.remark });
  if (hasErrors(errors)) throw validation(errors);
  if (state.item.status !== 'closed') throw conflict('督办事项未办结，无需重新打开');

  const draft = new Draft(state, ctx);
  draft.updateItem({ status: 'open', closedAt: null, closeKind: null });
  // An item nobody ever took on (拒签, or ended before its registration completed) goes back to the
  // registrar to send again (重新分派, spec §13).
  if (!completedRegistration(state)) startRedispatch(draft, actor.id);
  tellConcerned(draft, state, 'reopened', actor.id, text);
  return draft.finish([{ action: 'item.reopen', itemId: state.item.id, detail: { remark: text } }]);
}

/** What a 催办 needs to know about earlier ones: the latest urge on the item and the minimum interval. */
export interface UrgeContext {
  lastUrgedAt: Date | null;
  minIntervalMinutes: number;
}

/**
 * 催办 (spec §11): supervisors, admins and leaders (403); message optional (400 when too long); item
 * closed → 409; sooner than `minIntervalMinutes` after the item's last urge → 429 with
 * `detail.retryAfter`. Recipients: the assignees of the item's pending tasks other than 督办科's
 * review tasks; when the item has no pending task at all, its lead handlers; never the urger; never a
 * disabled user. When the only pending tasks are reviews nobody is notified (the urge is still
 * logged). Answers the recipients and how many were notified.
 */
export function urgeItem(
  state: ItemState,
  actor: Actor,
  message: string | undefined,
  ctx: CommandContext,
  urges: UrgeContext = { lastUrgedAt: null, minIntervalMinutes: 0 },
): UrgeTransition {
  if (!canUrge(actor)) throw forbidden('只有督办员、督办管理员和领导可以催办');
  const errors: FieldErrors = {};
  const text = readText(message, 'message', errors, { required: false, max: TEXT_LIMITS.message });
  if (hasErrors(errors)) throw validation(errors);
  if (state.item.status !== 'open') throw conflict('督办事项已办结，无需催办');
  if (urges.lastUrgedAt) {
    const next = urges.lastUrgedAt.getTime() + urges.minIntervalMinutes * 60_000;
    if (ctx.now.getTime() < next) {
      const retryAfter = new Date(next).toISOString();
      throw new AppError('rate_limited', '该事项刚催办过，请稍后再催办', undefined, { retryAfter });
    }
  }

  const pending = state.tasks.filter((t) => t.state === 'pending');
  const candidates =
    pending.length > 0
      ? pending.filter((t) => t.kind !== 'review').map((t) => t.assigneeId)
      : leadHandlers(state.handlers).map((h) => h.userId);
  const recipients = [...new Set(candidates)].filter(
    (id) => id !== actor.id && ctx.user(id)?.disabled !== true,
  );
  const draft = new Draft(state, ctx);
  for (const userId of recipients) {
    draft.notify({
      userId,
      kind: 'urge',
      itemId: state.item.id,
      taskId: null,
      message: urgeMessage(state.item, text),
    });
  }
  const transition = draft.finish(
    [
      {
        action: 'item.urge',
        itemId: state.item.id,
        detail: { ...(text ? { message: text } : {}), recipients },
      },
    ],
    { touch: false },
  );
  return { ...transition, notified: recipients.length, recipients, message: text ?? null };
}

/** Reads the admin's handler list: any user, any role, each user once. */
function readHandlers(value: unknown, ctx: CommandContext, errors: FieldErrors): ItemPatch['handlers'] {
  if (!Array.isArray(value)) {
    errors.handlers = '办理人应为列表';
    return undefined;
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  const entries: { userId: string; role: HandlerRole }[] = [];
  for (const entry of value) {
    const { userId, role } = asRecord(entry);
    if (typeof userId !== 'string' || !HANDLER_ROLES.includes(role as HandlerRole)) {
      problems.push('每位办理人须有人员和角色（head、deputy、staff 或 assist）');
      continue;
    }
    const user = ctx.user(userId);
    if (!user) problems.push(`人员 ${userId} 不存在`);
    else if (seen.has(userId)) problems.push(`${user.name}重复`);
    seen.add(userId);
    entries.push({ userId, role: role as HandlerRole });
  }
  if (problems.length > 0) {
    errors.handlers = [...new Set(problems)].join('；');
    return undefined;
  }
  return entries;
}

function sameHandlers(a: readonly { userId: string; role: HandlerRole }[], b: readonly Handler[]): boolean {
  const key = (h: { userId: string; role: HandlerRole }) => `${h.userId}:${h.role}`;
  const left = new Set(a.map(key));
  return left.size === b.length && b.every((h) => left.has(key(h)));
}

/**
 * Keys the admin's edit accepts. Anything else — read-only fields such as `id`, `number`,
 * `registrarId`, `closeKind` included — is a 400 naming it (spec §12), never silently ignored.
 * `handlerSuccessors` belongs to the handler removal of spec §10.
 */
export const ITEM_PATCH_KEYS = [
  'handlers',
  'handlerSuccessors',
  'result',
  'outcome',
  'status',
  'remark',
  'promisedAt',
  ...BASIC_KEYS,
] as const;

/**
 * The admin's edit (督办列表): the handler list (replaced as given; any user, any role; an unchanged
 * entry keeps its `since`), the last handling's outcome (`outcome`, alias `result`), 承诺办结时间, the
 * basic fields with the same validation as a registration, and 办理结果 in the manual's words:
 * `status: 'completed'` (已办结) closes an open item as completed (its open work cancelled, as a
 * review's 同意办结 does), `status: 'open'` (未办结) reopens a closed one; either needs a remark. A
 * later `dueAt` counts as an extension (`extensionCount` + 1, spec §11); an earlier one is an edit.
 * Admins only (403); unknown keys and every offending field at once (400). Closed items may be
 * edited too (correcting a record is not reopening it). The audit effect holds before and after of
 * each changed field; an edit that changes nothing records nothing.
 */
/** `patch` is the request as received: read and checked here (every bad field named at once). */
export function editItem(state: ItemState, actor: Actor, patch: unknown, ctx: CommandContext): Transition {
  if (!canEdit(actor)) throw forbidden('只有督办管理员可以修改督办事项');
  const raw = asRecord(patch);
  const errors: FieldErrors = {};
  for (const key of Object.keys(raw)) {
    if (!(ITEM_PATCH_KEYS as readonly string[]).includes(key)) errors[key] = '不允许修改的字段';
  }
  const basic = readBasicFields(raw, state.item, ctx, errors);
  const handlers = isPresent(raw, 'handlers') ? readHandlers(raw.handlers, ctx, errors) : undefined;
  const other: Partial<Pick<Item, 'result' | 'promisedAt'>> = {};
  const outcomeKey = isPresent(raw, 'outcome') ? 'outcome' : 'result';
  if (isPresent(raw, outcomeKey)) {
    const value = raw[outcomeKey];
    if (value === null || OUTCOMES.includes(value as Outcome)) other.result = value as Outcome | null;
    else errors[outcomeKey] = '事务办理结果无效';
  }
  if (isPresent(raw, 'promisedAt')) {
    if (raw.promisedAt === null) other.promisedAt = null;
    else {
      const date = readDate(raw.promisedAt, 'promisedAt', errors, true);
      if (date !== undefined) other.promisedAt = date;
    }
  }
  let status: 'completed' | 'open' | undefined;
  if (isPresent(raw, 'status')) {
    if (raw.status === 'completed' || raw.status === 'open') status = raw.status;
    else errors.status = '办理结果应为已办结（completed）或未办结（open）';
  }
  const remark = readText(raw.remark, 'remark', errors, {
    required: status !== undefined,
    max: TEXT_LIMITS.remark,
  });
  if (hasErrors(errors)) throw validation(errors);
  // §10: a removed handler's pending tasks need a successor (409 pending_work, 400 handlerSuccessors).
  // Checked against the item as edited (a new lead department decides who may take 办理).
  const edited = { ...state, item: { ...state.item, ...basic } };
  const moves = handlers ? planHandlerMoves(edited, handlers, raw.handlerSuccessors, ctx) : [];

  const draft = new Draft(state, ctx);
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  const fields: Partial<Item> = { ...basic, ...other };
  if (basic.dueAt !== undefined && compareDates(basic.dueAt, state.item.dueAt) > 0) {
    // A later 办结时间 set by the admin is an extension (延期) like an approved request.
    fields.extensionCount = state.item.extensionCount + 1;
  }
  const item = state.item;
  if (status === 'completed' && !(item.status === 'closed' && item.closeKind === 'completed')) {
    if (item.status === 'open') {
      draft.cancelOpenWork();
      Object.assign(fields, { status: 'closed', closedAt: ctx.now, closeKind: 'completed' });
    } else {
      // A terminated item recorded as 已办结 after all: the record is corrected, the date stays.
      fields.closeKind = 'completed';
    }
  }
  if (status === 'open' && item.status === 'closed') {
    Object.assign(fields, { status: 'open', closedAt: null, closeKind: null });
  }
  for (const [key, after] of Object.entries(fields)) {
    const before = state.item[key as keyof Item];
    if (JSON.stringify(before) !== JSON.stringify(after)) changes[key] = { before, after };
  }
  draft.updateItem(fields);
  if (handlers && !sameHandlers(handlers, state.handlers)) {
    const next = handlers.map(({ userId, role }): Handler => {
      const kept = state.handlers.find((h) => h.userId === userId && h.role === role);
      return kept ?? { userId, role, since: ctx.now };
    });
    draft.replaceHandlers(next);
    applyHandlerChanges(draft, state.handlers, next, moves, actor.id);
    const brief = (list: readonly { userId: string; role: HandlerRole }[]) =>
      list.map(({ userId, role }) => ({ userId, role }));
    changes.handlers = { before: brief(state.handlers), after: brief(next) };
  }
  if (Object.keys(changes).length === 0) return new Draft(state, ctx).finish([], { touch: false });
  return draft.finish([
    {
      action: 'item.edit',
      itemId: state.item.id,
      detail: { changes, ...(remark && status ? { remark } : {}) },
    },
  ]);
}
