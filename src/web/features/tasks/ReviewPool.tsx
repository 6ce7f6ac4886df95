/**
 * 督办科待审核 (spec §10): colleagues' review tasks nobody has claimed yet, for every supervisor; 领取
 * makes one the caller's (same task) and opens it. Not part of the caller's own 待办 count. A
 * PlainTable, as 待办's own list is a ListTable: antd's Table stays off the page (issue 14 point 7).
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Button } from 'antd';
import dayjs from 'dayjs';
import { useNavigate } from 'react-router';
import { errorMessage, errorText } from '../../api/client';
import { claimTask, listTasks } from '../../api/endpoints';
import { keys, WORK_KEYS } from '../../api/keys';
import type { TaskRow } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Panel } from '../../components/Panel';
import { PlainTable } from '../../components/PlainTable';

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
      <PlainTable<TaskRow>
        label="督办科待审核"
        rowKey={(row) => row.id}
        rows={data?.tasks ?? []}
        // Before the first answer: not "none" yet.
        empty={isFetching ? '加载中…' : '暂无待领取的审核'}
        columns={[
          { key: 'itemNumber', title: '督办编号', width: 130, render: (row) => row.itemNumber },
          { key: 'itemTitle', title: '督办事项', render: (row) => row.itemTitle },
          { key: 'assigneeName', title: '督办人', width: 110, render: (row) => row.assigneeName },
          {
            key: 'createdAt',
            title: '送审时间',
            width: 150,
            render: (row) => dayjs(row.createdAt).format('YYYY-MM-DD HH:mm'),
          },
          {
            key: 'claim',
            title: '操作',
            width: 90,
            render: (row) => (
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
