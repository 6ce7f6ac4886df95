/**
 * Reading submitted values: the shape checks that come before the conflict check in the contract's
 * error order (required fields, formats, allowed values). Each reader collects problems into a
 * `FieldErrors` so that one answer names every offending field. Checks that need the flow's state or
 * other users (who may be delegated to, who may assist) live with the commands, because the contract
 * answers them only after 409.
 *
 * Readers also decide what is stored: text is trimmed, and fields that the chosen decision or
 * outcome does not require are dropped (spec §4: "a field that is not required … is not stored").
 */
import { isValidDate } from './dates';
import type { Decision, Flow, Outcome, RedispatchAction, Task, TaskAction, TaskInput } from './types';
import { OUTCOMES } from './types';

/** Field name → Chinese message, as the contract's `fields`. */
export type FieldErrors = Record<string, string>;

/** Chinese labels of every input field, for messages (same words as the forms). */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  title: '督办事项',
  source: '督办来源',
  leadDepartmentId: '承办（主办）单位',
  assistDepartmentIds: '协办单位',
  assignedAt: '交办时间',
  dueAt: '办结时间',
  content: '督办内容及要求',
  headId: '主办单位部处负责人',
  decision: '办理方式',
  delegateToId: '向下办理人员',
  promisedAt: '承诺办结时间',
  outcome: '事务办理',
  implementation: '落实情况',
  reason: '未办结原因',
  measures: '解决措施',
  assistHandlerIds: '协办单位办理人',
  action: '审批意见',
  opinion: '意见',
  remark: '备注',
  message: '催办内容',
  handlers: '办理人',
  result: '办理结果',
  kind: '反馈类型',
};

/** Longest accepted text per field; the spec gives only the title's, the rest keep rows sane. */
export const TEXT_LIMITS = {
  title: 200,
  source: 100,
  content: 20_000,
  longText: 5_000, // implementation, reason, measures, opinion
  remark: 2_000,
  message: 500,
} as const;

/** The fields each outcome requires (事务办理三种情况, spec §4). */
export const OUTCOME_FIELDS: Readonly<Record<Outcome, readonly ResultField[]>> = {
  apply_close: ['implementation'],
  not_done: ['reason', 'measures'],
  assist: ['assistHandlerIds'],
};

/** An assisting handler may only 申请办结 or 未办结 (spec §5). */
export const ASSIST_OUTCOMES: readonly Outcome[] = ['apply_close', 'not_done'];

export type ResultField = 'implementation' | 'reason' | 'measures' | 'assistHandlerIds';

const DECISIONS: readonly Decision[] = ['self', 'delegate'];
/** Every decision the API knows; 拒签 is offered only where `handleDecisions` says so. */
const KNOWN_DECISIONS: readonly Decision[] = ['self', 'delegate', 'refuse'];

function label(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

/** Treats whatever arrived as a record, so that a missing or odd body reports missing fields. */
export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** True when a reader recorded at least one problem. */
export function hasErrors(errors: FieldErrors): boolean {
  return Object.keys(errors).length > 0;
}

/** Free text: trimmed; blank counts as absent. */
export function readText(
  value: unknown,
  field: string,
  errors: FieldErrors,
  options: { required: boolean; max: number },
): string | undefined {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    if (options.required) errors[field] = `请填写${label(field)}`;
    return undefined;
  }
  if (typeof value !== 'string') {
    errors[field] = `${label(field)}应为文字`;
    return undefined;
  }
  const text = value.trim();
  if (text.length > options.max) {
    errors[field] = `${label(field)}不能超过${options.max}字`;
    return undefined;
  }
  return text;
}

/** A `YYYY-MM-DD` date; blank counts as absent. */
export function readDate(
  value: unknown,
  field: string,
  errors: FieldErrors,
  required: boolean,
): string | undefined {
  if (value === undefined || value === null || value === '') {
    if (required) errors[field] = `请选择${label(field)}`;
    return undefined;
  }
  if (!isValidDate(value)) {
    errors[field] = `${label(field)}应为有效日期（YYYY-MM-DD）`;
    return undefined;
  }
  return value;
}

/** One id (a user or department picked from a list). */
export function readId(
  value: unknown,
  field: string,
  errors: FieldErrors,
  required: boolean,
): string | undefined {
  if (value === undefined || value === null || value === '') {
    if (required) errors[field] = `请选择${label(field)}`;
    return undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    errors[field] = `${label(field)}无效`;
    return undefined;
  }
  return value;
}

/** A list of ids, duplicates dropped (picking a person twice is a slip, not an error). */
export function readIdList(
  value: unknown,
  field: string,
  errors: FieldErrors,
  required: boolean,
): string[] | undefined {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
    if (required) errors[field] = `请选择${label(field)}`;
    return required ? undefined : [];
  }
  if (!Array.isArray(value) || value.some((id) => typeof id !== 'string' || id.trim() === '')) {
    errors[field] = `${label(field)}无效`;
    return undefined;
  }
  return [...new Set(value as string[])];
}

/** The handling result (事务办理): the outcome and only the fields it requires. */
export type HandlingResult = Pick<TaskInput, 'outcome' | ResultField>;

/** Reads 事务办理 restricted to `outcomes`; an unknown or missing outcome names `outcome`. */
export function readResult(
  raw: Record<string, unknown>,
  outcomes: readonly Outcome[],
  errors: FieldErrors,
): HandlingResult {
  const outcome = raw.outcome;
  if (outcome === undefined || outcome === null || outcome === '') {
    errors.outcome = `请选择${label('outcome')}`;
    return {};
  }
  if (!outcomes.includes(outcome as Outcome)) {
    errors.outcome =
      outcomes.length < OUTCOMES.length ? '协办反馈只能选择申请办结或未办结' : `${label('outcome')}无效`;
    return {};
  }
  const result: HandlingResult = { outcome: outcome as Outcome };
  for (const field of OUTCOME_FIELDS[outcome as Outcome]) {
    if (field === 'assistHandlerIds') {
      const ids = readIdList(raw.assistHandlerIds, field, errors, true);
      if (ids) result.assistHandlerIds = ids;
    } else {
      const text = readText(raw[field], field, errors, { required: true, max: TEXT_LIMITS.longText });
      if (text !== undefined) result[field] = text;
    }
  }
  return result;
}

function readOpinion(
  raw: Record<string, unknown>,
  errors: FieldErrors,
  required: boolean,
): Pick<TaskInput, 'opinion'> {
  const opinion = readText(raw.opinion, 'opinion', errors, { required, max: TEXT_LIMITS.longText });
  return opinion === undefined ? {} : { opinion };
}

/**
 * Decisions a handle task offers. Only registration-flow tasks above the staff level may delegate;
 * a returned lead report comes back to its reporter, who can only resubmit (spec §6).
 */
export function handleDecisions(flow: Flow, task: Task): readonly Decision[] {
  if (flow.kind !== 'registration') return ['self'];
  // 拒签 (spec §13): the person the item was sent to may refuse it instead of handling it.
  if (task.level === 'head') return [...DECISIONS, 'refuse'];
  return task.level !== 'staff' ? DECISIONS : ['self'];
}

/** 承诺办结时间 is required when handling in the registration flow, optional in a lead report (§6). */
export function promisedAtRequired(flow: Flow): boolean {
  return flow.kind === 'registration';
}

/** Outcomes a task offers: assisting handlers are limited, lead handlers have all three. */
export function taskOutcomes(task: Task): readonly Outcome[] {
  return task.kind === 'assist_report' ? ASSIST_OUTCOMES : OUTCOMES;
}

function readHandle(flow: Flow, task: Task, raw: Record<string, unknown>, errors: FieldErrors): TaskInput {
  const decisions = handleDecisions(flow, task);
  // With a single choice the decision may be omitted (staff level: omitted = 自办).
  const decision = raw.decision ?? (decisions.length === 1 ? decisions[0] : undefined);
  if (decision === undefined || decision === null || decision === '') {
    errors.decision = '请选择办理方式（自办或向下办理）';
    return {};
  }
  if (!KNOWN_DECISIONS.includes(decision as Decision)) {
    errors.decision = `${label('decision')}无效`;
    return {};
  }
  if (!decisions.includes(decision as Decision)) {
    errors.decision =
      decision === 'refuse'
        ? '只有督办事项的接收人（部处负责人）可以拒签'
        : flow.kind === 'registration'
          ? '具体负责人不能向下办理'
          : '退回的反馈只能自办';
    return {};
  }
  if (decision === 'refuse') return { decision: 'refuse', ...readRefusalReason(raw, errors) };
  if (decision === 'delegate') {
    const delegateToId = readId(raw.delegateToId, 'delegateToId', errors, true);
    return {
      decision: 'delegate',
      ...(delegateToId ? { delegateToId } : {}),
      ...readOpinion(raw, errors, false),
    };
  }
  const promisedAt = readDate(raw.promisedAt, 'promisedAt', errors, promisedAtRequired(flow));
  return {
    decision: 'self',
    ...(promisedAt ? { promisedAt } : {}),
    ...readResult(raw, taskOutcomes(task), errors),
    ...readOpinion(raw, errors, false),
  };
}

function readAction(
  raw: Record<string, unknown>,
  actions: readonly TaskAction[],
  errors: FieldErrors,
): TaskAction | undefined {
  const action = raw.action;
  if (action === undefined || action === null || action === '') {
    errors.action = `请选择${label('action')}`;
    return undefined;
  }
  if (!actions.includes(action as TaskAction)) {
    errors.action = `${label('action')}无效`;
    return undefined;
  }
  return action as TaskAction;
}

/**
 * Reads the body of a task completion (shape only) and returns what will be stored with the task.
 * `errors` is empty when the body is well formed.
 */
export function readTaskInput(
  flow: Flow,
  task: Task,
  input: unknown,
): { value: TaskInput; errors: FieldErrors } {
  const raw = asRecord(input);
  const errors: FieldErrors = {};
  let value: TaskInput;
  switch (task.kind) {
    case 'handle':
      value = readHandle(flow, task, raw, errors);
      break;
    case 'approve': {
      const action = readAction(raw, ['approve', 'return'], errors);
      // 退回 must say why, so that the person it goes back to knows what to change.
      value = { ...(action ? { action } : {}), ...readOpinion(raw, errors, action === 'return') };
      break;
    }
    case 'review': {
      const action = readAction(raw, ['acknowledge', 'close'], errors);
      value = { ...(action ? { action } : {}), ...readOpinion(raw, errors, false) };
      break;
    }
    case 'assist_report':
      if (raw.outcome === 'refuse') {
        // 拒签 of a 协办反馈 the system started (spec §13); a reporter's own report cannot be refused.
        if (flow.initiatorId !== null) errors.outcome = '只有系统发起的协办反馈可以拒签';
        value = { outcome: 'refuse', ...readRefusalReason(raw, errors) };
        break;
      }
      value = { ...readResult(raw, ASSIST_OUTCOMES, errors), ...readOpinion(raw, errors, false) };
      break;
    case 'redispatch':
      value = readRedispatch(raw, errors);
      break;
    case 'acknowledge':
      value = readOpinion(raw, errors, false);
      break;
  }
  return { value, errors };
}

/** 拒签理由: required, stored as `reason`. */
function readRefusalReason(raw: Record<string, unknown>, errors: FieldErrors): Pick<TaskInput, 'reason'> {
  const reason = readText(raw.reason, 'reason', errors, { required: true, max: TEXT_LIMITS.longText });
  if (reason === undefined && errors.reason?.startsWith('请填写')) errors.reason = '请填写拒签理由';
  return reason === undefined ? {} : { reason };
}

const REDISPATCH_ACTIONS: readonly RedispatchAction[] = ['resend', 'end'];

/**
 * 重新分派 (spec §13): `resend` names the lead department and its head (and optionally replaces the
 * assisting departments); `end` ends the item with a remark. Which department and head are allowed
 * depends on other users and the refusal, so that is checked with the command.
 */
function readRedispatch(raw: Record<string, unknown>, errors: FieldErrors): TaskInput {
  const action = raw.action;
  if (!REDISPATCH_ACTIONS.includes(action as RedispatchAction)) {
    errors.action =
      action === undefined || action === null || action === ''
        ? '请选择重新分派方式（重新发送或结束督办）'
        : '重新分派方式无效';
    return {};
  }
  if (action === 'end') {
    const remark = readText(raw.remark, 'remark', errors, { required: true, max: TEXT_LIMITS.remark });
    return { action: 'end', ...(remark ? { remark } : {}) };
  }
  const leadDepartmentId = readId(raw.leadDepartmentId, 'leadDepartmentId', errors, true);
  const headId = readId(raw.headId, 'headId', errors, true);
  const assistDepartmentIds =
    raw.assistDepartmentIds === undefined
      ? undefined
      : readIdList(raw.assistDepartmentIds, 'assistDepartmentIds', errors, false);
  return {
    action: 'resend',
    ...(leadDepartmentId ? { leadDepartmentId } : {}),
    ...(headId ? { headId } : {}),
    ...(assistDepartmentIds ? { assistDepartmentIds } : {}),
  };
}
