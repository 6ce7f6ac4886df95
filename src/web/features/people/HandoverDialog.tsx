/**
 * 离职交接 (spec §10): pick a successor, see what will move (per item: pending tasks, handler seat,
 * registrar), confirm. With `disableAfter` the same call also disables the user (停用).
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Form, Modal, Table, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage, errorText } from '../../api/client';
import { getHandover, handOver, patchUser } from '../../api/endpoints';
import { keys, WORK_KEYS } from '../../api/keys';
import type { User } from '../../api/types';
import { UserSelect } from '../../components/UserSelect';
import { popupInside } from '../../lib/popup';
import { personName, useUsersByIds } from '../../lib/users';

export function HandoverDialog({
  user,
  disableAfter,
  onClose,
  onDone,
}: {
  user: User;
  disableAfter: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { message } = App.useApp();
  const [toUserId, setToUserId] = useState<string>();
  const successor = useUsersByIds(toUserId ? [toUserId] : []).get(toUserId ?? '');
  const [error, setError] = useState<string>();
  const {
    data,
    error: loadError,
    isFetching: loading,
  } = useQuery({ queryKey: keys.handover(user.id), queryFn: () => getHandover(user.id) });
  // Tasks, handler seats and registrations move: the work lists, and the users when one is disabled.
  const move = useMutation({
    mutationFn: (to: string | undefined) =>
      disableAfter
        ? patchUser(user.id, { disabled: true, ...(to ? { handoverToId: to } : {}) })
        : handOver(user.id, to),
    meta: { invalidates: [...WORK_KEYS, keys.users(), keys.handover(user.id)] },
    onSuccess: (_, to) => {
      message.success(
        disableAfter
          ? `已交接并停用 ${user.name}`
          : `${user.name}的工作已交给${to ? personName(successor?.name) : '—'}`,
      );
      onDone();
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const nothing = data !== undefined && data.items.length === 0;

  const confirm = () => {
    if (!toUserId && !nothing) {
      setError('请选择接替人');
      return;
    }
    setError(undefined);
    move.mutate(toUserId);
  };
  return (
    <Modal
      open
      title={`离职交接：${user.name}`}
      okText={disableAfter ? '交接并停用' : '确认交接'}
      cancelText="取消"
      confirmLoading={move.isPending}
      onOk={confirm}
      onCancel={onClose}
      width={720}
    >
      {disableAfter ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={`${user.name}尚有未完成的工作，停用前须交给接替人。`}
        />
      ) : null}
      {loadError ? <Alert type="error" showIcon title={errorText(loadError)} /> : null}
      <Form layout="vertical">
        <Form.Item label="接替人" required validateStatus={error ? 'error' : undefined} help={error}>
          <UserSelect
            aria-label="接替人"
            getPopupContainer={popupInside}
            value={toUserId}
            exclude={(u) => u.id === user.id}
            onChange={(v) => setToUserId(typeof v === 'string' ? v : undefined)}
            placeholder="输入姓名或拼音查找接替人（通常为同部门同事；移交督办人身份时须为督办员）"
          />
        </Form.Item>
      </Form>
      <Typography.Paragraph>
        {data
          ? `将移交：待办 ${data.tasks} 项，办理人身份 ${data.handlerEntries} 项，督办人身份 ${data.registrations} 项。`
          : '正在统计……'}
      </Typography.Paragraph>
      <Table
        rowKey="itemId"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={false}
        locale={{ emptyText: '没有需要移交的工作' }}
        columns={[
          { title: '督办编号', dataIndex: 'number', width: 130 },
          { title: '督办事项', dataIndex: 'title' },
          { title: '待办', dataIndex: 'tasks', width: 60 },
          { title: '办理人', dataIndex: 'handler', width: 70, render: (v: boolean) => (v ? '是' : '—') },
          { title: '督办人', dataIndex: 'registrar', width: 70, render: (v: boolean) => (v ? '是' : '—') },
        ]}
      />
    </Modal>
  );
}
