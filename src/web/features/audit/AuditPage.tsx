/** 安全审计 (auditor, sysadmin): every change, who made it and when. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Form, Input, Row, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorText } from '../../api/client';
import { listAudit } from '../../api/endpoints';
import { keys } from '../../api/keys';
import type { AuditEvent } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { UserSelect } from '../../components/UserSelect';
import { auditActionLabel, detailText } from '../../lib/audit';
import { personName } from '../../lib/users';

interface AuditFilters {
  actorId?: string;
  action?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

export default function AuditPage() {
  const [filters, setFilters] = useState<AuditFilters>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const query = {
    actorId: filters.actorId,
    action: filters.action?.trim() || undefined,
    from: filters.range?.[0]?.format('YYYY-MM-DD'),
    to: filters.range?.[1]?.format('YYYY-MM-DD'),
    ...page,
  };
  const {
    data,
    error,
    isFetching: loading,
  } = useQuery({
    queryKey: keys.audit(query),
    queryFn: () => listAudit(query),
    placeholderData: keepPreviousData,
  });

  return (
    <div>
      <PageHeader title="安全审计" />
      <Card style={{ marginBottom: 16 }}>
        <Form<AuditFilters>
          name="audit"
          layout="vertical"
          className="filter-form"
          onFinish={(v) => {
            setFilters(v);
            setPage((p) => ({ ...p, page: 1 }));
          }}
        >
          <Row gutter={16}>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item name="actorId" label="操作人">
                <UserSelect allowClear filter={{ includeDisabled: true }} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item name="action" label="操作">
                <Input allowClear />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item name="range" label="时间">
                <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={4}>
              <Form.Item label=" " colon={false}>
                <Button type="primary" htmlType="submit">
                  查询
                </Button>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>
      {error ? <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} /> : null}
      <Card>
        <Table<AuditEvent>
          rowKey={(e, i) => `${e.at}-${i}`}
          size="middle"
          loading={loading}
          dataSource={data?.events ?? []}
          scroll={{ x: 900 }}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: data?.total ?? 0,
            showTotal: (t) => `共 ${t} 条`,
            onChange: (p, s) => setPage({ page: p, pageSize: s }),
          }}
          columns={[
            {
              title: '时间',
              dataIndex: 'at',
              width: 170,
              render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss'),
            },
            {
              title: '操作人',
              dataIndex: 'actorId',
              width: 110,
              render: (_: string | null, e) => (e.actorId === null ? '系统' : personName(e.actorName)),
            },
            { title: '操作', dataIndex: 'action', width: 140, render: (a: string) => auditActionLabel(a) },
            {
              title: '督办事项',
              dataIndex: 'itemId',
              width: 110,
              render: (id: string | null | undefined) => (id ? <Link to={`/items/${id}`}>查看</Link> : '—'),
            },
            {
              title: '内容',
              dataIndex: 'detail',
              render: (d: unknown) => <span className="detail-text">{detailText(d)}</span>,
            },
          ]}
        />
      </Card>
    </div>
  );
}
