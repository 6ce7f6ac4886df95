/** 待办事项 / 已办事项: my open or completed tasks, newest first. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Table } from 'antd';
import type { ColumnType } from 'antd/es/table';
import dayjs from 'dayjs';
import { lazy, Suspense } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { errorText } from '../../api/client';
import { listTasks } from '../../api/endpoints';
import { keys } from '../../api/keys';
import { FLOW_KIND_LABEL, label, TASK_KIND_LABEL } from '../../api/labels';
import type { TaskRow } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LightTag } from '../../components/LightTag';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { SoftTag } from '../../components/SoftTag';
import { taskListQuery } from '../../lib/firstRequests';
import { byScreen, useScreens } from '../../lib/screens';
import { useMe } from '../auth/AuthContext';

// 督办科待审核 is for supervisors only: its code (a Card, a second table) loads when one opens 待办.
const ReviewPool = lazy(() => import('./ReviewPool').then((m) => ({ default: m.ReviewPool })));

const fmt = (value: string | null | undefined) => (value ? dayjs(value).format('YYYY-MM-DD HH:mm') : '—');

export default function TaskListPage({ state }: { state: 'pending' | 'done' }) {
  const [params, setParams] = useSearchParams();
  // The query the HTML's first-requests script may already have asked for (lib/firstRequests).
  const query = taskListQuery(state, params);
  const { page, pageSize } = query;
  const navigate = useNavigate();
  const me = useMe();
  const screens = useScreens();
  // The page shown stays while the next one loads.
  const { data, error, isFetching } = useQuery({
    queryKey: keys.tasks(query),
    queryFn: () => listTasks(query),
    placeholderData: keepPreviousData,
  });
  const title = state === 'pending' ? '待办事项' : '已办事项';

  return (
    <div>
      <PageHeader title={title} />
      {error ? <ErrorAlert text={errorText(error)} style={{ marginBottom: 16 }} /> : null}
      <Panel>
        <Table<TaskRow>
          rowKey="id"
          size="middle"
          loading={isFetching}
          className="clickable-rows"
          dataSource={data?.tasks ?? []}
          scroll={screens.md ? { x: 820 } : undefined}
          locale={{ emptyText: state === 'pending' ? '暂无待办事项' : '暂无已办事项' }}
          onRow={(row) => ({ onClick: () => navigate(`/tasks/${row.id}`) })}
          pagination={{
            current: page,
            pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => `共 ${total} 条`,
            onChange: (p, size) => setParams({ page: String(p), pageSize: String(size) }),
          }}
          columns={byScreen<ColumnType<TaskRow>>(
            [
              { responsive: ['sm'], title: '督办编号', dataIndex: 'itemNumber', width: 130 },
              {
                title: '督办事项',
                dataIndex: 'itemTitle',
                render: (text: string, row) => (
                  <>
                    <Link to={`/tasks/${row.id}`}>{text}</Link>
                    {/* On a phone the 发送人 and time columns are hidden: they go under the title. */}
                    {screens.md ? null : (
                      <div className="muted task-meta">
                        {row.senderName || '系统'} ·{' '}
                        {fmt(state === 'pending' ? row.createdAt : row.completedAt)}
                      </div>
                    )}
                  </>
                ),
              },
              {
                title: '事项类型',
                dataIndex: 'kind',
                width: 150,
                render: (kind: TaskRow['kind'], row) => (
                  <>
                    <SoftTag tone="grey">{label(FLOW_KIND_LABEL, row.flowKind)}</SoftTag>
                    {label(TASK_KIND_LABEL, kind)}
                    {row.onBehalfOfId ? <div className="muted">代{row.onBehalfOfName}办理</div> : null}
                  </>
                ),
              },
              {
                responsive: ['md'],
                title: '发送人',
                dataIndex: 'senderName',
                width: 100,
                render: (name: string) => name || '系统',
              },
              {
                responsive: ['md'],
                title: state === 'pending' ? '接收时间' : '办理时间',
                dataIndex: state === 'pending' ? 'createdAt' : 'completedAt',
                width: 150,
                render: (v: string) => fmt(v),
              },
              {
                title: '灯',
                dataIndex: 'light',
                width: 80,
                render: (l: TaskRow['light']) => <LightTag light={l} />,
              },
            ],
            screens,
          )}
        />
      </Panel>
      {state === 'pending' && me.roles.includes('supervisor') ? (
        <Suspense fallback={null}>
          <ReviewPool />
        </Suspense>
      ) : null}
    </div>
  );
}
