/**
 * The action panel (办理意见栏): 自办/向下办理, 承诺办结时间, 事务办理 and each outcome's fields, 同意/退回,
 * 确认/同意办结, 阅知. What is shown, editable and required (yellow) comes from ./rules.ts.
 */
import { Alert, Button, DatePicker, Form, Grid, Input, Radio, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useMemo, useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { ACTION_LABEL, DECISION_LABEL, OUTCOME_LABEL } from '../../api/labels';
import type { TaskAction, TaskInput, User } from '../../api/types';
import { PersonField } from '../../components/PersonPicker';
import { useOrg } from '../../lib/org';
import {
  actionsOf,
  buildSubmission,
  decisionsOf,
  enabledFields,
  FIELD_LABEL,
  FIELD_NAMES,
  type FieldName,
  mapServerErrors,
  outcomesOf,
  type RuleContext,
  requiredFields,
  validate,
  visibleFields,
} from './rules';

/** Form values: like TaskInput but with the date as a Dayjs for the DatePicker. */
type FormValues = Omit<TaskInput, 'promisedAt'> & { promisedAt?: Dayjs | null };

function toFormValues(input: TaskInput | null | undefined): FormValues {
  if (!input) return {};
  const { promisedAt, ...rest } = input;
  return { ...rest, promisedAt: promisedAt ? dayjs(promisedAt) : undefined };
}

function toInput(values: FormValues, action: TaskAction | undefined): TaskInput {
  const { promisedAt, ...rest } = values;
  return {
    ...rest,
    ...(promisedAt ? { promisedAt: promisedAt.format('YYYY-MM-DD') } : {}),
    ...(action ? { action } : {}),
  };
}

export interface HandlingFormProps {
  ctx: RuleContext;
  /** The lead department: 向下办理 goes inside it, 协办 goes outside it. */
  leadDepartmentId: string;
  /** People who may not be chosen for 向下办理 (oneself, people already in the flow). */
  excludeDelegates?: string[];
  prefill?: TaskInput | null;
  submitText?: string;
  /** Sends the body; an ApiError with `fields` is shown on those fields. */
  onSubmit: (body: TaskInput) => Promise<void>;
  /** More buttons beside 提交 (拒签). */
  extraActions?: ReactNode;
}

/**
 * 督办科审核 in words: what 确认 does, and why 同意办结 is missing when the report did not apply
 * to close (a new user saw two bare buttons, or one, and could not tell).
 */
export function reviewHint(actions: TaskAction[]): string | undefined {
  if (actions.some((a) => a !== 'acknowledge' && a !== 'close')) return undefined;
  const acknowledge = '确认：已阅悉本次反馈，事项继续办理，等待承办单位下次反馈。';
  return actions.includes('close')
    ? `同意办结：事项办结，流程结束。${acknowledge}`
    : `${acknowledge}本次反馈未申请办结，因此没有“同意办结”。`;
}

export function HandlingForm({
  ctx,
  leadDepartmentId,
  excludeDelegates = [],
  prefill,
  submitText = '提交',
  onSubmit,
  extraActions,
}: HandlingFormProps) {
  const [form] = Form.useForm<FormValues>();
  const screens = Grid.useBreakpoint();
  const [action, setAction] = useState<TaskAction>();
  const [submitting, setSubmitting] = useState(false);
  const [generalErrors, setGeneralErrors] = useState<string[]>([]);
  const decision = Form.useWatch('decision', form);
  const outcome = Form.useWatch('outcome', form);
  const choices = { decision, outcome, action };
  const visible = visibleFields(ctx);
  const initialValues = useMemo(() => toFormValues(prefill), [prefill]);

  const submit = async (chosenAction?: TaskAction) => {
    setAction(chosenAction);
    setGeneralErrors([]);
    const input = toInput(form.getFieldsValue(true), chosenAction);
    const missing = validate(ctx, input);
    // Clear old messages, then show the missing ones on their fields.
    form.setFields(FIELD_NAMES.filter((f) => visible.includes(f)).map((name) => ({ name, errors: [] })));
    const missingFields = FIELD_NAMES.filter((f) => missing[f] !== undefined);
    if (missingFields.length > 0) {
      form.setFields(missingFields.map((name) => ({ name, errors: [missing[name] ?? ''] })));
      return;
    }
    setSubmitting(true);
    try {
      await onSubmit(buildSubmission(ctx, input));
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fields).length > 0) {
        const mapped = mapServerErrors(error, visible, FIELD_LABEL);
        form.setFields(mapped.fields);
        setGeneralErrors(mapped.other.length ? mapped.other : [error.message]);
      } else {
        setGeneralErrors([errorMessage(error)]);
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Form<FormValues>
      name="handling"
      form={form}
      initialValues={initialValues}
      layout={screens.md ? 'horizontal' : 'vertical'}
      labelCol={screens.md ? { flex: '9em' } : undefined}
      labelWrap
      className="handling-form"
      onValuesChange={(changed: Partial<FormValues>) => {
        // A new choice changes what is required: old messages no longer apply.
        if ('decision' in changed || 'outcome' in changed) {
          form.setFields(visible.map((name) => ({ name, errors: [] })));
          setGeneralErrors([]);
        } else {
          // The messages are set by hand (no antd rules re-validate): a field's own message goes
          // as soon as the user fills it in.
          form.setFields(Object.keys(changed).map((name) => ({ name: name as FieldName, errors: [] })));
        }
      }}
      onFinish={() => void submit()}
    >
      {generalErrors.length > 0 ? (
        <Alert
          type="error"
          showIcon
          title="提交未成功"
          description={generalErrors.join('；')}
          style={{ marginBottom: 16 }}
          role="alert"
        />
      ) : null}
      <HandlingFields
        ctx={ctx}
        choices={choices}
        leadDepartmentId={leadDepartmentId}
        excludeDelegates={excludeDelegates}
      />
      <Form.Item
        label={screens.md ? ' ' : undefined}
        colon={false}
        className="action-buttons"
        extra={ctx.kind === 'review' ? reviewHint(actionsOf(ctx)) : undefined}
      >
        <ActionButtons
          actions={actionsOf(ctx)}
          submitText={submitText}
          submitting={submitting}
          chosen={action}
          onAction={(a) => void submit(a)}
        >
          {extraActions}
        </ActionButtons>
      </Form.Item>
    </Form>
  );
}

/** 提交 (or 阅知), or one button per action (同意 / 退回 …), and the page's own (拒签). */
function ActionButtons({
  actions,
  submitText,
  submitting,
  chosen,
  onAction,
  children,
}: {
  actions: TaskAction[];
  submitText: string;
  submitting: boolean;
  chosen: TaskAction | undefined;
  onAction: (action: TaskAction) => void;
  children?: ReactNode;
}) {
  return (
    <Space wrap>
      {actions.length === 0 ? (
        <Button type="primary" htmlType="submit" loading={submitting}>
          {submitText}
        </Button>
      ) : (
        actions.map((a) => (
          <Button
            key={a}
            type={a === 'return' ? 'default' : 'primary'}
            danger={a === 'return'}
            loading={submitting && chosen === a}
            disabled={submitting && chosen !== a}
            onClick={() => onAction(a)}
          >
            {ACTION_LABEL[a]}
          </Button>
        ))
      )}
      {children}
    </Space>
  );
}

/** The fields the rules show for this task and the choices made so far; yellow = required. */
function HandlingFields({
  ctx,
  choices,
  leadDepartmentId,
  excludeDelegates,
}: {
  ctx: RuleContext;
  choices: Parameters<typeof enabledFields>[1];
  leadDepartmentId: string;
  excludeDelegates: string[];
}) {
  const org = useOrg();
  const visible = visibleFields(ctx);
  const enabled = enabledFields(ctx, choices);
  const required = requiredFields(ctx, choices);
  const decisions = decisionsOf(ctx);
  const outcomes = outcomesOf(ctx);
  // The server lists active people only; the lead department's are 向下办理's and nobody else's.
  const notDelegate = (u: User) => excludeDelegates.includes(u.id);
  const inLead = (u: User) => u.departmentId === leadDepartmentId;
  const itemProps = (field: FieldName) => ({
    name: field,
    label: FIELD_LABEL[field],
    required: required.has(field),
    className: required.has(field) ? 'field-required' : 'field-optional',
  });
  const isVisible = (f: FieldName) => visible.includes(f);
  const isDisabled = (f: FieldName) => !enabled.has(f);
  return (
    <>
      {isVisible('decision') ? (
        <Form.Item {...itemProps('decision')}>
          <Radio.Group options={decisions.map((d) => ({ value: d, label: DECISION_LABEL[d] }))} />
        </Form.Item>
      ) : null}
      {isVisible('delegateToId') ? (
        <Form.Item {...itemProps('delegateToId')}>
          <PersonField
            title="选择向下办理人员"
            buttonText="选择向下办理人员"
            disabled={isDisabled('delegateToId')}
            filter={{ departmentId: leadDepartmentId }}
            exclude={notDelegate}
            departments={org.departments}
          />
        </Form.Item>
      ) : null}
      {isVisible('promisedAt') ? (
        <Form.Item {...itemProps('promisedAt')}>
          <DatePicker disabled={isDisabled('promisedAt')} style={{ width: '100%' }} placeholder="选择日期" />
        </Form.Item>
      ) : null}
      {isVisible('outcome') ? (
        <Form.Item {...itemProps('outcome')}>
          <Radio.Group
            disabled={isDisabled('outcome')}
            options={outcomes.map((o) => ({ value: o, label: OUTCOME_LABEL[o] }))}
          />
        </Form.Item>
      ) : null}
      {isVisible('implementation') ? (
        <Form.Item {...itemProps('implementation')}>
          <Input.TextArea disabled={isDisabled('implementation')} autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
      ) : null}
      {isVisible('reason') ? (
        <Form.Item {...itemProps('reason')}>
          <Input.TextArea disabled={isDisabled('reason')} autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
      ) : null}
      {isVisible('measures') ? (
        <Form.Item {...itemProps('measures')}>
          <Input.TextArea disabled={isDisabled('measures')} autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
      ) : null}
      {isVisible('assistHandlerIds') ? (
        <Form.Item {...itemProps('assistHandlerIds')}>
          <PersonField
            multiple
            title="选择协办单位办理人"
            buttonText="选择协办单位办理人"
            disabled={isDisabled('assistHandlerIds')}
            filter={{}}
            exclude={inLead}
            departments={org.departments}
          />
        </Form.Item>
      ) : null}
      <Form.Item {...itemProps('opinion')}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} placeholder="填写意见" maxLength={2000} />
      </Form.Item>
    </>
  );
}
