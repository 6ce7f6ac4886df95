/**
 * §10 actions on a task page: 转交 (the assignee, or an admin on any pending task), 收回 (whoever
 * delegated a pending handle task), 领取 (a supervisor takes a colleague's review). The person
 * picker offers only the people the server accepts for the task's kind.
 */
import { useMutation } from '@tanstack/react-query';
import { App, Button, Modal, Space } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { claimTask, withdrawTask } from '../../api/endpoints';
import { WORK_KEYS } from '../../api/keys';
import type { Task } from '../../api/types';
import { personName } from '../../lib/users';
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
  const { message } = App.useApp();
  const [transferring, setTransferring] = useState(false);
  const command = useMutation({
    mutationFn: ({ run }: { run: () => Promise<unknown>; done: string }) => run(),
    meta: { invalidates: WORK_KEYS },
    onSuccess: (_, { done }) => onChanged(done),
    onError: (error) => message.error(errorMessage(error)),
  });
  const busy = command.isPending;
  if (task.state !== 'pending') return null;
  const isAdmin = me.roles.includes('admin');
  const mayTransfer = task.assigneeId === me.id || isAdmin;
  const mayWithdraw = canWithdraw;
  const mayClaim = task.kind === 'review' && me.roles.includes('supervisor') && task.assigneeId !== me.id;
  if (!mayTransfer && !mayWithdraw && !mayClaim) return null;

  // Modal.confirm's 收回 button spins until the command has answered.
  const act = (run: () => Promise<unknown>, done: string) =>
    command.mutateAsync({ run, done }).catch(() => undefined);

  return (
    <>
      <Space wrap className="task-actions">
        {mayClaim ? (
          <Button
            type="primary"
            loading={busy}
            onClick={() => act(() => claimTask(task.id), '已领取，请审核')}
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
                content: `${personName(task.assigneeName)}尚未办理，收回后由您重新办理。`,
                okText: '收回',
                cancelText: '取消',
                onOk: () => act(() => withdrawTask(task.id), '已收回'),
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
