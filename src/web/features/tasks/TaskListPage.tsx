/** 待办事项 / 已办事项: my open or completed tasks, newest first. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { Suspense } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { errorText } from '../../api/client';
import { listTasks } from '../../api/endpoints';
import { keys } from '../../api/keys';
import { FLOW_KIND_LABEL, label, TASK_KIND_LABEL } from '../../api/labels';
import type { TaskRow } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LightTag } from '../../components/LightTag';
import { type ListColumn, ListTable } from '../../components/ListTable';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { SoftTag } from '../../components/SoftTag';
import { taskListQuery } from '../../lib/firstRequests';
import { lazy } from '../../lib/lazy';
import { byScreen, useScreens } from '../../lib/screens';
import { useMe } from '../auth/AuthContext';

// 督办科待审核 is for supervisors only: its code (a Card, a second table) loads when one opens 待办.
const ReviewPool = lazy(
  () => import('./ReviewPool').then((m) => ({ default: m.ReviewPool })),
  'TaskListPage.ReviewPool',
);

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
        <ListTable<TaskRow>
          label={title}
          rowKey={(row) => row.id}
          loading={isFetching}
          rows={data?.tasks ?? []}
          minWidth={screens.md ? 820 : undefined}
          empty={state === 'pending' ? '暂无待办事项' : '暂无已办事项'}
          onRowClick={(row) => navigate(`/tasks/${row.id}`)}
          page={page}
          pageSize={pageSize}
          total={data?.total ?? 0}
          onPage={(p, size) => setParams({ page: String(p), pageSize: String(size) })}
          columns={byScreen<ListColumn<TaskRow>>(
            [
              {
                key: 'itemNumber',
                responsive: ['sm'],
                title: '督办编号',
                width: 130,
                render: (row) => row.itemNumber,
              },
              {
                key: 'itemTitle',
                title: '督办事项',
                render: (row) => (
                  <>
                    <Link to={`/tasks/${row.id}`}>{row.itemTitle}</Link>
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
                key: 'kind',
                title: '事项类型',
                width: 150,
                render: (row) => (
                  <>
                    <SoftTag tone="grey">{label(FLOW_KIND_LABEL, row.flowKind)}</SoftTag>
                    {label(TASK_KIND_LABEL, row.kind)}
                    {row.onBehalfOfId ? <div className="muted">代{row.onBehalfOfName}办理</div> : null}
                  </>
                ),
              },
              {
                key: 'senderName',
                responsive: ['md'],
                title: '发送人',
                width: 100,
                render: (row) => row.senderName || '系统',
              },
              {
                key: 'time',
                responsive: ['md'],
                title: state === 'pending' ? '接收时间' : '办理时间',
                width: 150,
                render: (row) => fmt(state === 'pending' ? row.createdAt : row.completedAt),
              },
              { key: 'light', title: '灯', width: 80, render: (row) => <LightTag light={row.light} /> },
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
