/**
 * §10 actions on a task page: 转交 (the assignee, or an admin on any pending task), 收回 (whoever
 * delegated a pending handle task), 领取 (a supervisor takes a colleague's review). The person
 * picker offers only the people the server accepts for the task's kind.
 */
import { App, Button, Modal, Space } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { Task } from '../../api/types';
import { useOrg } from '../../lib/org';
import { useMe } from '../auth/AuthContext';
import { TransferDialog } from '../people/TransferDialog';

export function TaskActions({
  task,
  leadDepartmentId,
  canWithdraw = false,
  onChanged,
}: {
  task: Task;
  leadDepartmentId: string;
  /** The server's word (the step's `canWithdraw`): the sender is not always the one who may. */
  canWithdraw?: boolean;
  onChanged: (message: string) => void;
}) {
  const me = useMe();
  const org = useOrg();
  const { message } = App.useApp();
  const [transferring, setTransferring] = useState(false);
  const [busy, setBusy] = useState(false);
  if (task.state !== 'pending') return null;
  const isAdmin = me.roles.includes('admin');
  const mayTransfer = task.assigneeId === me.id || isAdmin;
  const mayWithdraw = canWithdraw;
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
      {transferring ? (
        <TransferDialog
          task={task}
          leadDepartmentId={leadDepartmentId}
          onClose={() => setTransferring(false)}
          onDone={(text) => {
            setTransferring(false);
            onChanged(text);
          }}
        />
      ) : null}
    </>
  );
}
