/**
 * 督办科待审核 (spec §10): colleagues' review tasks nobody has claimed yet, for every supervisor; 领取
 * makes one the caller's (same task) and opens it. Not part of the caller's own 待办 count.
 */
import { Alert, App, Button, Table } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, errorMessage } from '../../api/client';
import type { TaskList, TaskRow } from '../../api/types';
import { Panel } from '../../components/Panel';
import { useRequest } from '../../lib/useRequest';

export function ReviewPool() {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [claiming, setClaiming] = useState<string>();
  const { data, errorText, loading, reload } = useRequest(
    () => api.get<TaskList>('/api/tasks', { state: 'pending', pool: 'review', pageSize: 100 }),
    [],
  );
  const claim = async (row: TaskRow) => {
    setClaiming(row.id);
    try {
      await api.post(`/api/tasks/${encodeURIComponent(row.id)}/claim`);
      message.success('已领取，请审核');
      navigate(`/tasks/${row.id}`);
    } catch (error) {
      message.error(errorMessage(error));
      await reload();
    } finally {
      setClaiming(undefined);
    }
  };
  return (
    <Panel title="督办科待审核" className="review-pool">
      {errorText ? <Alert type="error" showIcon title={errorText} style={{ marginBottom: 12 }} /> : null}
      <Table<TaskRow>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.tasks ?? []}
        pagination={false}
        locale={{ emptyText: '暂无待领取的审核' }}
        columns={[
          { title: '督办编号', dataIndex: 'itemNumber', width: 130 },
          { title: '督办事项', dataIndex: 'itemTitle' },
          { title: '督办人', dataIndex: 'assigneeName', width: 110 },
          {
            title: '送审时间',
            dataIndex: 'createdAt',
            width: 150,
            render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
          },
          {
            title: '操作',
            width: 90,
            render: (_: unknown, row) => (
              <Button
                size="small"
                type="primary"
                loading={claiming === row.id}
                onClick={() => void claim(row)}
              >
                领取
              </Button>
            ),
          },
        ]}
      />
    </Panel>
  );
}
