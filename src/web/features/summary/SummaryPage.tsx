/** 情况汇总 (leader, admin, supervisor): figures per department, charts, and every item. */
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Statistic, Table } from 'antd';
import { Suspense } from 'react';
import { errorText } from '../../api/client';
import { getSummary } from '../../api/endpoints';
import { keys } from '../../api/keys';
import type { SummaryFigures } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { PageLoading } from '../../components/PageLoading';
import { lazy } from '../../lib/lazy';
import { useOrg } from '../../lib/org';
import { ItemListView } from '../items/ItemListView';

const SummaryCharts = lazy(() => import('./SummaryCharts'), 'SummaryPage.SummaryCharts');

export const rate = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`;

export default function SummaryPage() {
  const org = useOrg();
  const { data, error, isFetching: loading } = useQuery({ queryKey: keys.summary(), queryFn: getSummary });
  const totals: SummaryFigures | undefined = data?.totals;

  return (
    <div>
      <PageHeader title="情况汇总" />
      {error ? <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} /> : null}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {[
          { title: '督办总数', value: totals?.total },
          { title: '未办结', value: totals?.open },
          // §12: 已办结 and 已终止 apart; the rates count completed items only.
          { title: '已办结', value: totals?.completed ?? totals?.closed },
          { title: '已终止', value: totals?.terminated ?? 0 },
          { title: '逾期', value: totals?.overdue },
          { title: '办结率', value: rate(totals?.completionRate) },
          { title: '按期办结率', value: rate(totals?.onTimeRate) },
          { title: '按原定期限办结率', value: rate(totals?.onTimeOriginalRate ?? null) },
          { title: '延期次数', value: totals?.extensions ?? 0 },
        ].map((s) => (
          <Col key={s.title} xs={12} sm={8} xl={4}>
            <Card className="stat-card" loading={loading} size="small">
              <Statistic title={s.title} value={s.value ?? 0} />
            </Card>
          </Col>
        ))}
      </Row>
      {data ? (
        <Suspense fallback={<PageLoading />}>
          <SummaryCharts summary={data} nameOf={org.departmentName} />
        </Suspense>
      ) : null}
      <Card title="各单位情况" style={{ margin: '16px 0' }}>
        <Table
          size="small"
          rowKey="departmentId"
          loading={loading}
          dataSource={data?.departments ?? []}
          pagination={false}
          scroll={{ x: 640 }}
          columns={[
            {
              title: '承办（主办）单位',
              dataIndex: 'departmentId',
              render: (id: string) => org.departmentName(id),
            },
            { title: '总数', dataIndex: 'total', width: 80 },
            { title: '未办结', dataIndex: 'open', width: 80 },
            { title: '已办结', dataIndex: 'completed', width: 80 },
            { title: '已终止', dataIndex: 'terminated', width: 80 },
            { title: '逾期', dataIndex: 'overdue', width: 80 },
            { title: '延期', dataIndex: 'extensions', width: 70 },
            { title: '办结率', dataIndex: 'completionRate', width: 100, render: rate },
            { title: '按期办结率', dataIndex: 'onTimeRate', width: 110, render: rate },
            // 拒签 by people of the department (§13).
            { title: '拒签', dataIndex: 'refusals', width: 80 },
          ]}
        />
      </Card>
      <ItemListView scope="all" />
    </div>
  );
}
