/**
 * 待转交 (spec §10, `GET /api/tasks/stuck`): pending tasks whose assignee was disabled (a directory
 * sync, or a disabling that bypassed 离职交接), so nobody can act on them. An admin moves each with
 * one 转交; the list is the "or an administrator can move it" half of §10's invariant.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorText } from '../../api/client';
import { listStuckTasks } from '../../api/endpoints';
import { keys } from '../../api/keys';
import { label, TASK_KIND_LABEL } from '../../api/labels';
import type { TaskRow } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { TransferDialog } from './TransferDialog';

const PAGE_SIZE = 20;

export default function StuckTasksPage() {
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [moving, setMoving] = useState<TaskRow>();
  const query = { page, pageSize: PAGE_SIZE };
  // 转交 (TransferDialog) invalidates the task lists, this one with them.
  const {
    data,
    error,
    isFetching: loading,
  } = useQuery({
    queryKey: keys.stuckTasks(query),
    queryFn: () => listStuckTasks(query),
    placeholderData: keepPreviousData,
  });
  return (
    <div>
      <PageHeader title="待转交" />
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="以下待办的办理人已停用，无人能够办理。请逐项转交给可以接收的人员。"
      />
      {error ? <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} /> : null}
      <Panel>
        <Table<TaskRow>
          className="stuck-tasks"
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={data?.tasks ?? []}
          locale={{ emptyText: '没有待转交的待办' }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: data?.total ?? 0,
            onChange: setPage,
            showTotal: (t) => `共 ${t} 条`,
          }}
          columns={[
            { title: '督办编号', dataIndex: 'itemNumber', width: 130, responsive: ['sm'] },
            {
              title: '督办事项',
              dataIndex: 'itemTitle',
              render: (t: string, row) => <Link to={`/items/${row.itemId}`}>{t}</Link>,
            },
            { title: '待办', dataIndex: 'kind', width: 90, render: (k: string) => label(TASK_KIND_LABEL, k) },
            {
              title: '原办理人',
              dataIndex: 'assigneeName',
              width: 150,
              render: (name: string | null, row) => (
                <>
                  {name ?? row.assigneeId}
                  {row.onBehalfOfId ? <span className="muted">（代{row.onBehalfOfName}办理）</span> : null}
                  <Tag color="red" style={{ marginInlineStart: 6 }}>
                    已停用
                  </Tag>
                </>
              ),
            },
            {
              title: '接收时间',
              dataIndex: 'createdAt',
              width: 150,
              responsive: ['md'],
              render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
            },
            {
              title: '操作',
              key: 'ops',
              width: 90,
              render: (_: unknown, row) => (
                <Button type="primary" size="small" onClick={() => setMoving(row)}>
                  转交
                </Button>
              ),
            },
          ]}
        />
      </Panel>
      {moving ? (
        <TransferDialog
          task={{
            id: moving.id,
            kind: moving.kind,
            assigneeId: moving.assigneeId ?? '',
            itemId: moving.itemId,
          }}
          defaultReason="原办理人已停用"
          onClose={() => setMoving(undefined)}
          onDone={(text) => {
            setMoving(undefined);
            message.success(text);
          }}
        />
      ) : null}
    </div>
  );
}
