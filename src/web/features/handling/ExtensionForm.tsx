/**
 * A step of a 延期申请 flow (§11): approvers 同意 / 退回; 督办科 批准延期 (optionally an earlier date
 * than asked, still after the current 办结时间) / 不予延期 (opinion required); after a return the
 * applicant 重新提交 (new date, reason, progress) or 撤回申请.
 */
import { Alert, Button, DatePicker, Descriptions, Form, Input, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ACTION_LABEL } from '../../api/labels';
import type { Flow, TaskAction, TaskDetail, TaskInput } from '../../api/types';
import { useFormSubmit } from '../../lib/useFormSubmit';

interface Values {
  action?: TaskAction;
  opinion?: string;
  approvedDueAt?: Dayjs | null;
  newDueAt?: Dayjs | null;
  reason?: string;
  progress?: string;
}

const EXTENSION_FIELDS = ['opinion', 'approvedDueAt', 'newDueAt', 'reason', 'progress', 'action'] as const;

function extensionBody(v: Values): TaskInput {
  const body: TaskInput = { action: v.action };
  if (v.opinion?.trim()) body.opinion = v.opinion.trim();
  if (v.action === 'approve' && v.approvedDueAt) body.approvedDueAt = v.approvedDueAt.format('YYYY-MM-DD');
  if (v.action === 'resubmit') {
    if (v.newDueAt) body.newDueAt = v.newDueAt.format('YYYY-MM-DD');
    body.reason = v.reason?.trim() ?? '';
    body.progress = v.progress?.trim() ?? '';
  }
  return body;
}

/** The request the flow carries: the applicant's latest submission. */
export function extensionRequest(flow: Flow | undefined): TaskInput | undefined {
  const steps = flow?.steps.filter((s) => s.kind === 'handle' && s.state === 'done' && s.newDueAt) ?? [];
  return steps.at(-1) as TaskInput | undefined;
}

export function ExtensionForm({
  detail,
  flow,
  onSubmit,
}: {
  detail: TaskDetail;
  flow: Flow | undefined;
  onSubmit: (body: TaskInput) => Promise<void>;
}) {
  const [form] = Form.useForm<Values>();
  const actions = detail.allowed?.actions ?? [];
  const request = extensionRequest(flow) ?? detail.task.prefill ?? undefined;
  const dueAt = detail.item.dueAt;
  const action = Form.useWatch('action', form);
  const after = (d: Dayjs) => !d.isAfter(dayjs(dueAt), 'day');

  const {
    send,
    submitting: busy,
    error,
  } = useFormSubmit(form, (v: Values) => onSubmit(extensionBody(v)), {
    fields: EXTENSION_FIELDS,
    errorDisplay: 'alert',
  });

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      name="extension"
      onFinish={(v) => void send(v)}
      initialValues={{
        newDueAt: request?.newDueAt ? dayjs(request.newDueAt) : null,
        reason: request?.reason,
        progress: request?.progress,
      }}
    >
      <Descriptions
        bordered
        size="small"
        column={1}
        style={{ marginBottom: 16 }}
        items={[
          { key: 'due', label: '当前办结时间', children: dueAt },
          { key: 'new', label: '申请延期至', children: request?.newDueAt ?? '—' },
          { key: 'reason', label: '延期理由', children: request?.reason ?? '—' },
          { key: 'progress', label: '目前进展', children: request?.progress ?? '—' },
        ]}
      />
      <Form.Item name="action" label="处理意见" rules={[{ required: true, message: '请选择处理意见' }]}>
        <Radio.Group
          options={actions.map((a) => ({
            value: a,
            label: detail.task.kind === 'review' && a === 'approve' ? '批准延期' : ACTION_LABEL[a],
          }))}
        />
      </Form.Item>
      {detail.task.kind === 'review' && action === 'approve' ? (
        <Form.Item name="approvedDueAt" label="批准延期至（不填则按申请的日期）">
          <DatePicker
            style={{ width: '100%' }}
            disabledDate={(d) =>
              after(d) || (request?.newDueAt ? d.isAfter(dayjs(request.newDueAt), 'day') : false)
            }
          />
        </Form.Item>
      ) : null}
      {action === 'resubmit' ? (
        <>
          <Form.Item
            name="newDueAt"
            label="申请延期至"
            className="field-required"
            rules={[{ required: true, message: '请选择申请延期至' }]}
          >
            <DatePicker style={{ width: '100%' }} disabledDate={after} />
          </Form.Item>
          <Form.Item
            name="reason"
            label="延期理由"
            className="field-required"
            rules={[{ required: true, whitespace: true, message: '请填写延期理由' }]}
          >
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
          <Form.Item
            name="progress"
            label="目前进展"
            className="field-required"
            rules={[{ required: true, whitespace: true, message: '请填写目前进展' }]}
          >
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
        </>
      ) : null}
      {action !== 'resubmit' && action !== 'withdraw' ? (
        <Form.Item
          name="opinion"
          label="意见"
          className={action === 'return' || action === 'reject' ? 'field-required' : undefined}
          rules={[
            {
              required: action === 'return' || action === 'reject',
              whitespace: true,
              message: '退回或不予延期须填写意见',
            },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
      ) : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Button type="primary" htmlType="submit" loading={busy}>
        提交
      </Button>
    </Form>
  );
}
