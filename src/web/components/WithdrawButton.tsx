/**
 * 收回 on the timeline (spec §10): the one who delegated a 办理 task takes it back while the
 * delegate has not done it. The delegator never sees the delegate's task page, so the button sits
 * on the delegate's pending step, where the item page and the delegator's own (done) task page
 * show it; the server says on which step (`canWithdraw`).
 */
import { useMutation } from '@tanstack/react-query';
import { App, Button } from 'antd';
import { errorMessage } from '../api/client';
import { withdrawTask } from '../api/endpoints';
import { WORK_KEYS } from '../api/keys';
import { label, TASK_KIND_LABEL } from '../api/labels';
import type { FlowStep } from '../api/types';
import { personName } from '../lib/users';

export function WithdrawButton({ step }: { step: FlowStep }) {
  const { message, modal } = App.useApp();
  const who = personName(step.assigneeName);
  const kind = label(TASK_KIND_LABEL, step.kind);
  const command = useMutation({
    mutationFn: () => withdrawTask(step.taskId),
    // The item, both people's lists and the bell change: they refetch where shown.
    meta: { invalidates: WORK_KEYS },
    onSuccess: () => message.success(`已收回，${kind}待办已回到您的待办事项`),
    // Most often the delegate has just done it (409): the query client refetches WORK_KEYS then,
    // and the refreshed timeline shows what happened.
    onError: (error) => message.error(errorMessage(error)),
  });
  const withdraw = () => command.mutateAsync().catch(() => undefined);
  return (
    <Button
      size="small"
      danger
      // Between the step's tags and its time line, which follow inline.
      style={{ marginInline: '4px 8px' }}
      aria-label={`收回 ${who}的${kind}`}
      onClick={() =>
        modal.confirm({
          title: `收回${who}的${kind}待办？`,
          content: `${who}尚未办理。收回后其待办将取消并收到通知，此事项回到您的待办事项，由您重新办理（保留您原先填写的内容）。`,
          okText: '收回',
          okButtonProps: { danger: true },
          cancelText: '取消',
          onOk: withdraw,
        })
      }
    >
      收回
    </Button>
  );
}
