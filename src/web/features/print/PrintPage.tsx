/**
 * 打印 (workflow-spec §13): an item as a paper document, A4, in the style of a Chinese office
 * document — 督办通知单 (the notice that goes out with the item, with a blank box for 领导批示),
 * 催办通知书 (the urging notice for an overdue item) and 办理情况表 (the whole history with every
 * opinion). The page has no navigation; its own 打印/返回 buttons do not print.
 */

import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useEffect } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { errorText } from '../../api/client';
import { getItem, getItemHistory } from '../../api/endpoints';
import { keys } from '../../api/keys';
import {
  ACTION_LABEL,
  DECISION_LABEL,
  FLOW_KIND_LABEL,
  label,
  OUTCOME_LABEL,
  TASK_KIND_LABEL,
} from '../../api/labels';
import type { FlowStep, Item } from '../../api/types';
import { stepValues } from '../../components/FlowTimeline';
import { OrgProvider, useOrg } from '../../lib/org';
import './print.css';
import { personName } from '../../lib/users';

export type PrintForm = 'notice' | 'urge' | 'record';

const TITLES: Record<PrintForm, string> = {
  notice: '督办通知单',
  urge: '催办通知书',
  record: '督办事项办理情况表',
};

/** 2026-03-02 → 2026年3月2日, as documents write dates. */
export function chineseDate(date: string | null | undefined): string {
  if (!date) return '';
  const d = dayjs(date);
  return d.isValid() ? `${d.year()}年${d.month() + 1}月${d.date()}日` : date;
}

/** Calendar days past 办结时间 (0 when not overdue); the item's own `overdueDays` when it has one. */
export function overdueDays(
  item: Item & { overdueDays?: number },
  today = dayjs().format('YYYY-MM-DD'),
): number {
  if (typeof item.overdueDays === 'number') return item.overdueDays;
  if (item.status !== 'open') return 0;
  return Math.max(0, dayjs(today).diff(dayjs(item.dueAt), 'day'));
}

const DEFAULT_URGE = '请抓紧办理，并于收到本通知书后三个工作日内将办理进展书面报督办科。';

function Field({ name, children, tall }: { name: string; children?: React.ReactNode; tall?: boolean }) {
  return (
    <tr>
      <th scope="row">{name}</th>
      <td className={tall ? 'print-tall' : undefined}>{children}</td>
    </tr>
  );
}

function Notice({ item }: { item: Item }) {
  const org = useOrg();
  return (
    <>
      <table className="print-table">
        <tbody>
          <Field name="督办事项">{item.title}</Field>
          <Field name="督办来源">{item.source}</Field>
          <Field name="承办（主办）单位">{org.departmentName(item.leadDepartmentId)}</Field>
          <Field name="协办单位">{item.assistDepartmentIds.map(org.departmentName).join('、') || '无'}</Field>
          <Field name="交办时间">{chineseDate(item.assignedAt)}</Field>
          <Field name="办结时间">{chineseDate(item.dueAt)}</Field>
          <Field name="督办内容及要求">
            <div className="print-content">{item.content}</div>
          </Field>
          <Field name="督办人">{personName(item.registrarName)}</Field>
          <Field name="领导批示" tall />
        </tbody>
      </table>
      <p className="print-note">请承办单位按要求办理，并在办结时间前将办理结果报督办科。</p>
    </>
  );
}

function Urge({ item, message }: { item: Item; message: string }) {
  const org = useOrg();
  const days = overdueDays(item);
  return (
    <>
      <p className="print-salutation">{org.departmentName(item.leadDepartmentId)}：</p>
      <p className="print-body">
        你单位承办的督办事项“{item.title}”（督办编号 {item.number}），办结时间为{chineseDate(item.dueAt)}，
        {days > 0 ? `现已逾期 ${days} 天。` : '现尚未办结。'}
        {message}
      </p>
      <table className="print-table">
        <tbody>
          <Field name="督办编号">{item.number}</Field>
          <Field name="督办事项">{item.title}</Field>
          <Field name="承办（主办）单位">{org.departmentName(item.leadDepartmentId)}</Field>
          <Field name="办结时间">{chineseDate(item.dueAt)}</Field>
          <Field name="逾期天数">{days > 0 ? `${days} 天` : '未逾期'}</Field>
          <Field name="催办内容">{message}</Field>
        </tbody>
      </table>
    </>
  );
}

function stepText(step: FlowStep): string {
  const v = stepValues(step);
  const parts: string[] = [];
  if (v.decision) parts.push(DECISION_LABEL[v.decision]);
  if (v.action && v.action in ACTION_LABEL) parts.push(label(ACTION_LABEL, v.action));
  if (v.outcome === 'refuse') parts.push('拒签');
  else if (v.outcome) parts.push(OUTCOME_LABEL[v.outcome]);
  if (v.promisedAt) parts.push(`承诺办结时间：${v.promisedAt}`);
  if (v.implementation) parts.push(`落实情况：${v.implementation}`);
  if (v.reason)
    parts.push(
      `${v.decision === 'refuse' || v.outcome === 'refuse' ? '拒签理由' : '未办结原因'}：${v.reason}`,
    );
  if (v.measures) parts.push(`解决措施：${v.measures}`);
  if (v.remark) parts.push(`备注：${v.remark}`);
  if (v.opinion) parts.push(`意见：${v.opinion}`);
  if (step.state === 'pending') parts.push('（待办理）');
  if (step.state === 'cancelled') parts.push('（已取消）');
  return parts.join('；');
}

function Record({ item }: { item: Item }) {
  const org = useOrg();
  const rows = (item.flows ?? []).flatMap((flow) => flow.steps.map((step) => ({ flow, step })));
  return (
    <>
      <table className="print-table">
        <tbody>
          <Field name="督办事项">{item.title}</Field>
          <Field name="承办（主办）单位">{org.departmentName(item.leadDepartmentId)}</Field>
          <Field name="交办时间 / 办结时间">
            {chineseDate(item.assignedAt)} / {chineseDate(item.dueAt)}
          </Field>
          <Field name="办理状态">{item.status === 'open' ? '未办结' : '已办结'}</Field>
        </tbody>
      </table>
      <table className="print-table print-history">
        <thead>
          <tr>
            <th scope="col">序号</th>
            <th scope="col">流程 / 环节</th>
            <th scope="col">办理人</th>
            <th scope="col">办理情况及意见</th>
            <th scope="col">时间</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ flow, step }, index) => (
            <tr key={step.taskId}>
              <td>{index + 1}</td>
              <td>
                {label(FLOW_KIND_LABEL, flow.kind)} / {label(TASK_KIND_LABEL, step.kind)}
              </td>
              <td>{personName(step.assigneeName)}</td>
              <td className="print-content">{stepText(step)}</td>
              <td>{step.completedAt ? dayjs(step.completedAt).format('YYYY-MM-DD HH:mm') : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function PrintDocument() {
  const { id = '' } = useParams();
  const [search] = useSearchParams();
  const raw = search.get('form');
  const form: PrintForm = raw === 'urge' || raw === 'record' ? raw : 'notice';
  const { data: item, error } = useQuery({ queryKey: keys.item(id), queryFn: () => getItem(id) });
  // Only the 催办通知书 quotes the last 催办 from the history.
  const { data: history } = useQuery({
    queryKey: keys.itemHistory(id),
    queryFn: () => getItemHistory(id),
    enabled: form === 'urge',
  });
  useEffect(() => {
    if (item) document.title = `${TITLES[form]} ${item.number}`;
  }, [item, form]);
  if (error) return <p className="print-error">{errorText(error)}</p>;
  if (!item || (form === 'urge' && !history)) return <p className="print-loading">正在准备打印内容…</p>;
  const lastUrge = [...(history ?? [])].reverse().find((h) => h.action === 'item.urge');
  const urgeText = (lastUrge?.detail as { message?: string } | undefined)?.message || DEFAULT_URGE;
  return (
    <div className="print-page">
      <div className="print-toolbar no-print">
        <nav aria-label="打印单据" className="print-forms">
          {(Object.keys(TITLES) as (keyof typeof TITLES)[]).map((key) => (
            <Link
              key={key}
              to={`/items/${item.id}/print?form=${key}`}
              aria-current={key === form ? 'page' : undefined}
            >
              {TITLES[key]}
            </Link>
          ))}
        </nav>
        <button type="button" onClick={() => window.print()}>
          打印
        </button>
        <Link to={`/items/${item.id}`}>返回督办事项</Link>
      </div>
      <article className="print-sheet" aria-label={TITLES[form]}>
        <h1 className="print-title">{TITLES[form]}</h1>
        <p className="print-number">督办编号：{item.number}</p>
        {form === 'notice' ? <Notice item={item} /> : null}
        {form === 'urge' ? <Urge item={item} message={urgeText} /> : null}
        {form === 'record' ? <Record item={item} /> : null}
        <p className="print-sign">
          督办科（盖章）
          <br />
          {chineseDate(dayjs().format('YYYY-MM-DD'))}
        </p>
      </article>
    </div>
  );
}

export default function PrintPage() {
  return (
    <OrgProvider>
      <PrintDocument />
    </OrgProvider>
  );
}
