/** 督办空间: my counts, recent work and the 督办管理 menu for my roles (图19). */
import {
  AuditOutlined,
  BarChartOutlined,
  FileAddOutlined,
  FileDoneOutlined,
  ProfileOutlined,
  SearchOutlined,
  SettingOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { Alert, Card, Col, List, Row, Statistic, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client';
import { TASK_KIND_LABEL } from '../../api/labels';
import type { ItemList, TaskList } from '../../api/types';
import { LightTag } from '../../components/LightTag';
import { hasAnyRole, SUPERVISION_MENU, SYSTEM_MENU, visibleEntries } from '../../lib/menu';
import { useRequest } from '../../lib/useRequest';
import { useMe } from '../auth/AuthContext';

const ICONS: Record<string, ReactNode> = {
  new: <FileAddOutlined />,
  'lead-report': <ProfileOutlined />,
  'assist-report': <FileDoneOutlined />,
  query: <SearchOutlined />,
  summary: <BarChartOutlined />,
  'admin-list': <UnorderedListOutlined />,
  system: <SettingOutlined />,
  audit: <AuditOutlined />,
};

export default function HomePage() {
  const me = useMe();
  const navigate = useNavigate();
  const scope = hasAnyRole(me.roles, ['leader', 'admin', 'supervisor']) ? 'all' : 'department';
  const today = dayjs().format('YYYY-MM-DD');
  const { data, errorText, loading } = useRequest(async () => {
    const [pending, overdue, dueSoon, recent] = await Promise.all([
      api.get<TaskList>('/api/tasks', { state: 'pending', page: 1, pageSize: 5 }),
      api.get<ItemList>('/api/items', { scope, overdue: true, status: 'open', page: 1, pageSize: 1 }),
      api.get<ItemList>('/api/items', {
        scope,
        status: 'open',
        dueFrom: today,
        dueTo: dayjs().add(7, 'day').format('YYYY-MM-DD'),
        page: 1,
        pageSize: 1,
      }),
      api.get<ItemList>('/api/items', { scope, page: 1, pageSize: 5 }),
    ]);
    return { pending, overdue, dueSoon, recent };
  }, [scope, today]);

  const menu = [...visibleEntries(SUPERVISION_MENU, me.roles), ...visibleEntries(SYSTEM_MENU, me.roles)];
  const scopeText = scope === 'all' ? '全部' : '本部门';

  return (
    <div>
      <div className="page-header">
        <Typography.Title level={2} className="page-title">
          督办空间
        </Typography.Title>
        <Typography.Text type="secondary">您好，{me.name}。</Typography.Text>
      </div>
      {errorText ? <Alert type="error" showIcon title={errorText} style={{ marginBottom: 16 }} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={8} md={8}>
          <Card className="stat-card" loading={loading}>
            <Link to="/tasks/pending">
              <Statistic title="待办事项" value={data?.pending.total ?? 0} />
            </Link>
          </Card>
        </Col>
        <Col xs={8} md={8}>
          <Card className="stat-card" loading={loading}>
            <Link to={`/items?overdue=true&status=open`}>
              <Statistic
                title={`逾期（${scopeText}）`}
                value={data?.overdue.total ?? 0}
                styles={{ content: { color: '#cf1322' } }}
              />
            </Link>
          </Card>
        </Col>
        <Col xs={8} md={8}>
          <Card className="stat-card" loading={loading}>
            <Link
              to={`/items?status=open&dueFrom=${today}&dueTo=${dayjs().add(7, 'day').format('YYYY-MM-DD')}`}
            >
              <Statistic
                title="7 天内到期"
                value={data?.dueSoon.total ?? 0}
                styles={{ content: { color: '#ad6800' } }}
              />
            </Link>
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card title="最近待办" extra={<Link to="/tasks/pending">全部待办</Link>}>
            <Table
              size="small"
              rowKey="id"
              loading={loading}
              pagination={false}
              className="clickable-rows"
              dataSource={data?.pending.tasks ?? []}
              scroll={{ x: 560 }}
              locale={{ emptyText: '暂无待办' }}
              onRow={(row) => ({ onClick: () => navigate(`/tasks/${row.id}`) })}
              columns={[
                { title: '督办编号', dataIndex: 'itemNumber', width: 120 },
                {
                  title: '督办事项',
                  dataIndex: 'itemTitle',
                  render: (title: string, row) => <Link to={`/tasks/${row.id}`}>{title}</Link>,
                },
                {
                  title: '类型',
                  dataIndex: 'kind',
                  width: 90,
                  render: (k: keyof typeof TASK_KIND_LABEL) => TASK_KIND_LABEL[k] ?? k,
                },
                { title: '灯', dataIndex: 'light', width: 80, render: (l) => <LightTag light={l} /> },
              ]}
            />
          </Card>
          <Card title="最近督办事项" extra={<Link to="/items">督办查询</Link>} style={{ marginTop: 16 }}>
            <Table
              size="small"
              rowKey="id"
              loading={loading}
              pagination={false}
              className="clickable-rows"
              dataSource={data?.recent.items ?? []}
              scroll={{ x: 560 }}
              onRow={(row) => ({ onClick: () => navigate(`/items/${row.id}`) })}
              columns={[
                { title: '督办编号', dataIndex: 'number', width: 120 },
                {
                  title: '督办事项',
                  dataIndex: 'title',
                  render: (t: string, row) => <Link to={`/items/${row.id}`}>{t}</Link>,
                },
                { title: '办结时间', dataIndex: 'dueAt', width: 110 },
                { title: '灯', dataIndex: 'light', width: 80, render: (l) => <LightTag light={l} /> },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title="督办管理">
            <List
              dataSource={menu}
              renderItem={(entry) => (
                <List.Item>
                  <Link to={entry.path} className="home-menu-link">
                    {ICONS[entry.key]} <span>{entry.label}</span>
                  </Link>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
