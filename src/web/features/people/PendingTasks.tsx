/**
 * An item's pending tasks with an admin's 转交 on each (spec §10: "an admin on any pending task",
 * from the item page and from 督办列表). Who holds each is shown with 已停用 when they can no
 * longer act, and 代 <name> 办理 for a deputy.
 */
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Modal, Skeleton, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { errorText as textOf } from '../../api/client';
import { getItem } from '../../api/endpoints';
import { keys } from '../../api/keys';
import { label, TASK_KIND_LABEL } from '../../api/labels';
import type { FlowStep, Item } from '../../api/types';
import { personName } from '../../lib/users';
import { TransferDialog } from './TransferDialog';
import { pendingSteps } from './transfer';

/** `onChanged` after a 转交, which has invalidated the item and the lists already (TransferDialog). */
export function PendingTasksTable({ item, onChanged }: { item: Item; onChanged?: () => void }) {
  const { message } = App.useApp();
  const [moving, setMoving] = useState<FlowStep>();
  const steps = pendingSteps(item);
  return (
    <>
      <Table<FlowStep>
        className="pending-tasks"
        size="small"
        rowKey="taskId"
        pagination={false}
        dataSource={steps}
        locale={{ emptyText: '没有待办' }}
        columns={[
          { title: '待办', dataIndex: 'kind', width: 90, render: (k: string) => label(TASK_KIND_LABEL, k) },
          {
            title: '办理人',
            dataIndex: 'assigneeName',
            render: (name: string | null | undefined, step) => (
              <>
                {personName(name)}
                {step.onBehalfOfId ? (
                  <span className="muted">（代{personName(step.onBehalfOfName)}办理）</span>
                ) : null}
                {step.assigneeDisabled ? (
                  <Tag color="red" style={{ marginInlineStart: 6 }}>
                    已停用
                  </Tag>
                ) : null}
              </>
            ),
          },
          {
            title: '接收时间',
            dataIndex: 'createdAt',
            width: 140,
            responsive: ['sm'],
            render: (v?: string) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—'),
          },
          {
            title: '操作',
            key: 'ops',
            width: 80,
            render: (_: unknown, step) => (
              <Button
                size="small"
                aria-label={`转交 ${label(TASK_KIND_LABEL, step.kind)} ${personName(step.assigneeName)}`}
                onClick={() => setMoving(step)}
              >
                转交
              </Button>
            ),
          },
        ]}
      />
      {moving ? (
        <TransferDialog
          task={{
            id: moving.taskId,
            kind: moving.kind,
            assigneeId: moving.assigneeId,
            assigneeName: moving.assigneeName,
            itemId: item.id,
          }}
          leadDepartmentId={item.leadDepartmentId}
          defaultReason={moving.assigneeDisabled ? '原办理人已停用' : undefined}
          onClose={() => setMoving(undefined)}
          onDone={(text) => {
            setMoving(undefined);
            message.success(text);
            onChanged?.();
          }}
        />
      ) : null}
    </>
  );
}

/** The item page's 当前待办 card (admins, open items with pending tasks). */
export function PendingTasksCard({ item }: { item: Item }) {
  if (item.status !== 'open' || pendingSteps(item).length === 0) return null;
  return (
    <Card title="当前待办" style={{ marginTop: 16 }}>
      <PendingTasksTable item={item} />
    </Card>
  );
}

/** 督办列表's 转交: the item's pending tasks in a dialog, each with 转交. */
export function ItemTransferModal({ itemId, onClose }: { itemId: string; onClose: () => void }) {
  const { data: item, error } = useQuery({ queryKey: keys.item(itemId), queryFn: () => getItem(itemId) });
  const errorText = textOf(error);
  return (
    <Modal
      open
      title={item ? `转交待办：${item.number} ${item.title}` : '转交待办'}
      footer={null}
      onCancel={onClose}
      width={720}
      destroyOnHidden
    >
      {errorText ? <p>{errorText}</p> : null}
      {item ? <PendingTasksTable item={item} /> : errorText ? null : <Skeleton active />}
    </Modal>
  );
}
