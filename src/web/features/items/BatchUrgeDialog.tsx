/**
 * 批量催办 (§11) for the ticked rows of 督办查询. On its own, loaded when first opened, so that the
 * list's first screen does not carry the dialog's code (issue 12's ceilings).
 */
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Input, Modal } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { urgeItems } from '../../api/endpoints';
import { WORK_KEYS } from '../../api/keys';

export default function BatchUrgeDialog({
  itemIds,
  onDone,
  onCancel,
}: {
  itemIds: string[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const urge = useMutation({
    mutationFn: () => urgeItems({ itemIds, ...(text.trim() ? { message: text.trim() } : {}) }),
    meta: { invalidates: WORK_KEYS },
    onMutate: () => setError(undefined),
    onSuccess: (r) => {
      const count = (s: string) => r.results.filter((x) => x.status === s).length;
      message.success(
        `已催办 ${count('urged')} 项；${count('too_soon')} 项刚催办过未再催办；${count('closed')} 项已办结或终止`,
      );
      onDone();
    },
    onError: (e) => setError(errorMessage(e)),
  });

  return (
    <Modal
      open
      title="批量催办"
      okText="催办"
      cancelText="取消"
      confirmLoading={urge.isPending}
      onOk={() => urge.mutate()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <p>将催办选中的 {itemIds.length} 个事项；每个事项两次催办之间须间隔一段时间。</p>
      <Input.TextArea
        aria-label="催办内容"
        placeholder="催办内容（可不填）"
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoSize={{ minRows: 3 }}
      />
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} /> : null}
    </Modal>
  );
}
