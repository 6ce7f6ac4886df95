/** Every flow of an item and each of its steps: who, action, outcome fields, opinion, time (穿透查看). */
import { Empty } from 'antd';
import dayjs from 'dayjs';
import {
  ACTION_LABEL,
  DECISION_LABEL,
  FLOW_KIND_LABEL,
  FLOW_STATUS_LABEL,
  label,
  OUTCOME_LABEL,
  TASK_KIND_LABEL,
  TASK_STATE_LABEL,
} from '../api/labels';
import {
  type Attachment,
  type Flow,
  type FlowKind,
  type FlowStep,
  TASK_INPUT_KEYS,
  type TaskInput,
  type TaskOutcome,
} from '../api/types';
import { useOrg } from '../lib/org';
import { personName } from '../lib/users';
import { AttachmentLinks } from './Attachments';
import { SoftTag } from './SoftTag';
import { WithdrawButton } from './WithdrawButton';
import './plain.css';

const fmt = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : undefined);

/** The 延期申请 fields (§11), kept out of TASK_INPUT_KEYS: the handling form's fields are those. */
const EXTENSION_KEYS = ['newDueAt', 'progress', 'approvedDueAt'] as const;

/** A step's submitted values, which the server puts on the step itself. */
export function stepValues(step: FlowStep): StepValues {
  const fromStep: StepValues = {};
  for (const key of [...TASK_INPUT_KEYS, ...EXTENSION_KEYS]) {
    const value = step[key];
    if (value !== undefined && value !== null) (fromStep as Record<string, unknown>)[key] = value;
  }
  return fromStep;
}

/** A step's values: a 协办反馈 may carry `outcome: 'refuse'` (拒签, §13). */
type StepValues = Omit<TaskInput, 'outcome'> & { outcome?: TaskOutcome };

function StepContent({
  step,
  flowKind,
  files,
  offerWithdraw,
}: {
  step: FlowStep;
  flowKind: FlowKind;
  files: Attachment[];
  offerWithdraw?: boolean;
}) {
  const org = useOrg();
  const v = stepValues(step);
  const rows: [string, string][] = [];
  // 延期申请 (§11): what was asked, why, how far the work is, and what 督办科 granted.
  const extension = flowKind === 'extension';
  // An extension's first step is stored as a self-handled one: it is the application, not a decision.
  if (v.decision && !extension) rows.push(['办理方式', DECISION_LABEL[v.decision]]);
  if (v.delegateToId) rows.push(['向下办理人员', personName(step.delegateToName)]);
  // The server reports what a step did as `action`; decisions and reports are shown by their own fields.
  if (step.state === 'done' && step.kind === 'acknowledge') rows.push(['办理动作', '已阅知']);
  else if (extension && step.kind === 'review' && v.action === 'approve') rows.push(['办理动作', '批准延期']);
  else if (v.action && v.action in ACTION_LABEL) rows.push(['办理动作', label(ACTION_LABEL, v.action)]);
  else if (extension && step.state === 'done' && step.kind === 'handle') rows.push(['办理动作', '提交申请']);
  if (v.promisedAt) rows.push(['承诺办结时间', v.promisedAt]);
  if (v.outcome === 'refuse') rows.push(['办理动作', '拒签']);
  else if (v.outcome) rows.push(['事务办理', OUTCOME_LABEL[v.outcome]]);
  if (v.implementation) rows.push(['落实情况', v.implementation]);
  if (v.newDueAt) rows.push(['申请延期至', v.newDueAt]);
  const refused = v.decision === 'refuse' || v.outcome === 'refuse';
  if (v.reason) rows.push([refused ? '拒签理由' : extension ? '延期理由' : '未办结原因', v.reason]);
  if (v.progress) rows.push(['目前进展', v.progress]);
  if (v.approvedDueAt) rows.push(['批准延期至', v.approvedDueAt]);
  // 重新分派 (§13): where the item was sent again, or why it was ended.
  if (v.leadDepartmentId) rows.push(['承办（主办）单位', org.departmentName(v.leadDepartmentId)]);
  if (v.headId) rows.push(['主办单位部处负责人', personName(step.headName)]);
  if (v.remark) rows.push(['备注', v.remark]);
  if (v.measures) rows.push(['解决措施', v.measures]);
  if (v.assistHandlerIds?.length)
    rows.push([
      '协办单位办理人',
      v.assistHandlerIds.map((_, i) => personName(step.assistHandlerNames?.[i])).join('、'),
    ]);
  if (v.opinion) rows.push(['意见', v.opinion]);
  const stateTone = step.state === 'pending' ? 'blue' : step.state === 'cancelled' ? 'grey' : 'green';
  return (
    <div className="timeline-step">
      <strong>{personName(step.assigneeName)}</strong>
      {step.onBehalfOfId ? <span className="muted">（代{personName(step.onBehalfOfName)}办理）</span> : null}
      <span> · {label(TASK_KIND_LABEL, step.kind)} </span>
      <SoftTag tone={stateTone}>{label(TASK_STATE_LABEL, step.state)}</SoftTag>
      {step.returned ? <SoftTag tone="gold">退回重办</SoftTag> : null}
      {step.transferredToId ? (
        <SoftTag tone="grey">已转交{personName(step.transferredToName)}</SoftTag>
      ) : null}
      {step.state === 'pending' ? (
        <SoftTag tone={step.readAt ? 'green' : 'grey'}>{step.readAt ? '已读' : '未读'}</SoftTag>
      ) : null}
      {step.canWithdraw && offerWithdraw ? <WithdrawButton step={step} /> : null}
      {rows.length > 0 ? (
        <dl className="timeline-fields">
          {rows.map(([k, value]) => (
            <div key={k}>
              <dt>{k}：</dt>
              <dd className="pre-wrap">{value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      <AttachmentLinks files={files} />
      <span className="muted">
        {step.state === 'done'
          ? `办理时间：${fmt(step.completedAt) ?? '—'}`
          : step.state === 'pending'
            ? `接收时间：${fmt(step.createdAt) ?? '—'}，等待办理`
            : `已取消${step.completedAt ? `（${fmt(step.completedAt)}）` : ''}`}
      </span>
    </div>
  );
}

export function FlowTimeline({
  flows,
  highlightTaskId,
  attachments = [],
  offerWithdraw = false,
}: {
  flows: Flow[];
  highlightTaskId?: string;
  /** The item's files: each step shows those bound to it (§13). */
  attachments?: Attachment[];
  /** A step the caller may 收回 shows the button (not on print pages, say). */
  offerWithdraw?: boolean;
}) {
  if (flows.length === 0) return <Empty description="暂无流程记录" />;
  // Each flow a card and its steps an ordered list with a coloured dot per state (plain.css): antd's
  // Card (which brings Tabs) and Timeline (built on Steps) were 21 KB gzip on the item page (issue 12).
  return (
    <div className="flow-list">
      {flows.map((flow, index) => (
        <section key={flow.id} className="flow-card" aria-labelledby={`flow-${flow.id}`}>
          <header className="flow-card-head">
            {/* Not a heading: the pages that show flows have different heading levels above them. */}
            <div className="flow-card-title" id={`flow-${flow.id}`}>
              {index + 1}. {label(FLOW_KIND_LABEL, flow.kind)}{' '}
              <SoftTag
                tone={
                  flow.status === 'active'
                    ? 'blue'
                    : flow.status === 'cancelled'
                      ? 'grey'
                      : flow.status === 'refused'
                        ? 'gold'
                        : 'green'
                }
              >
                {FLOW_STATUS_LABEL[flow.status] ?? flow.status}
              </SoftTag>
            </div>
            {flow.startedAt ? <span className="muted">{fmt(flow.startedAt)}</span> : null}
          </header>
          <ol className="flow-steps">
            {flow.steps.map((step) => (
              <li
                key={step.taskId}
                className={`flow-step flow-step-${step.state}${step.taskId === highlightTaskId ? ' timeline-current' : ''}`}
              >
                <StepContent
                  step={step}
                  flowKind={flow.kind}
                  files={attachments.filter((f) => f.taskId === step.taskId)}
                  offerWithdraw={offerWithdraw}
                />
              </li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
