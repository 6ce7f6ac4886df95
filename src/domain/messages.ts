/**
 * The Chinese texts of notifications (站内提醒/邮件). Every text starts with the item's number and
 * title so that a notification read on its own (an e-mail, a phone) says which item it is about.
 */
import type { Item, ReportKind, TaskKind } from './types';

/** Chinese names of the task kinds, as the to-do list shows them. */
export const TASK_KIND_LABELS: Readonly<Record<TaskKind, string>> = {
  handle: '办理',
  approve: '审批',
  review: '督办科审核',
  assist_report: '协办反馈',
  acknowledge: '阅知',
};

export const REPORT_KIND_LABELS: Readonly<Record<ReportKind, string>> = {
  lead: '主办反馈',
  assist: '协办反馈',
};

type ItemHeading = Pick<Item, 'number' | 'title' | 'dueAt'>;

function heading(item: ItemHeading): string {
  return `【${item.number}】${item.title}：`;
}

/** A new pending task: 【DB-2026-0001】xxx：您有新的待办（办理） */
export function taskMessage(item: ItemHeading, kind: TaskKind): string {
  return `${heading(item)}您有新的待办（${TASK_KIND_LABELS[kind]}）`;
}

/** A task issued by a return (退回), with the returner's opinion, which says what to fix. */
export function returnedMessage(item: ItemHeading, kind: TaskKind, opinion: string): string {
  return `${heading(item)}您有被退回的待办（${TASK_KIND_LABELS[kind]}），退回意见：${opinion}`;
}

/** 催办 by 督办科, with the supervisor's own words when given. */
export function urgeMessage(item: ItemHeading, message: string | undefined): string {
  const base = `${heading(item)}督办科催办，请抓紧办理`;
  return message ? `${base}。${message}` : base;
}

/** 每月督办: asks for this month's progress report. `month` is `YYYY-MM`. */
export function monthlyMessage(item: ItemHeading, month: string): string {
  const [year, mm] = month.split('-');
  return `${heading(item)}请报送${year}年${Number(mm)}月的办理进展（主办反馈）`;
}

/** Reminder before the deadline (办结时间). */
export function dueMessage(item: ItemHeading): string {
  return `${heading(item)}将于${item.dueAt}到期，请抓紧办理`;
}

/** Reminder after the deadline has passed; `days` = overdue working days when known. */
export function overdueMessage(item: ItemHeading, days?: number): string {
  const late = days ? `，已超期${days}个工作日` : '';
  return `${heading(item)}已超过办结时间（${item.dueAt}）${late}，请尽快办理`;
}

/** 催办升级: the lead head and the registrar, or the leaders, are told of an item long overdue. */
export function escalatedMessage(item: ItemHeading, days: number): string {
  return `${heading(item)}已超过办结时间（${item.dueAt}）${days}个工作日仍未办结，请督促办理`;
}

// ---------------------------------------------------------------------------------------------
// §10 people change: 委托, 领取, 转交, 收回, 离职交接, and the item's end states.

/** A task redirected to an absent user's deputy: the usual text plus 代 <name> 办理. */
export function onBehalfMessage(message: string, absentName: string): string {
  return `${message}（代${absentName}办理）`;
}

/** To the target of a transfer (转交). */
export function transferredToYouMessage(
  item: ItemHeading,
  kind: TaskKind,
  fromName: string,
  reason: string,
): string {
  return `${heading(item)}${fromName}转交给您一项待办（${TASK_KIND_LABELS[kind]}），理由：${reason}`;
}

/** To the previous assignee of a transferred or claimed task. */
export function transferredAwayMessage(
  item: ItemHeading,
  kind: TaskKind,
  toName: string,
  reason: string,
): string {
  return `${heading(item)}您的待办（${TASK_KIND_LABELS[kind]}）已转交${toName}${reason ? `，理由：${reason}` : ''}`;
}

/** To the registrar when a colleague claims (领取) their review. */
export function claimedMessage(item: ItemHeading, claimerName: string): string {
  return `${heading(item)}督办科审核已由${claimerName}领取`;
}

/** To a delegate whose task was taken back (收回), and to anyone whose task was cancelled. */
export function cancelledMessage(item: ItemHeading, kind: TaskKind, why: string): string {
  return `${heading(item)}您的待办（${TASK_KIND_LABELS[kind]}）已取消：${why}`;
}

export function handlerAddedMessage(item: ItemHeading): string {
  return `${heading(item)}您已被列为办理人`;
}

export function handlerRemovedMessage(item: ItemHeading): string {
  return `${heading(item)}您已不再是办理人`;
}

export function completedMessage(item: ItemHeading): string {
  return `${heading(item)}已办结`;
}

export function terminatedMessage(item: ItemHeading, remark: string | undefined): string {
  return `${heading(item)}已结束督办${remark ? `：${remark}` : ''}`;
}

export function reopenedMessage(item: ItemHeading, remark: string): string {
  return `${heading(item)}已重新打开：${remark}`;
}
