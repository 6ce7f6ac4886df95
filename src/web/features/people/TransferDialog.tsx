/**
 * 转交 one pending task (spec §10): pick the receiver among the people the server accepts for the
 * task's kind, give a reason, confirm. Used by the assignee on the task page and by an admin on the
 * item page, in 督办列表 and in 待转交. Without `leadDepartmentId` it loads the item to learn it.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Form, Input, Modal, Skeleton } from 'antd';
import { errorText as textOf } from '../../api/client';
import { getItem, transferTask } from '../../api/endpoints';
import { keys, WORK_KEYS } from '../../api/keys';
import { label, TASK_KIND_LABEL } from '../../api/labels';
import type { TaskKind, User } from '../../api/types';
import { UserSelect } from '../../components/UserSelect';
import { popupInside } from '../../lib/popup';
import { useFormSubmit } from '../../lib/useFormSubmit';
import { personName, useUsersByIds } from '../../lib/users';
import { receiverFilter, transferTargets } from './transfer';

export interface TransferTask {
  id: string;
  kind: TaskKind;
  assigneeId: string;
  assigneeName?: string | null | undefined;
  itemId: string;
}

export function TransferDialog({
  task,
  leadDepartmentId,
  defaultReason,
  onClose,
  onDone,
}: {
  task: TransferTask;
  leadDepartmentId?: string;
  defaultReason?: string;
  onClose: () => void;
  /** After the transfer, with what to tell the user (「已转交给…」). */
  onDone: (text: string) => void;
}) {
  const [form] = Form.useForm<{ toUserId: string; reason: string }>();
  // Without the lead department it is read from the item.
  const { data: item, error: itemError } = useQuery({
    queryKey: keys.item(task.itemId),
    queryFn: () => getItem(task.itemId),
    enabled: leadDepartmentId === undefined,
  });
  const errorText = textOf(itemError);
  const lead = leadDepartmentId ?? item?.leadDepartmentId;
  const targets =
    lead === undefined
      ? undefined
      : {
          filter: receiverFilter([task.kind], lead),
          exclude: (u: User) => transferTargets(task, lead, [u]).length === 0,
        };
  const chosen = Form.useWatch('toUserId', form);
  const receiver = useUsersByIds(chosen ? [chosen] : []);
  const {
    submit,
    submitting: busy,
    error,
  } = useFormSubmit(form, (values) => transferTask(task.id, values), {
    invalidates: WORK_KEYS,
    fields: ['toUserId', 'reason'],
    errorDisplay: 'alert',
    onSuccess: (_, values) => onDone(`已转交给${personName(receiver.get(values.toUserId)?.name)}`),
  });
  return (
    <Modal
      open
      title={`转交待办：${label(TASK_KIND_LABEL, task.kind)}（${personName(task.assigneeName)}）`}
      okText="转交"
      cancelText="取消"
      confirmLoading={busy}
      okButtonProps={{ disabled: targets === undefined }}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error || errorText ? (
        <Alert type="error" showIcon title={error ?? errorText} style={{ marginBottom: 12 }} />
      ) : null}
      {targets === undefined ? (
        errorText ? null : (
          <Skeleton active paragraph={{ rows: 2 }} />
        )
      ) : (
        <Form
          form={form}
          layout="vertical"
          name="transfer"
          initialValues={defaultReason ? { reason: defaultReason } : undefined}
        >
          <Form.Item name="toUserId" label="转交给" rules={[{ required: true, message: '请选择转交对象' }]}>
            <UserSelect
              placeholder="输入姓名或拼音（只列出可接收此待办的人员）"
              getPopupContainer={popupInside}
              filter={targets.filter}
              exclude={targets.exclude}
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label="转交理由"
            rules={[{ required: true, whitespace: true, message: '请填写转交理由' }]}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
