/** The handling page (处理界面, 图7): basic info read-only on the left, the action panel on the right. */
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Result, Row, Skeleton, Tag } from 'antd';
import { type ReactNode, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { errorText as textOf } from '../../api/client';
import { completeTask, getTask } from '../../api/endpoints';
import { keys, WORK_KEYS } from '../../api/keys';
import { FLOW_KIND_LABEL, label, TASK_KIND_LABEL, TASK_STATE_LABEL } from '../../api/labels';
import type { Flow, TaskDetail, TaskInput } from '../../api/types';
import { AttachmentPanel } from '../../components/Attachments';
import { FlowTimeline } from '../../components/FlowTimeline';
import { ItemInfo } from '../../components/ItemInfo';
import { PageHeader } from '../../components/PageHeader';
import { SoftTag } from '../../components/SoftTag';
import { useScreens } from '../../lib/screens';
import { personName } from '../../lib/users';
import { useMe } from '../auth/AuthContext';
import { ExtensionForm } from './ExtensionForm';
import { HandlingForm } from './HandlingForm';
import { RedispatchForm, RefuseButton } from './Refusal';
import { canRefuse, type RuleContext } from './rules';
import { TaskActions } from './TaskActions';

const SUBMIT_TEXT: Record<string, string> = { acknowledge: '阅知', handle: '提交', assist_report: '提交' };

/** Whether `allowed` lets the caller act at all (empty for everybody but the assignee). */
export function canAct(detail: TaskDetail, meId: string): boolean {
  if (detail.task.state !== 'pending' || detail.task.assigneeId !== meId) return false;
  if (detail.task.kind === 'acknowledge') return true;
  const a = detail.allowed ?? {};
  return Boolean(a.decisions?.length || a.outcomes?.length || a.actions?.length);
}

/** Who refused the item's latest registration (拒签), so that 重新分派 does not offer them again. */
function refuserOf(flows: Flow[]): string | undefined {
  const registration = flows.filter((f) => f.kind === 'registration').at(-1);
  if (registration?.status !== 'refused') return undefined;
  return registration.steps.find((s) => s.decision === 'refuse' || s.action === 'refuse')?.assigneeId;
}

/** What the caller can do with the task: its evidence upload and the form for its kind, or why not. */
function HandlingPanel({
  detail,
  flow,
  onSubmit,
}: {
  detail: TaskDetail;
  flow: Flow | undefined;
  onSubmit: (body: TaskInput | Record<string, unknown>) => Promise<void>;
}) {
  const me = useMe();
  const { task, item } = detail;
  const ctx: RuleContext = {
    kind: task.kind,
    allowed: detail.allowed,
    promisedAtOptional: task.kind === 'handle' && task.flowKind === 'lead_report',
  };
  const inFlow = flow ? flow.steps.map((s) => s.assigneeId) : [];
  return (
    <>
      {canAct(detail, me.id) && task.kind !== 'acknowledge' && task.kind !== 'redispatch' ? (
        <div className="task-attachments">
          <AttachmentPanel
            itemId={item.id}
            taskId={task.id}
            files={(item.attachments ?? []).filter((f) => f.taskId === task.id)}
            canUpload
            canDelete={(f) => f.uploadedById === me.id}
            uploadText="上传附件（佐证材料）"
          />
        </div>
      ) : null}
      {canAct(detail, me.id) && task.flowKind === 'extension' ? (
        <ExtensionForm detail={detail} flow={flow} onSubmit={onSubmit} />
      ) : canAct(detail, me.id) && task.kind === 'redispatch' ? (
        <RedispatchForm initial={item} refuserId={refuserOf(item.flows ?? [])} onSubmit={onSubmit} />
      ) : canAct(detail, me.id) ? (
        <HandlingForm
          ctx={ctx}
          leadDepartmentId={item.leadDepartmentId}
          excludeDelegates={[me.id, ...inFlow]}
          prefill={task.prefill}
          submitText={SUBMIT_TEXT[task.kind] ?? '提交'}
          onSubmit={onSubmit}
          extraActions={
            canRefuse(detail.allowed) && (task.kind === 'handle' || task.kind === 'assist_report') ? (
              <RefuseButton kind={task.kind} onSubmit={onSubmit} />
            ) : undefined
          }
        />
      ) : (
        <Alert
          type="info"
          showIcon
          title={
            task.state === 'pending'
              ? '此事项由他人办理，您只能查看'
              : `此事项${label(TASK_STATE_LABEL, task.state)}`
          }
        />
      )}
    </>
  );
}

/**
 * 本流程办理记录: open beside the form on a desktop; on a phone, where it would push the 办理 panel
 * some 1,500 px down, it comes after the panel and starts folded.
 */
function FlowRecord({ children }: { children: ReactNode }) {
  const screens = useScreens();
  const [open, setOpen] = useState<boolean>();
  const shown = open ?? Boolean(screens.lg);
  return (
    <Card
      title="本流程办理记录"
      className="flow-record"
      styles={shown ? undefined : { body: { display: 'none' } }}
      extra={
        <Button type="link" aria-expanded={shown} onClick={() => setOpen(!shown)}>
          {shown ? '收起' : '展开'}
        </Button>
      }
    >
      {shown ? children : null}
    </Card>
  );
}

export default function HandlingPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { data, error, isPending } = useQuery({ queryKey: keys.task(id), queryFn: () => getTask(id) });
  // The forms put the API's field errors on their fields: they get the error from mutateAsync.
  const complete = useMutation({
    mutationFn: (body: TaskInput | Record<string, unknown>) => completeTask(id, body),
    meta: { invalidates: WORK_KEYS },
  });
  const errorText = textOf(error);

  if (isPending) return <Skeleton active />;
  if (errorText || !data) {
    return (
      <Result
        status="warning"
        title="无法打开该事项"
        subTitle={errorText}
        extra={<Link to="/tasks/pending">返回待办事项</Link>}
      />
    );
  }
  const { task, item } = data;
  const flow = item.flows?.find((f) => f.id === task.flowId);
  const title = `${label(TASK_KIND_LABEL, task.kind)}：${item.title}`;

  const submit = async (body: TaskInput | Record<string, unknown>) => {
    const result = await complete.mutateAsync(body);
    const next = result.created.map((c) => personName(c.assigneeName)).join('、');
    message.success(next ? `已提交，已发送给：${next}` : '已提交');
    navigate('/tasks/pending');
  };

  return (
    <div>
      <PageHeader
        title={title}
        trail={[
          {
            title: task.state === 'pending' ? '待办事项' : '已办事项',
            path: task.state === 'pending' ? '/tasks/pending' : '/tasks/done',
          },
        ]}
        extra={
          <>
            <Tag>{label(FLOW_KIND_LABEL, task.flowKind ?? flow?.kind)}</Tag>
            {task.onBehalfOfId ? <Tag color="purple">代{personName(task.onBehalfOfName)}办理</Tag> : null}
            <SoftTag tone={task.state === 'pending' ? 'blue' : 'grey'}>
              {label(TASK_STATE_LABEL, task.state)}
            </SoftTag>
            <Link to={`/items/${item.id}`}>查看详情</Link>
          </>
        }
      />
      <Row gutter={[16, 16]}>
        {/* On a phone the 办理 panel comes first (order), the item and its record after it. */}
        <Col xs={{ span: 24, order: 2 }} lg={{ span: 13, order: 1 }}>
          <Card title="督办事项基本信息">
            <ItemInfo item={item} />
          </Card>
          {flow ? (
            <div style={{ marginTop: 16 }}>
              <FlowRecord>
                <FlowTimeline
                  flows={[flow]}
                  highlightTaskId={task.id}
                  attachments={item.attachments}
                  offerWithdraw
                />
              </FlowRecord>
            </div>
          ) : null}
        </Col>
        <Col xs={{ span: 24, order: 1 }} lg={{ span: 11, order: 2 }}>
          <Card
            title="办理"
            className="action-panel"
            extra={
              <TaskActions
                task={task}
                leadDepartmentId={item.leadDepartmentId}
                canWithdraw={flow?.steps.find((s) => s.taskId === task.id)?.canWithdraw}
                onChanged={(text) => {
                  message.success(text);
                  // 领取 keeps the page (now the caller's review); the others leave it.
                  if (!text.startsWith('已领取')) navigate('/tasks/pending');
                }}
              />
            }
          >
            {task.returned ? (
              <Alert
                type="warning"
                showIcon
                title="此事项已被退回，请重新办理"
                style={{ marginBottom: 16 }}
              />
            ) : null}
            <HandlingPanel detail={data} flow={flow} onSubmit={submit} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
