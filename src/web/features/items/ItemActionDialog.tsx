/** The item page's dialog for 结束督办, 重新打开, 催办 and 延期申请: one text, and the extension's date and progress. */
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Skeleton } from 'antd';
import { Suspense, useState } from 'react';
import { errorMessage, urgeRefusal } from '../../api/client';
import { closeItem, reopenItem, requestExtension, urgeItem } from '../../api/endpoints';
import { WORK_KEYS } from '../../api/keys';
import type { Item } from '../../api/types';
import { lazy } from '../../lib/lazy';

// The date picker is costly and needed only by 延期申请: loaded when that dialog opens.
const DueDatePicker = lazy(() => import('./DueDatePicker'), 'ItemActionDialog.DueDatePicker');

export type ActionKind = 'close' | 'reopen' | 'urge' | 'extend';
const ACTION_TITLE: Record<ActionKind, string> = {
  close: '结束督办',
  reopen: '重新打开',
  urge: '催办',
  extend: '延期申请',
};
const TEXT_LABEL: Record<ActionKind, string> = {
  close: '备注',
  reopen: '重新打开原因',
  urge: '催办内容',
  extend: '延期理由',
};

interface Input_ {
  text: string;
  newDueAt?: string;
  progress: string;
}

/** Sends the command; what to tell the user when it went through. */
async function runAction(
  item: Item,
  kind: ActionKind,
  { text, newDueAt, progress }: Input_,
): Promise<string> {
  const t = text.trim();
  if (kind === 'extend') {
    await requestExtension(item.id, { newDueAt, reason: t, progress: progress.trim() });
    return '延期申请已提交，等待审批';
  }
  if (kind === 'urge') {
    const r = await urgeItem(item.id, t ? { message: t } : {});
    return `已催办，通知 ${r.notified} 人`;
  }
  if (kind === 'close') {
    await closeItem(item.id, t ? { remark: t } : {});
    return '督办事项已结束';
  }
  await reopenItem(item.id, t ? { remark: t } : {});
  return '督办事项已重新打开';
}

/** What is missing before sending, in words; undefined when nothing is. */
function missing(kind: ActionKind, { text, newDueAt, progress }: Input_): string | undefined {
  if (kind === 'reopen' && !text.trim()) return '请填写重新打开的原因';
  if (kind === 'extend' && (!newDueAt || !text.trim() || !progress.trim())) {
    return '请填写申请延期至、延期理由和目前进展';
  }
  return undefined;
}

/** Opened with `kind`, closed with undefined; a new opening starts empty (the caller keys it by kind). */
export function ItemActionDialog({
  item,
  kind,
  onClose,
}: {
  item: Item;
  kind: ActionKind | undefined;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const [text, setText] = useState('');
  // 延期申请 (§11): 申请延期至, 延期理由, 目前进展.
  const [newDueAt, setNewDueAt] = useState<string>();
  const [progress, setProgress] = useState('');
  const [error, setError] = useState<string>();
  const command = useMutation({
    mutationFn: (k: ActionKind) => runAction(item, k, { text, newDueAt, progress }),
    meta: { invalidates: WORK_KEYS },
    onSuccess: (done) => {
      message.success(done);
      onClose();
    },
    onError: (e) => setError(urgeRefusal(e) ?? errorMessage(e)),
  });
  const run = () => {
    if (!kind) return;
    const problem = missing(kind, { text, newDueAt, progress });
    if (problem) setError(problem);
    else command.mutate(kind);
  };
  const required = kind === 'reopen' || kind === 'extend';

  return (
    <Modal
      open={kind !== undefined}
      title={kind ? ACTION_TITLE[kind] : ''}
      okText="确定"
      cancelText="取消"
      confirmLoading={command.isPending}
      onOk={run}
      onCancel={onClose}
      destroyOnHidden
    >
      {kind === 'close' ? (
        <Alert
          type="warning"
          showIcon
          title="结束后该事项不再接受反馈，未完成的待办将被取消。"
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Form layout="vertical">
        {kind === 'extend' ? (
          <Form.Item label="申请延期至" required className="field-required">
            <Suspense fallback={<Skeleton.Input active block />}>
              <DueDatePicker after={item.dueAt} onChange={setNewDueAt} />
            </Suspense>
          </Form.Item>
        ) : null}
        {kind === 'extend' ? (
          <Form.Item label="目前进展" required className="field-required">
            <Input.TextArea
              aria-label="目前进展"
              value={progress}
              onChange={(e) => setProgress(e.target.value)}
              autoSize={{ minRows: 2 }}
            />
          </Form.Item>
        ) : null}
        <Form.Item
          label={kind ? TEXT_LABEL[kind] : '备注'}
          required={required}
          className={required ? 'field-required' : undefined}
          validateStatus={error ? 'error' : undefined}
          help={error}
        >
          <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} autoSize={{ minRows: 3 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
