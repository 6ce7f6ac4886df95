/**
 * 督办科待审核 (spec §10): colleagues' review tasks nobody has claimed yet, for every supervisor; 领取
 * makes one the caller's (same task) and opens it. Not part of the caller's own 待办 count.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, Table } from 'antd';
import dayjs from 'dayjs';
import { useNavigate } from 'react-router';
import { errorMessage, errorText } from '../../api/client';
import { claimTask, listTasks } from '../../api/endpoints';
import { keys, WORK_KEYS } from '../../api/keys';
import type { TaskRow } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Panel } from '../../components/Panel';

export function ReviewPool() {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const query = { state: 'pending', pool: 'review', pageSize: 100 };
  const { data, error, isFetching, refetch } = useQuery({
    queryKey: keys.tasks(query),
    queryFn: () => listTasks(query),
  });
  const claim = useMutation({
    mutationFn: (row: TaskRow) => claimTask(row.id),
    meta: { invalidates: WORK_KEYS },
    onSuccess: (_, row) => {
      message.success('已领取，请审核');
      navigate(`/tasks/${row.id}`);
    },
    // Somebody else was quicker: the pool is read again without that review.
    onError: (e) => {
      message.error(errorMessage(e));
      void refetch();
    },
  });
  const claiming = claim.isPending ? claim.variables?.id : undefined;
  return (
    <Panel title="督办科待审核" className="review-pool">
      {error ? <ErrorAlert text={errorText(error)} style={{ marginBottom: 12 }} /> : null}
      <Table<TaskRow>
        rowKey="id"
        size="small"
        loading={isFetching}
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
                onClick={() => claim.mutate(row)}
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
