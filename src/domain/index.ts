/**
 * The domain's public surface: pure rules of Duban's workflow (spec: shared/docs/workflow-spec.md).
 * The server loads an item's aggregate, calls one of these commands, persists the returned state
 * and turns the effects into notification and audit rows.
 */

export { addDays, compareDates, daysBetween, isValidDate, isValidMonth, localDate, monthOf } from './dates';
export type { DeadlineReminder } from './deadlines';
export {
  DEFAULT_TIME_ZONE,
  DUE_REMINDER_DAYS,
  DUE_SOON_DAYS,
  deadlineReminders,
  isDueSoon,
  isOverdue,
  light,
  monthlyRecipients,
} from './deadlines';
export * from './errors';
export { ASSIST_OUTCOMES, FIELD_LABELS, OUTCOME_FIELDS, TEXT_LIMITS } from './inputs';
export { editItem, endItem, register, reopenItem, urgeItem } from './items';
export {
  dueMessage,
  monthlyMessage,
  overdueMessage,
  REPORT_KIND_LABELS,
  returnedMessage,
  TASK_KIND_LABELS,
  taskMessage,
  urgeMessage,
} from './messages';
export {
  allowedActions,
  canEdit,
  canEnd,
  canRegister,
  canReopen,
  canReport,
  canSeeAll,
  canSeeItem,
  canUrge,
  hasRole,
  isReportHandler,
  itemPermissions,
  reviewActions,
} from './permissions';
export { fileReport } from './reports';
export { currentResultTask, isOpenForReports, leadHandlers } from './state';
export { completeTask } from './tasks';
export * from './types';
