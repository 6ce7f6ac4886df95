/**
 * 拒签 and 重新分派 (workflow-spec §13): the refuse button with its reason dialog, offered to the head
 * an item was sent to and to the assisting handler of a system 协办反馈; and the registrar's form to
 * send a refused item to another department or head, or to end it.
 */
import { Alert, Button, Form, Input, Modal, Radio } from 'antd';
import { useState } from 'react';
import type { TaskInput } from '../../api/types';
import { PersonField } from '../../components/PersonPicker';
import { useOrg } from '../../lib/org';
import { useFormSubmit } from '../../lib/useFormSubmit';
import { ItemFieldsForm } from '../items/ItemFieldsForm';
import { headPicker } from '../items/itemForm';

/** 拒签: asks for the reason (required) and sends `decision` or `outcome` = refuse. */
export function RefuseButton({
  kind,
  onSubmit,
}: {
  kind: 'handle' | 'assist_report';
  onSubmit: (body: TaskInput | Record<string, unknown>) => Promise<void>;
}) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason?: string }>();
  const { submit, submitting, error } = useFormSubmit(
    form,
    ({ reason }: { reason?: string }) =>
      onSubmit(kind === 'handle' ? { decision: 'refuse', reason } : { outcome: 'refuse', reason }),
    { fields: ['reason'], errorDisplay: 'alert', onSuccess: () => setOpen(false) },
  );
  return (
    <>
      <Button danger onClick={() => setOpen(true)}>
        拒签
      </Button>
      <Modal
        open={open}
        title={kind === 'handle' ? '拒签：退回督办科重新分派' : '拒签协办反馈'}
        okText="确认拒签"
        okButtonProps={{ danger: true, loading: submitting }}
        cancelText="取消"
        onOk={() => void submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="reason"
            label="拒签理由"
            className="field-required"
            rules={[{ required: true, whitespace: true, message: '请填写拒签理由' }]}
          >
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
          </Form.Item>
        </Form>
        {error ? <Alert type="error" showIcon title={error} /> : null}
      </Modal>
    </>
  );
}

interface RedispatchValues {
  action?: 'resend' | 'end';
  leadDepartmentId?: string;
  headId?: string;
  assistDepartmentIds?: string[];
  remark?: string;
}

const REDISPATCH_FIELDS = ['action', 'leadDepartmentId', 'headId', 'assistDepartmentIds', 'remark'] as const;

function redispatchBody(v: RedispatchValues): TaskInput {
  if (v.action === 'end') return { action: 'end', remark: v.remark?.trim() };
  return {
    action: 'resend',
    leadDepartmentId: v.leadDepartmentId,
    headId: v.headId,
    assistDepartmentIds: v.assistDepartmentIds ?? [],
  };
}

/** 重新分派: 重新发送 to a department and its head (another department, or another head), or 结束督办. */
export function RedispatchForm({
  initial,
  refuserId,
  onSubmit,
}: {
  initial: { leadDepartmentId: string; assistDepartmentIds: string[] };
  /** Who refused (cannot be chosen again). */
  refuserId?: string;
  onSubmit: (body: TaskInput) => Promise<void>;
}) {
  const org = useOrg();
  const [form] = Form.useForm<RedispatchValues>();
  const action = Form.useWatch('action', form);
  const lead = Form.useWatch('leadDepartmentId', form);
  const { submit, submitting, error } = useFormSubmit(
    form,
    (v: RedispatchValues) => onSubmit(redispatchBody(v)),
    {
      fields: REDISPATCH_FIELDS,
      errorDisplay: 'alert',
    },
  );
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ action: 'resend', assistDepartmentIds: initial.assistDepartmentIds }}
    >
      <Form.Item name="action" label="重新分派方式" className="field-required">
        <Radio.Group
          options={[
            { value: 'resend', label: '重新发送' },
            { value: 'end', label: '结束督办' },
          ]}
        />
      </Form.Item>
      {action === 'end' ? (
        <Form.Item
          name="remark"
          label="备注"
          className="field-required"
          rules={[{ required: true, whitespace: true, message: '请填写备注' }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
      ) : (
        <ItemFieldsForm
          form={form}
          fields={['leadDepartmentId', 'assistDepartmentIds']}
          onLeadChange={() => form.setFieldValue('headId', undefined)}
          afterLead={
            <Form.Item
              name="headId"
              label="主办单位部处负责人"
              className="field-required"
              rules={[{ required: true, message: '请选择主办单位部处负责人' }]}
            >
              <PersonField
                title="选择主办单位部处负责人"
                buttonText="选择"
                {...headPicker(lead)}
                exclude={(u) => u.id === refuserId}
                departments={org.departments}
                disabled={!lead}
              />
            </Form.Item>
          }
        />
      )}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Button type="primary" loading={submitting} onClick={() => void submit()}>
        {action === 'end' ? '结束督办' : '重新发送'}
      </Button>
    </Form>
  );
}
