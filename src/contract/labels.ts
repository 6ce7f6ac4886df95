/**
 * The API's vocabulary: each value list with its Chinese labels (workflow-spec.md). A label table is
 * keyed by the domain's union, so a value added to the domain fails to compile here until it has a
 * label; the value lists the schemas enumerate are the tables' keys, so they cannot drift either.
 * Plain objects: the web imports them as they are.
 */
import { TASK_KIND_LABELS } from '../domain/messages';
import type {
  CloseKind,
  Decision,
  FlowKind,
  FlowStatus,
  HandlerRole,
  ItemStatus,
  Light,
  NotificationKind,
  Outcome,
  Position,
  ReportKind,
  Role,
  TaskAction,
  TaskKind,
  TaskState,
} from '../domain/types';

export { REPORT_KIND_LABELS as REPORT_KIND_LABEL } from '../domain/messages';

export const POSITION_LABEL: Readonly<Record<Position, string>> = {
  head: '部处负责人',
  deputy: '部处分管负责人',
  staff: '具体负责人',
};

export const ROLE_LABEL: Readonly<Record<Role, string>> = {
  supervisor: '督办员',
  leader: '领导',
  admin: '督办管理员',
  sysadmin: '系统管理员',
  auditor: '审计员',
};

export const OUTCOME_LABEL: Readonly<Record<Outcome, string>> = {
  apply_close: '申请办结',
  not_done: '未办结',
  assist: '其他单位协办',
};

export const DECISION_LABEL: Readonly<Record<Decision, string>> = {
  self: '自办',
  delegate: '向下办理',
  refuse: '拒签',
};

/** The domain names task kinds in its notifications; the UI uses the same words. */
export const TASK_KIND_LABEL: Readonly<Record<TaskKind, string>> = TASK_KIND_LABELS;

export const TASK_STATE_LABEL: Readonly<Record<TaskState, string>> = {
  pending: '待处理',
  done: '已处理',
  cancelled: '已取消',
};

export const ACTION_LABEL: Readonly<Record<TaskAction, string>> = {
  approve: '同意',
  return: '退回',
  acknowledge: '确认',
  close: '同意办结',
  reject: '不予延期',
  resubmit: '重新提交',
  withdraw: '撤回申请',
  resend: '重新发送',
  end: '结束督办',
};

export const FLOW_KIND_LABEL: Readonly<Record<FlowKind, string>> = {
  registration: '督办登记',
  lead_report: '主办反馈',
  assist_report: '协办反馈',
  extension: '延期申请',
  redispatch: '重新分派',
};

export const FLOW_STATUS_LABEL: Readonly<Record<FlowStatus, string>> = {
  active: '进行中',
  completed: '已完成',
  cancelled: '已取消',
  refused: '已拒签',
};

export const STATUS_LABEL: Readonly<Record<ItemStatus, string>> = { open: '未办结', closed: '已办结' };

/** 办理结果 in the manual's words (§12): a terminated item is 已终止, never 已办结. */
export const CLOSE_KIND_LABEL: Readonly<Record<CloseKind, string>> = {
  completed: '已办结',
  terminated: '已终止',
};

export const LIGHT_LABEL: Readonly<Record<Light, string>> = {
  red: '红灯（逾期）',
  yellow: '黄灯（临期）',
  green: '绿灯（正常）',
  none: '—',
};

export const HANDLER_ROLE_LABEL: Readonly<Record<HandlerRole, string>> = {
  head: '部处负责人',
  deputy: '部处分管负责人',
  staff: '具体负责人',
  assist: '协办单位办理人',
};

/** 拒签 of a system 协办反馈 (spec §13) is a task outcome beside the three handling results. */
export const TASK_OUTCOME_LABEL: Readonly<Record<Outcome | 'refuse', string>> = {
  ...OUTCOME_LABEL,
  refuse: '拒签',
};

const keysOf = <K extends string>(table: Readonly<Record<K, string>>) => Object.keys(table) as K[];

export const POSITIONS = keysOf(POSITION_LABEL);
export const ROLES = keysOf(ROLE_LABEL);
export const OUTCOMES = keysOf(OUTCOME_LABEL);
export const TASK_OUTCOMES = keysOf(TASK_OUTCOME_LABEL);
export const DECISIONS = keysOf(DECISION_LABEL);
export const TASK_KINDS = keysOf(TASK_KIND_LABEL);
export const TASK_STATES = keysOf(TASK_STATE_LABEL);
export const TASK_ACTIONS = keysOf(ACTION_LABEL);
export const FLOW_KINDS = keysOf(FLOW_KIND_LABEL);
export const FLOW_STATUSES = keysOf(FLOW_STATUS_LABEL);
export const ITEM_STATUSES = keysOf(STATUS_LABEL);
export const CLOSE_KINDS = keysOf(CLOSE_KIND_LABEL);
export const LIGHTS = keysOf(LIGHT_LABEL);
export const HANDLER_ROLES = keysOf(HANDLER_ROLE_LABEL);
export const REPORT_KINDS: ReportKind[] = ['lead', 'assist'];

/** Notifications have no label (their message is the text); the list is checked against the domain's union. */
export const NOTIFICATION_KINDS = [
  'task',
  'returned',
  'urge',
  'monthly',
  'due',
  'overdue',
  'escalated',
  'extension_approved',
  'extension_rejected',
  // §10 people change
  'transferred',
  'cancelled',
  'completed',
  'terminated',
  'reopened',
  'handler_added',
  'handler_removed',
  // §13 拒签
  'refused',
] as const satisfies readonly NotificationKind[];
// Fails to compile when the domain gains a kind this list lacks.
export type MissingNotificationKind = Exclude<NotificationKind, (typeof NOTIFICATION_KINDS)[number]>;
const everyNotificationKind: [MissingNotificationKind] extends [never] ? true : never = true;
void everyNotificationKind;

export function label<K extends string>(table: Record<K, string>, key: string | null | undefined): string {
  if (key === null || key === undefined || key === '') return '—';
  return (table as Record<string, string>)[key] ?? key;
}
