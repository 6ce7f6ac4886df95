/**
 * Which fields of the action panel are shown, editable and required (黄色底纹) — pure functions of
 * the task kind, what the server allows and what the user has chosen so far (workflow-spec §3–§6).
 * The server enforces the same rules in the domain; the outcome's fields and the defaults come from
 * there (src/domain/inputs.ts), so the form and the server cannot disagree on them.
 */
import { ASSIST_OUTCOMES, OUTCOME_FIELDS as DOMAIN_OUTCOME_FIELDS, FIELD_LABELS } from '../domain/inputs';
import { type Decision, OUTCOMES, type Outcome, type TaskAction, type TaskKind } from '../domain/types';
import type { AllowedAnswer, CompleteRequest } from './tasks';

/** Every field a task form can submit, in the order the action panel shows them. */
export const TASK_INPUT_KEYS = [
  'decision',
  'delegateToId',
  'promisedAt',
  'outcome',
  'implementation',
  'reason',
  'measures',
  'assistHandlerIds',
  'action',
  'opinion',
] as const satisfies readonly (keyof CompleteRequest)[];

/**
 * What the forms submit: the contract's request, with the choices narrowed to what a form offers
 * (the forms submit only handling results; 拒签 is sent by its own dialog).
 */
export type TaskFormInput = Omit<CompleteRequest, 'decision' | 'outcome' | 'action'> & {
  decision?: Decision;
  outcome?: Outcome;
  action?: TaskAction;
};
type TaskInput = TaskFormInput;
type AllowedActions = AllowedAnswer;

export type FieldName = (typeof TASK_INPUT_KEYS)[number];

export const FIELD_NAMES: readonly FieldName[] = TASK_INPUT_KEYS;

/**
 * The action panel's labels: the domain's field names (what the server's messages say), except
 * 选择向下办理人员, the manual's label for the field (图7).
 */
export const FIELD_LABEL: Record<FieldName, string> = {
  ...(Object.fromEntries(TASK_INPUT_KEYS.map((field) => [field, FIELD_LABELS[field] ?? field])) as Record<
    FieldName,
    string
  >),
  delegateToId: '选择向下办理人员',
};

/** What kind of form is being filled: a task, or a progress report started by the user (督办反馈). */
export type FormKind = TaskKind | 'lead_report' | 'assist_report_form';

export interface RuleContext {
  kind: FormKind;
  /** `allowed` from GET /api/tasks/:id; missing lists mean the contract's defaults. */
  allowed?: AllowedActions;
  /** A returned lead report comes back as a handle task where 承诺办结时间 is optional (spec §6). */
  promisedAtOptional?: boolean;
}

/** The choices that decide what else is required. */
export interface Choices {
  decision?: Decision;
  outcome?: Outcome;
  action?: TaskAction;
}

/** The fields each outcome requires (事务办理三种情况): the domain's table, as form fields. */
export const OUTCOME_FIELDS: Readonly<Record<Outcome, readonly FieldName[]>> = DOMAIN_OUTCOME_FIELDS;

const ALL_OUTCOME_FIELDS: FieldName[] = ['implementation', 'reason', 'measures', 'assistHandlerIds'];

/** Decisions offered on a handle task; a single one is implied and not asked. */
export function decisionsOf(ctx: RuleContext): Decision[] {
  if (ctx.kind !== 'handle') return [];
  // 拒签 has its own button and dialog (RefuseButton), not a choice of this form.
  return (ctx.allowed?.decisions ?? ['self', 'delegate']).filter((d) => d !== 'refuse');
}

/** Whether the task may be refused (拒签, §13): the head level of a registration, a system 协办反馈. */
export function canRefuse(allowed: AllowedActions | undefined): boolean {
  return Boolean(allowed?.decisions?.includes('refuse') || allowed?.outcomes?.includes('refuse'));
}

/** Outcomes offered for the handling result (协办 may only 申请办结 or 未办结). */
export function outcomesOf(ctx: RuleContext): Outcome[] {
  if (ctx.allowed?.outcomes) return ctx.allowed.outcomes.filter((o): o is Outcome => o !== 'refuse');
  if (ctx.kind === 'assist_report' || ctx.kind === 'assist_report_form') return [...ASSIST_OUTCOMES];
  if (ctx.kind === 'handle' || ctx.kind === 'lead_report') return [...OUTCOMES];
  return [];
}

/** Actions offered on approve and review tasks. */
export function actionsOf(ctx: RuleContext): TaskAction[] {
  // 阅知 has a single button and sends no action, whatever `allowed` lists.
  if (ctx.kind !== 'approve' && ctx.kind !== 'review') return [];
  if (ctx.allowed?.actions) return ctx.allowed.actions;
  return ctx.kind === 'approve' ? ['approve', 'return'] : ['acknowledge', 'close'];
}

/** The decision in force: the chosen one, or the only one offered. */
export function effectiveDecision(ctx: RuleContext, choices: Choices): Decision | undefined {
  const decisions = decisionsOf(ctx);
  if (decisions.length === 1) return decisions[0];
  return choices.decision;
}

function hasResultSection(ctx: RuleContext): boolean {
  return (
    ctx.kind === 'handle' ||
    ctx.kind === 'assist_report' ||
    ctx.kind === 'lead_report' ||
    ctx.kind === 'assist_report_form'
  );
}

/** Fields that appear on the form for this kind of task. */
export function visibleFields(ctx: RuleContext): FieldName[] {
  const fields: FieldName[] = [];
  if (ctx.kind === 'handle') {
    const decisions = decisionsOf(ctx);
    if (decisions.length > 1) fields.push('decision');
    if (decisions.includes('delegate')) fields.push('delegateToId');
    if (decisions.includes('self')) fields.push('promisedAt');
  }
  if (ctx.kind === 'lead_report') fields.push('promisedAt');
  if (hasResultSection(ctx) && (ctx.kind !== 'handle' || decisionsOf(ctx).includes('self'))) {
    const outcomes = outcomesOf(ctx);
    fields.push('outcome');
    for (const field of ALL_OUTCOME_FIELDS) {
      if (outcomes.some((o) => OUTCOME_FIELDS[o].includes(field))) fields.push(field);
    }
  }
  if (ctx.kind === 'approve' || ctx.kind === 'review') fields.push('action');
  fields.push('opinion');
  return fields;
}

/** Visible fields the user may edit now: the other branch of 自办/向下办理 and other outcomes' fields are greyed. */
export function enabledFields(ctx: RuleContext, choices: Choices): Set<FieldName> {
  const decision = effectiveDecision(ctx, choices);
  const enabled = new Set<FieldName>();
  for (const field of visibleFields(ctx)) {
    if (field === 'delegateToId' && decision === 'self') continue;
    if ((field === 'promisedAt' || field === 'outcome') && ctx.kind === 'handle' && decision === 'delegate') {
      continue;
    }
    if (ALL_OUTCOME_FIELDS.includes(field)) {
      if (ctx.kind === 'handle' && decision === 'delegate') continue;
      if (!choices.outcome || !OUTCOME_FIELDS[choices.outcome].includes(field)) continue;
    }
    enabled.add(field);
  }
  return enabled;
}

/** Fields that must be filled now — exactly the ones shown with a yellow background. */
export function requiredFields(ctx: RuleContext, choices: Choices): Set<FieldName> {
  const required = new Set<FieldName>();
  switch (ctx.kind) {
    case 'handle': {
      if (decisionsOf(ctx).length > 1) required.add('decision');
      const decision = effectiveDecision(ctx, choices);
      if (decision === 'delegate') required.add('delegateToId');
      if (decision === 'self') {
        if (!ctx.promisedAtOptional) required.add('promisedAt');
        required.add('outcome');
        if (choices.outcome) for (const f of OUTCOME_FIELDS[choices.outcome]) required.add(f);
      }
      break;
    }
    case 'assist_report':
    case 'assist_report_form':
    case 'lead_report':
      required.add('outcome');
      if (choices.outcome) for (const f of OUTCOME_FIELDS[choices.outcome]) required.add(f);
      break;
    case 'approve':
      required.add('action');
      if (choices.action === 'return') required.add('opinion');
      break;
    case 'review':
      required.add('action');
      break;
    case 'acknowledge':
      break;
  }
  return required;
}

function isBlank(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

function requiredMessage(field: FieldName): string {
  const verb =
    field === 'decision' ||
    field === 'outcome' ||
    field === 'action' ||
    field === 'delegateToId' ||
    field === 'assistHandlerIds' ||
    field === 'promisedAt'
      ? '请选择'
      : '请填写';
  // The domain's name, as the server's own message has it: 请选择向下办理人员, not the form label's
  // 请选择选择向下办理人员.
  return `${verb}${FIELD_LABELS[field] ?? FIELD_LABEL[field]}`;
}

/** Missing required fields → {field: message}; empty when the form may be sent. */
export function validate(ctx: RuleContext, values: TaskInput): Partial<Record<FieldName, string>> {
  const errors: Partial<Record<FieldName, string>> = {};
  for (const field of requiredFields(ctx, values)) {
    if (isBlank(values[field])) errors[field] = requiredMessage(field);
  }
  return errors;
}

/**
 * The request body: only the enabled fields, trimmed, so that a field not required for the chosen
 * outcome is never sent with it (spec §4).
 */
export function buildSubmission(ctx: RuleContext, values: TaskInput): TaskInput {
  const enabled = enabledFields(ctx, values);
  const body: TaskInput = {};
  const decision = effectiveDecision(ctx, values);
  if (ctx.kind === 'handle' && decision) body.decision = decision;
  for (const field of enabled) {
    if (field === 'decision') continue;
    const value = values[field];
    if (isBlank(value)) continue;
    if (typeof value === 'string') {
      (body as Record<string, unknown>)[field] = value.trim();
    } else {
      (body as Record<string, unknown>)[field] = value;
    }
  }
  return body;
}
