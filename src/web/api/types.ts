/**
 * Shapes of the API as the UI uses them, taken from the contract's schemas (src/contract): the
 * server answers with exactly these. Type-only imports, so nothing of TypeBox reaches the bundle.
 */
import type { AttachmentAnswer } from '../../contract/attachments';
import type { AuditEventAnswer } from '../../contract/audit';
import type { AuthProvidersAnswerType, MeAnswerType } from '../../contract/auth';
import type { ItemListAnswerType, ItemListEntryAnswer } from '../../contract/item-list';
import type {
  FlowAnswer,
  HistoryEntryAnswer,
  ItemDetailAnswer,
  ItemPermissionsAnswer,
  StepAnswer,
  UrgeAnswer,
} from '../../contract/items';
import type { NotificationAnswer } from '../../contract/notifications';
import type { DepartmentAnswer, OrgChangeAnswerType, UserAnswer } from '../../contract/org';
import type { AbsenceAnswer, HandoverPreviewAnswer } from '../../contract/people';
import type { TaskFormInput } from '../../contract/rules';
import type { SummaryAnswerType } from '../../contract/summary';
import type {
  AllowedAnswer,
  CompleteAnswerType,
  TaskAnswer,
  TaskDetailAnswerType,
  TaskListAnswerType,
  TaskListEntryAnswer,
} from '../../contract/tasks';
import type { AssistReportOutcome } from '../../domain/types';

export type {
  CloseKind,
  Decision,
  FlowKind,
  FlowStatus,
  HandlerRole,
  ItemStatus,
  Light,
  Outcome,
  Position,
  Role,
  TaskAction,
  TaskKind,
  TaskState,
} from '../../domain/types';
/** A task's outcome: a handling result, or 拒签 of a system 协办反馈 (§13). */
export type TaskOutcome = AssistReportOutcome;

/** The signed-in user; `mustChangePassword` is absent from the login's answer (it is beside the user there). */
export type Me = Omit<MeAnswerType, 'mustChangePassword'> & Partial<Pick<MeAnswerType, 'mustChangePassword'>>;

// Where the UI reads part of an answer (and its tests build only that part), the type picks those
// fields from the contract's; the fields' types are still the contract's.
export type Department = Pick<DepartmentAnswer, 'id' | 'name' | 'parentId'>;

/** GET /api/auth/providers: how one may sign in (for the login page). */
/** GET /api/auth/providers: how one may sign in (for the login page). */
export type AuthProviders = AuthProvidersAnswerType;

/** The answer of 导入组织架构 (and of a directory sync). */
export type OrgChangeAnswer = OrgChangeAnswerType;

export type User = Pick<UserAnswer, 'id' | 'username' | 'name' | 'departmentId' | 'position'> &
  Partial<Pick<UserAnswer, 'roles' | 'disabled'>>;

type HandlerAnswer = ItemDetailAnswer['handlers'][number];
export type Handler = Pick<HandlerAnswer, 'userId' | 'role'> &
  Partial<Omit<HandlerAnswer, 'userId' | 'role'>>;

type StepCore = 'taskId' | 'kind' | 'assigneeId' | 'state';
export type FlowStep = Pick<StepAnswer, StepCore> & Partial<Omit<StepAnswer, StepCore>>;

type FlowCore = 'id' | 'kind' | 'status';
export type Flow = Pick<FlowAnswer, FlowCore> &
  Partial<Omit<FlowAnswer, FlowCore | 'steps'>> & { steps: FlowStep[] };

/** 附件 (§13): a file on the item or on one of its steps (`taskId`). */
export type Attachment = AttachmentAnswer;

export type ItemPermissions = Partial<ItemPermissionsAnswer>;

/** A row of the item list. */
export type ItemSummary = ItemListEntryAnswer;

/** 催办记录 (§11). */
export type Urge = UrgeAnswer;

export type Item = Omit<ItemDetailAnswer, 'handlers' | 'flows' | 'permissions'> & {
  handlers?: Handler[];
  flows?: Flow[];
  permissions?: ItemPermissions;
};

export type ItemList = ItemListAnswerType;

export type TaskInput = TaskFormInput;

/** Every field a task can submit, in the order the action panel shows them (the contract's list). */
export { TASK_INPUT_KEYS } from '../../contract/rules';

export type TaskRow = TaskListEntryAnswer;

export type TaskList = TaskListAnswerType;

/**
 * A task. The forms start from `prefill` as their own input: a returned task is prefilled with a
 * handling result, never with a 拒签 (a refused task is not returned).
 */
export type Task = Omit<TaskAnswer, 'input' | 'prefill'> & {
  input: TaskInput | null;
  prefill: TaskInput | null;
};

export type AllowedActions = AllowedAnswer;

export type TaskDetail = Omit<TaskDetailAnswerType, 'task' | 'item'> & { task: Task; item: Item };

export type CompleteResult = Omit<CompleteAnswerType, 'task'> & { task: Task };

export type Notification = NotificationAnswer;

export type SummaryFigures = SummaryAnswerType['totals'];

export type Summary = SummaryAnswerType;

export type AuditEvent = AuditEventAnswer;

export type HistoryEntry = HistoryEntryAnswer;

/** 委托 (§10): an absence with a deputy. */
export type Absence = AbsenceAnswer;

/** 离职交接 preview (§10). */
export type HandoverPreview = HandoverPreviewAnswer;
