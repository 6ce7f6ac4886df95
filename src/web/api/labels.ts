/** Chinese labels for the API's vocabulary (workflow-spec.md). */
import type {
  Decision,
  FlowKind,
  HandlerRole,
  ItemStatus,
  Light,
  Outcome,
  Position,
  Role,
  TaskAction,
  TaskKind,
  TaskState,
} from './types';

export const POSITION_LABEL: Record<Position, string> = {
  head: '部处负责人',
  deputy: '部处分管负责人',
  staff: '具体负责人',
};

export const ROLE_LABEL: Record<Role, string> = {
  supervisor: '督办员',
  leader: '领导',
  admin: '督办管理员',
  sysadmin: '系统管理员',
  auditor: '审计员',
};

export const OUTCOME_LABEL: Record<Outcome, string> = {
  apply_close: '申请办结',
  not_done: '未办结',
  assist: '其他单位协办',
};

export const DECISION_LABEL: Record<Decision, string> = { self: '自办', delegate: '向下办理' };

export const TASK_KIND_LABEL: Record<TaskKind, string> = {
  handle: '办理',
  approve: '审批',
  review: '督办科审核',
  assist_report: '协办反馈',
  acknowledge: '阅知',
};

export const TASK_STATE_LABEL: Record<TaskState, string> = {
  pending: '待处理',
  done: '已处理',
  cancelled: '已取消',
};

export const ACTION_LABEL: Record<TaskAction, string> = {
  approve: '同意',
  return: '退回',
  acknowledge: '确认',
  close: '同意办结',
  reject: '不予延期',
  resubmit: '重新提交',
  withdraw: '撤回申请',
};

export const FLOW_KIND_LABEL: Record<FlowKind, string> = {
  registration: '督办登记',
  lead_report: '主办反馈',
  assist_report: '协办反馈',
  extension: '延期申请',
};

export const FLOW_STATUS_LABEL = { active: '进行中', completed: '已完成', cancelled: '已取消' } as const;

export const STATUS_LABEL: Record<ItemStatus, string> = { open: '未办结', closed: '已办结' };

/** 办理结果 in the manual's words (§12): a terminated item is 已终止, never 已办结. */
export const CLOSE_KIND_LABEL = { completed: '已办结', terminated: '已终止' } as const;

export const LIGHT_LABEL: Record<Light, string> = {
  red: '红灯（逾期）',
  yellow: '黄灯（临期）',
  green: '绿灯（正常）',
  none: '—',
};

export const HANDLER_ROLE_LABEL: Record<HandlerRole, string> = {
  head: '部处负责人',
  deputy: '部处分管负责人',
  staff: '具体负责人',
  assist: '协办单位办理人',
};

export function label<K extends string>(table: Record<K, string>, key: string | null | undefined): string {
  if (key === null || key === undefined || key === '') return '—';
  return (table as Record<string, string>)[key] ?? key;
}
