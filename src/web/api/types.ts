/** Shapes of the API contract as the UI uses them. Optional fields are ones the contract leaves open. */

export type Position = 'head' | 'deputy' | 'staff';
export type Role = 'supervisor' | 'leader' | 'admin' | 'sysadmin' | 'auditor';
export type Outcome = 'apply_close' | 'not_done' | 'assist';
export type Decision = 'self' | 'delegate' | 'refuse'; // 拒签 only at the head level (§13)
export type TaskKind = 'handle' | 'approve' | 'review' | 'assist_report' | 'acknowledge' | 'redispatch';
export type TaskState = 'pending' | 'done' | 'cancelled';
export type TaskAction =
  | 'approve'
  | 'return'
  | 'acknowledge'
  | 'close'
  // 延期申请 (§11): 督办科 rejects; the applicant resubmits or withdraws after a return
  | 'reject'
  | 'resubmit'
  | 'withdraw'
  // 重新分派 (§13)
  | 'resend'
  | 'end';
/** A task's outcome: a handling result, or 拒签 of a system 协办反馈 (§13). */
export type TaskOutcome = Outcome | 'refuse';
export type FlowKind = 'registration' | 'lead_report' | 'assist_report' | 'extension' | 'redispatch';
/** How a closed item closed (§12): 已办结 or 已终止. */
export type CloseKind = 'completed' | 'terminated';
export type FlowStatus = 'active' | 'completed' | 'cancelled' | 'refused';
export type ItemStatus = 'open' | 'closed';
export type Light = 'red' | 'yellow' | 'green' | 'none';
export type HandlerRole = 'head' | 'deputy' | 'staff' | 'assist';

export interface Me {
  id: string;
  username: string;
  name: string;
  departmentId: string;
  position: Position;
  roles: Role[];
  /** Signed in with a one-time password: it must be changed before anything else. */
  mustChangePassword?: boolean;
}

export interface Department {
  id: string;
  name: string;
  parentId: string | null;
}

/** GET /api/auth/providers: how one may sign in (for the login page). */
export interface AuthProviders {
  local: boolean;
  ldap: boolean;
  oidc: { name: string } | null;
}

/** The answer of 导入组织架构 (and of a directory sync). */
export interface OrgChangeAnswer {
  departments: { created: number; updated: number; unchanged: number };
  users: { created: number; updated: number; unchanged: number };
  errors: { sheet: string; row: number; field: string; message: string; dn?: string }[];
  applied: boolean;
  passwordsFile?: string;
}

export interface User {
  id: string;
  username: string;
  name: string;
  departmentId: string;
  position: Position;
  roles?: Role[];
  disabled?: boolean;
}

export interface Handler {
  userId: string;
  role: HandlerRole;
  since?: string;
}

export interface FlowStep {
  taskId: string;
  kind: TaskKind;
  assigneeId: string;
  state: TaskState;
  level?: Position | null;
  /** What the step did: an approve/review action, or (done steps) `self`/`delegate`/`report`/`acknowledge`. */
  action?: TaskAction | Decision | 'report' | null;
  decision?: Decision | null;
  delegateToId?: string | null;
  outcome?: TaskOutcome | null;
  promisedAt?: string | null;
  implementation?: string | null;
  reason?: string | null;
  measures?: string | null;
  assistHandlerIds?: string[] | null;
  /** 延期申请 steps (§11). */
  newDueAt?: string | null;
  progress?: string | null;
  approvedDueAt?: string | null;
  opinion?: string | null;
  createdAt?: string;
  completedAt?: string | null;
  returned?: boolean;
  input?: TaskInput | null;
  /** §10: 代 <name> 办理, 转交给, 已读. */
  onBehalfOfId?: string | null;
  onBehalfOfName?: string | null;
  transferredToId?: string | null;
  transferredToName?: string | null;
  readAt?: string | null;
}

export interface Flow {
  id: string;
  kind: FlowKind;
  status: FlowStatus;
  initiatorId?: string | null;
  startedAt?: string;
  endedAt?: string | null;
  steps: FlowStep[];
}

/** 附件 (§13): a file on the item or on one of its steps (`taskId`). */
export interface Attachment {
  id: string;
  itemId: string;
  taskId: string | null;
  name: string;
  size: number;
  contentType: string;
  sha256: string;
  uploadedById: string;
  uploadedByName?: string | null;
  uploadedAt: string | null;
}

export interface ItemPermissions {
  close?: boolean;
  reopen?: boolean;
  urge?: boolean;
  edit?: boolean;
  /** The caller may file 主办反馈 / 协办反馈 on the item now. */
  reportLead?: boolean;
  reportAssist?: boolean;
  /** 延期申请: a lead handler of an open item without a pending extension (§11). */
  extend?: boolean;
}

export interface ItemSummary {
  id: string;
  number: string;
  title: string;
  source: string;
  leadDepartmentId: string;
  assistDepartmentIds?: string[];
  status: ItemStatus;
  result: Outcome | null;
  assignedAt?: string;
  dueAt: string;
  promisedAt?: string | null;
  light: Light;
  registrarId?: string;
  closeKind?: CloseKind | null;
  originalDueAt?: string;
  extensionCount?: number;
  /** 延期审批中 */
  extensionPending?: boolean;
  /** Working days past the effective due date. */
  overdueDays?: number;
  /** 附件数 (§13): the item's files, its steps' included; list rows only. */
  attachmentCount?: number;
}

/** 催办记录 (§11). */
export interface Urge {
  at: string;
  byId: string;
  byName: string | null;
  message: string | null;
  recipientIds: string[];
  recipientNames: string[];
}

export interface Item extends ItemSummary {
  assistDepartmentIds: string[];
  assignedAt: string;
  content: string;
  headId?: string;
  registrarId: string;
  closedAt?: string | null;
  createdAt?: string;
  updatedAt?: string;
  handlers?: Handler[];
  flows?: Flow[];
  permissions?: ItemPermissions;
  urges?: Urge[];
  attachments?: Attachment[];
}

export interface ItemList {
  items: ItemSummary[];
  total: number;
}

export interface TaskInput {
  decision?: Decision;
  delegateToId?: string;
  promisedAt?: string;
  /** The forms submit only handling results; 拒签 is sent by its own dialog. */
  outcome?: Outcome;
  implementation?: string;
  reason?: string;
  measures?: string;
  assistHandlerIds?: string[];
  action?: TaskAction;
  opinion?: string;
  /** 延期申请: 申请延期至, 目前进展 (reason = 延期理由), and 督办科's 批准延期至. */
  newDueAt?: string;
  progress?: string;
  approvedDueAt?: string;
  // 重新分派 (§13)
  leadDepartmentId?: string;
  headId?: string;
  assistDepartmentIds?: string[];
  remark?: string;
}

/** Every field a task can submit, in the order the action panel shows them (the contract's list). */
export { TASK_INPUT_KEYS } from '../../contract/rules';

export interface TaskRow {
  id: string;
  kind: TaskKind;
  itemId: string;
  itemNumber: string;
  itemTitle: string;
  light: Light;
  flowId: string;
  flowKind: FlowKind;
  senderId: string | null;
  senderName: string;
  createdAt: string;
  completedAt?: string | null;
  state?: TaskState;
  readAt?: string | null;
  onBehalfOfId?: string | null;
  onBehalfOfName?: string | null;
  /** 督办科待审核 and 待转交 rows: who holds it now. */
  assigneeId?: string;
  assigneeName?: string | null;
}

export interface TaskList {
  tasks: TaskRow[];
  total: number;
}

export interface Task {
  id: string;
  kind: TaskKind;
  itemId: string;
  flowId?: string;
  flowKind?: FlowKind;
  level?: Position | null;
  assigneeId: string;
  senderId?: string | null;
  senderName?: string;
  state: TaskState;
  createdAt?: string;
  completedAt?: string | null;
  returned?: boolean;
  prefill?: TaskInput | null;
  input?: TaskInput | null;
  /** §10: 代 <name> 办理, 转交给, 已读. */
  onBehalfOfId?: string | null;
  onBehalfOfName?: string | null;
  transferredToId?: string | null;
  transferredToName?: string | null;
  readAt?: string | null;
}

export interface AllowedActions {
  decisions?: Decision[];
  outcomes?: TaskOutcome[];
  actions?: TaskAction[];
}

export interface TaskDetail {
  task: Task;
  item: Item;
  allowed: AllowedActions;
}

export interface CompleteResult {
  task: Task;
  created: { id: string; kind: TaskKind; assigneeId: string }[];
}

export interface Notification {
  id: string;
  kind:
    | 'task'
    | 'returned'
    | 'urge'
    | 'monthly'
    | 'due'
    | 'overdue'
    | 'escalated'
    | 'extension_approved'
    | 'extension_rejected'
    | 'transferred'
    | 'cancelled'
    | 'completed'
    | 'terminated'
    | 'reopened'
    | 'handler_added'
    | 'handler_removed'
    | 'refused';
  itemId: string | null;
  message: string;
  createdAt: string;
  readAt?: string | null;
}

export interface SummaryFigures {
  total: number;
  open: number;
  closed: number;
  /** 已办结 and 已终止 apart (§12); closed = completed + terminated. */
  completed?: number;
  terminated?: number;
  overdue: number;
  extensions?: number;
  completionRate: number | null;
  onTimeRate: number | null;
  onTimeOriginalRate?: number | null;
  /** 拒签 by people of the department (§13). */
  refusals?: number;
}

export interface Summary {
  departments: (SummaryFigures & { departmentId: string })[];
  totals: SummaryFigures;
  bySource: { source: string; total: number }[];
  byMonth: { month: string; total: number; closed: number; completed?: number; terminated?: number }[];
}

export interface AuditEvent {
  at: string;
  actorId: string | null;
  action: string;
  itemId?: string | null;
  detail: unknown;
}

export interface HistoryEntry {
  at: string;
  actorId: string | null;
  action: string;
  detail: unknown;
}

/** 委托 (§10): an absence with a deputy. */
export interface Absence {
  id: string;
  userId: string;
  userName: string | null;
  deputyId: string;
  deputyName: string | null;
  startsOn: string;
  endsOn: string;
  reason: string | null;
  endedAt: string | null;
  cancelled: boolean;
  createdAt: string | null;
}

/** 离职交接 preview (§10). */
export interface HandoverPreview {
  items: {
    itemId: string;
    number: string;
    title: string;
    status: string;
    tasks: number;
    handler: boolean;
    registrar: boolean;
  }[];
  tasks: number;
  handlerEntries: number;
  registrations: number;
}
