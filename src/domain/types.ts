/**
 * The vocabulary of Duban's domain. Terms follow ../shared/docs/workflow-spec.md; the Chinese
 * word is given where a term first appears. This module is pure: no I/O, no clock, no framework.
 */

/** Position inside one's department (职务). */
export type Position = 'head' | 'deputy' | 'staff'; // 部处负责人 / 部处分管负责人 / 具体负责人

/** Global roles, granted on top of a position. */
export type Role = 'supervisor' | 'leader' | 'admin' | 'sysadmin' | 'auditor'; // 督办员 / 领导 / 督办管理员 / 系统管理员 / 审计员

export const ROLES: readonly Role[] = ['supervisor', 'leader', 'admin', 'sysadmin', 'auditor'];
export const POSITIONS: readonly Position[] = ['head', 'deputy', 'staff'];

/** Level of a handle task inside the lead department's chain (流程层级), not a job title. */
export type Level = 'head' | 'deputy' | 'staff';

/** Role of a handler recorded on an item (办理人). */
export type HandlerRole = Level | 'assist'; // assist = 协办单位办理人
export const HANDLER_ROLES: readonly HandlerRole[] = ['head', 'deputy', 'staff', 'assist'];

/** Outcome of the handling result (事务办理). */
export type Outcome = 'apply_close' | 'not_done' | 'assist'; // 申请办结 / 未办结 / 其他单位协办
export const OUTCOMES: readonly Outcome[] = ['apply_close', 'not_done', 'assist'];

export type Decision = 'self' | 'delegate'; // 自办 / 向下办理

export type TaskKind = 'handle' | 'approve' | 'review' | 'assist_report' | 'acknowledge'; // 办理 / 审批 / 督办科审核 / 协办反馈 / 阅知
export type TaskState = 'pending' | 'done' | 'cancelled';

/** Actions of approve and review tasks. */
export type ApproveAction = 'approve' | 'return'; // 同意 / 退回
export type ReviewAction = 'acknowledge' | 'close'; // 确认 / 同意办结
/**
 * Actions of an extension flow (延期申请, spec §11): 督办科's review approves (批准延期) or rejects
 * (不予延期); after a return the applicant resubmits (重新提交) or withdraws (撤回申请).
 */
export type ExtensionAction = 'approve' | 'reject' | 'resubmit' | 'withdraw';
export type TaskAction = ApproveAction | ReviewAction | ExtensionAction;

export type FlowKind = 'registration' | 'lead_report' | 'assist_report' | 'extension'; // 督办登记 / 主办反馈 / 协办反馈 / 延期申请
export type FlowStatus = 'active' | 'completed' | 'cancelled';

export type ItemStatus = 'open' | 'closed'; // 办理中 / 已办结
export type Light = 'red' | 'yellow' | 'green' | 'none'; // 红黄绿灯

/** A calendar date, `YYYY-MM-DD`, in the configured time zone. */
export type DateString = string;

/** The signed-in user as the domain sees them. */
export interface Actor {
  id: string;
  departmentId: string;
  position: Position;
  roles: readonly Role[];
}

/** What the domain needs to know about any user it routes work to. */
export interface UserRef {
  id: string;
  name: string;
  departmentId: string;
  position: Position;
  disabled: boolean;
}

/** Values submitted with (or pre-filled into) a task. Which ones apply depends on the task kind. */
export interface TaskInput {
  decision?: Decision;
  delegateToId?: string;
  promisedAt?: DateString; // 承诺办结时间
  outcome?: Outcome;
  implementation?: string; // 落实情况
  reason?: string; // 未办结原因
  measures?: string; // 解决措施
  assistHandlerIds?: string[]; // 协办单位办理人
  action?: TaskAction;
  opinion?: string; // 意见
  newDueAt?: DateString; // 申请延期至
  progress?: string; // 目前进展 (延期申请; `reason` holds 延期理由)
  approvedDueAt?: DateString; // 批准延期至 (督办科 may approve an earlier date than asked)
}

/** The item (督办事项). */
export interface Item {
  id: string;
  number: string; // DB-YYYY-NNNN
  title: string; // 督办事项
  source: string; // 督办来源
  leadDepartmentId: string; // 承办（主办）单位
  assistDepartmentIds: string[]; // 协办单位
  assignedAt: DateString; // 交办时间
  dueAt: DateString; // 办结时间
  content: string; // 督办内容及要求
  headId: string; // 主办单位部处负责人 chosen on 发送
  registrarId: string; // 督办人
  status: ItemStatus;
  result: Outcome | null;
  promisedAt: DateString | null;
  closedAt: Date | null;
  /** How a closed item closed: completed (办结) or terminated (终止, 结束); null while open. */
  closeKind: CloseKind | null;
  /** The 办结时间 set at registration; extensions (延期) never change it. */
  originalDueAt: DateString;
  /** Approved extensions, the admin's edits of dueAt to a later date included. */
  extensionCount: number;
  createdAt: Date;
  updatedAt: Date;
}

/** 办结 (the review's 同意办结, or the admin's 办理结果 = 已办结) or 终止 (结束 without completion). */
export type CloseKind = 'completed' | 'terminated';

export interface Flow {
  id: string;
  itemId: string;
  kind: FlowKind;
  status: FlowStatus;
  /** Who started it; null when the system started it (assist flows after a review). */
  initiatorId: string | null;
  /** The flow whose completion started this one (assist flows), else null. */
  parentFlowId: string | null;
  /** Order of flows on the item, from 1. */
  seq: number;
  startedAt: Date;
  endedAt: Date | null;
}

/** One to-do entry for one person (待办). */
export interface Task {
  id: string;
  flowId: string;
  itemId: string;
  kind: TaskKind;
  /** Chain level for handle/approve tasks of lead-department people; null otherwise. */
  level: Level | null;
  assigneeId: string;
  /** Who sent it; null when the system did (senderName "系统"). */
  senderId: string | null;
  state: TaskState;
  /** Order of steps inside the flow, from 1. */
  seq: number;
  createdAt: Date;
  completedAt: Date | null;
  /** What the assignee submitted (state done). */
  input: TaskInput | null;
  /** A returned step's last values (退回后预填). */
  prefill: TaskInput | null;
  /** True when this task was issued by a return (退回). */
  returned: boolean;
  /** 代 <name> 办理: the absent user this task was issued to, now held by their deputy (委托); else null. */
  onBehalfOfId: string | null;
  /** On a task cancelled by 转交 (transfer or handover): who received it; else null. */
  transferredToId: string | null;
  /** When the assignee first opened it (已读); null = 未读. */
  readAt: Date | null;
}

export interface Handler {
  userId: string;
  role: HandlerRole;
  since: Date;
}

/** Everything the rules need about one item: the aggregate that a command transforms. */
export interface ItemState {
  item: Item;
  flows: Flow[];
  tasks: Task[];
  handlers: Handler[];
}

export type NotificationKind =
  | 'task'
  | 'returned'
  | 'urge'
  | 'monthly'
  | 'due'
  | 'overdue'
  | 'escalated'
  | 'extension_approved'
  | 'extension_rejected'
  // v1.1 §10 (people change)
  | 'transferred'
  | 'cancelled'
  | 'completed'
  | 'terminated'
  | 'reopened'
  | 'handler_added'
  | 'handler_removed';

/** A side effect as data: the service turns these into rows (and e-mails). */
export interface NotificationEffect {
  userId: string;
  kind: NotificationKind;
  itemId: string;
  taskId: string | null;
  message: string;
}

export interface AuditEffect {
  action: string;
  itemId: string | null;
  detail: Record<string, unknown>;
}

/** Result of every command: the next state plus side effects. Persistence diffs `state` against the old one. */
export interface Transition {
  state: ItemState;
  notifications: NotificationEffect[];
  audit: AuditEffect[];
  /** Tasks created by this command, in creation order (the API answers them as `created`). */
  created: Task[];
}

/** Deterministic context of a command: the clock and id source are parameters, never globals. */
export interface CommandContext {
  now: Date;
  /** Today's date in the configured time zone. */
  today: DateString;
  newId: () => string;
  /** Looks up any user the command refers to; undefined = no such user. */
  user: (id: string) => UserRef | undefined;
  /**
   * Added by the domain: whether a department exists. Optional because the service already checks
   * the departments of a new item before calling `register`; when given, `register` and `editItem`
   * also name an unknown department as a field error (so that every offending field is named at once).
   */
  departmentExists?: (id: string) => boolean;
  /**
   * Whether a department has an enabled 部处负责人 (position head). When given, `register` requires
   * `headId` to be a head wherever the department has one (spec §12); any member otherwise.
   */
  departmentHasHead?: (id: string) => boolean;
  /**
   * Added for 委托 (spec §10): the deputy of a user who is absent today, if any. A task the command
   * would issue to that user goes to the deputy instead (when the deputy may receive it). Absent =
   * nobody is away.
   */
  deputyFor?: (userId: string) => string | undefined;
  /** Added for 督办科 review claims: whether the user holds the supervisor role (absent = nobody). */
  isSupervisor?: (userId: string) => boolean;
}

// ---------------------------------------------------------------------------------------------
// Command inputs and results, added by the domain so that the service and the domain share one
// definition of each request body. None of them changes a stored row's shape.

/** Body of 新建督办 (POST /api/items). `number` is allocated by the service. */
export interface RegisterInput {
  title: string;
  source: string;
  leadDepartmentId: string;
  assistDepartmentIds: string[];
  assignedAt: DateString;
  dueAt: DateString;
  content: string;
  headId: string;
}

/** Body of the admin's edit (督办列表, PATCH /api/items/:id): only the keys present change. */
export interface ItemPatch {
  handlers?: { userId: string; role: HandlerRole }[];
  /** For removed handlers who still have pending tasks on the item: who takes those tasks (§10). */
  handlerSuccessors?: Record<string, string>;
  result?: Outcome | null;
  title?: string;
  source?: string;
  leadDepartmentId?: string;
  assistDepartmentIds?: string[];
  assignedAt?: DateString;
  dueAt?: DateString;
  content?: string;
  promisedAt?: DateString | null;
  /** 办理结果 as the manual means it: completed = 已办结 (closes), open = 未办结 (reopens); remark required. */
  status?: 'completed' | 'open';
  remark?: string;
  /** The last handling's outcome (事务办理); `result` is accepted as an alias. */
  outcome?: Outcome | null;
}

export type ReportKind = 'lead' | 'assist'; // 主办反馈 / 协办反馈

/** Body of a progress report (督办反馈, POST /api/items/:id/reports). */
export interface ReportInput {
  kind: ReportKind;
  outcome: Outcome;
  promisedAt?: DateString;
  implementation?: string;
  reason?: string;
  measures?: string;
  assistHandlerIds?: string[];
  opinion?: string;
}

/** What the assignee may choose on a task (`allowed` of GET /api/tasks/:id); empty = may not act. */
export interface AllowedActions {
  decisions?: Decision[];
  outcomes?: Outcome[];
  actions?: TaskAction[];
}

/** Item-level commands the caller may use, for the UI's buttons. */
export interface ItemPermissions {
  close: boolean; // 结束
  reopen: boolean;
  urge: boolean; // 催办
  edit: boolean; // 督办列表 edit
  reportLead: boolean; // 主办反馈
  reportAssist: boolean; // 协办反馈
  extend: boolean; // 延期申请: a lead handler, item open, no extension pending
}

/** `completeTask` also answers the completed task as it now is (the API's `task`). */
export interface TaskTransition extends Transition {
  task: Task;
}

/** `fileReport` also answers the new flow's id (the API's `flowId`). */
export interface ReportTransition extends Transition {
  flowId: string;
}

/** Body of 延期申请 (POST /api/items/:id/extensions). */
export interface ExtensionInput {
  newDueAt: DateString;
  reason: string;
  progress: string;
}

/** `urgeItem` also answers how many people were notified (the API's `notified`). */
export interface UrgeTransition extends Transition {
  notified: number;
  /** Who was notified (the urge log keeps them). */
  recipients: string[];
  message: string | null;
}
