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
