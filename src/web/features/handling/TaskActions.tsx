/**
 * §10 actions on a task page: 转交 (the assignee, or an admin on any pending task), 收回 (whoever
 * delegated a pending handle task), 领取 (a supervisor takes a colleague's review). The person
 * picker offers only the people the server accepts for the task's kind.
 */
import { App, Button, Form, Input, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { Task, User } from '../../api/types';
import { useOrg } from '../../lib/org';
import { useMe } from '../auth/AuthContext';

/** Who may receive a task of this kind (spec §10), the current assignee excluded. */
export function transferTargets(
  task: Pick<Task, 'kind' | 'assigneeId'>,
  leadDepartmentId: string,
  users: User[],
): User[] {
  return users.filter((u) => {
    if (u.disabled || u.id === task.assigneeId) return false;
    switch (task.kind) {
      case 'review':
        return u.roles?.includes('supervisor') ?? false;
      case 'assist_report':
        return u.departmentId !== leadDepartmentId;
      default:
        return u.departmentId === leadDepartmentId;
    }
  });
}

export function TaskActions({
  task,
  leadDepartmentId,
  onChanged,
}: {
  task: Task;
  leadDepartmentId: string;
  onChanged: (message: string) => void;
}) {
  const me = useMe();
  const org = useOrg();
  const { message } = App.useApp();
  const [transferring, setTransferring] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ toUserId: string; reason: string }>();
  if (task.state !== 'pending') return null;
  const isAdmin = me.roles.includes('admin');
  const mayTransfer = task.assigneeId === me.id || isAdmin;
  const mayWithdraw =
    task.kind === 'handle' &&
    task.flowKind === 'registration' &&
    task.level !== 'head' &&
    task.senderId === me.id &&
    task.assigneeId !== me.id;
  const mayClaim = task.kind === 'review' && me.roles.includes('supervisor') && task.assigneeId !== me.id;
  if (!mayTransfer && !mayWithdraw && !mayClaim) return null;

  const act = async (run: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await run();
      onChanged(done);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  const targets = transferTargets(task, leadDepartmentId, org.users);

  return (
    <>
      <Space wrap className="task-actions">
        {mayClaim ? (
          <Button
            type="primary"
            loading={busy}
            onClick={() =>
              act(() => api.post(`/api/tasks/${encodeURIComponent(task.id)}/claim`), '已领取，请审核')
            }
          >
            领取
          </Button>
        ) : null}
        {mayTransfer ? (
          <Button onClick={() => setTransferring(true)} disabled={busy}>
            转交
          </Button>
        ) : null}
        {mayWithdraw ? (
          <Button
            danger
            loading={busy}
            onClick={() =>
              Modal.confirm({
                title: '收回此待办？',
                content: `${org.userName(task.assigneeId)}尚未办理，收回后由您重新办理。`,
                okText: '收回',
                cancelText: '取消',
                onOk: () =>
                  act(() => api.post(`/api/tasks/${encodeURIComponent(task.id)}/withdraw`), '已收回'),
              })
            }
          >
            收回
          </Button>
        ) : null}
      </Space>
      <Modal
        open={transferring}
        title="转交待办"
        okText="转交"
        cancelText="取消"
        confirmLoading={busy}
        destroyOnHidden
        onCancel={() => setTransferring(false)}
        onOk={async () => {
          const values = await form.validateFields();
          await act(
            () => api.post(`/api/tasks/${encodeURIComponent(task.id)}/transfer`, values),
            `已转交给${org.userName(values.toUserId)}`,
          );
          setTransferring(false);
        }}
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="toUserId" label="转交给" rules={[{ required: true, message: '请选择转交对象' }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="选择人员（只列出可接收此待办的人员）"
              options={targets.map((u) => ({
                value: u.id,
                label: `${u.name}（${org.departmentName(u.departmentId)}）`,
              }))}
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
      </Modal>
    </>
  );
}
