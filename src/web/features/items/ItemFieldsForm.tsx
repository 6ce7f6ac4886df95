/**
 * The item's fields (督办登记's blocks, yellow = required), for an antd Form of the caller's: the
 * whole registration on 新建督办, the basic fields in 督办列表's 修改 drawer, and the department
 * choice of 重新分派. One place for their labels, rules and the 主办/协办 interplay.
 */
import { Form, type FormInstance, Input } from 'antd';
import type { Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { useOrg } from '../../lib/org';
import { DateControl, DepartmentControl, SourceControl } from './DeferredControls';
import { validateDates } from './itemForm';

export type ItemField =
  | 'title'
  | 'source'
  | 'leadDepartmentId'
  | 'assistDepartmentIds'
  | 'assignedAt'
  | 'dueAt'
  | 'content';

export interface ItemFieldsFormProps {
  // biome-ignore lint/suspicious/noExplicitAny: any form that holds these fields among others
  form: FormInstance<any>;
  /** The fields to show, always in the registration's order. */
  fields: readonly ItemField[];
  /** 督办来源's choices: given, the field offers them (and accepts another); without, it is plain text. */
  sources?: string[];
  /** Smaller text boxes, no counter (the drawer). */
  compact?: boolean;
  /** Shown right after 承办（主办）单位 (重新分派's 部处负责人). */
  afterLead?: ReactNode;
  /** Called when 承办（主办）单位 changes, after 协办单位 has lost the new lead department. */
  onLeadChange?: (departmentId: string) => void;
}

export function ItemFieldsForm({
  form,
  fields,
  sources,
  compact,
  afterLead,
  onLeadChange,
}: ItemFieldsFormProps) {
  const org = useOrg();
  const lead = Form.useWatch('leadDepartmentId', form) as string | undefined;
  const shows = (field: ItemField) => fields.includes(field);
  const departmentOptions = (except?: string) =>
    org.departments.filter((d) => d.id !== except).map((d) => ({ value: d.id, label: d.name }));

  return (
    <>
      {shows('title') ? (
        <Form.Item
          name="title"
          label="督办事项"
          className="field-required"
          rules={[
            { required: true, whitespace: true, message: '请填写督办事项' },
            { max: 200, message: '督办事项不超过 200 字' },
          ]}
        >
          <Input maxLength={200} showCount={!compact} />
        </Form.Item>
      ) : null}
      {shows('source') ? <SourceField sources={sources} /> : null}
      {shows('leadDepartmentId') ? (
        <Form.Item
          name="leadDepartmentId"
          label="承办（主办）单位"
          className="field-required"
          rules={[{ required: true, message: '请选择承办（主办）单位' }]}
        >
          <DepartmentControl
            placeholder="选择单位"
            options={departmentOptions()}
            onChange={(value) => {
              if (typeof value !== 'string') return;
              // The lead department cannot assist itself.
              const assist = form.getFieldValue('assistDepartmentIds') as string[] | undefined;
              form.setFieldValue(
                'assistDepartmentIds',
                (assist ?? []).filter((x) => x !== value),
              );
              onLeadChange?.(value);
            }}
          />
        </Form.Item>
      ) : null}
      {afterLead}
      {shows('assistDepartmentIds') ? (
        <Form.Item name="assistDepartmentIds" label="协办单位">
          <DepartmentControl multiple placeholder="可多选，可不填" options={departmentOptions(lead)} />
        </Form.Item>
      ) : null}
      {shows('assignedAt') ? (
        <Form.Item
          name="assignedAt"
          label="交办时间"
          className="field-required"
          rules={[{ required: true, message: '请选择交办时间' }]}
        >
          <DateControl />
        </Form.Item>
      ) : null}
      {shows('dueAt') ? <DueAtField /> : null}
      {shows('content') ? (
        <Form.Item
          name="content"
          label="督办内容及要求"
          className="field-required"
          rules={[{ required: true, whitespace: true, message: '请填写督办内容及要求' }]}
        >
          {compact ? (
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
          ) : (
            // Grows with its text by CSS (`field-sizing`, plain.css) rather than antd's autoSize, which
            // measures a hidden copy of the box in a layout effect as the page mounts (a forced
            // layout of the whole 新建督办 page); browsers without field-sizing keep five rows.
            <Input.TextArea rows={5} className="grow-textarea" />
          )}
        </Form.Item>
      ) : null}
    </>
  );
}

function SourceField({ sources }: { sources: string[] | undefined }) {
  if (!sources) {
    return (
      <Form.Item
        name="source"
        label="督办来源"
        className="field-required"
        rules={[{ required: true, whitespace: true, message: '请填写督办来源' }]}
      >
        <Input />
      </Form.Item>
    );
  }
  return (
    <Form.Item
      name="source"
      label="督办来源"
      className="field-required"
      rules={[{ required: true, whitespace: true, message: '请选择或填写督办来源' }]}
    >
      <SourceControl sources={sources} />
    </Form.Item>
  );
}

/** 办结时间, not before 交办时间 when the form has one. */
function DueAtField() {
  return (
    <Form.Item
      name="dueAt"
      label="办结时间"
      className="field-required"
      dependencies={['assignedAt']}
      rules={[
        { required: true, message: '请选择办结时间' },
        ({ getFieldValue }) => ({
          validator: (_, value: Dayjs | undefined) => {
            const problem = validateDates(getFieldValue('assignedAt') as Dayjs | undefined, value);
            return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
          },
        }),
      ]}
    >
      <DateControl />
    </Form.Item>
  );
}
