/** 督办空间: my counts, recent work and the 督办管理 menu for my roles (图19). Kept light: it is the first screen. */
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
import { useQuery } from '@tanstack/react-query';
import { Alert, Col, Row, Statistic } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { errorText, type Query } from '../../api/client';
import { listItems, listTasks } from '../../api/endpoints';
import { keys } from '../../api/keys';
import { TASK_KIND_LABEL } from '../../api/labels';
import type { ItemList } from '../../api/types';
import { LightTag } from '../../components/LightTag';
import { Panel } from '../../components/Panel';
import { homeQueries } from '../../lib/firstRequests';
import { hasAnyRole, SUPERVISION_MENU, SYSTEM_MENU, visibleEntries } from '../../lib/menu';
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

interface Row_ {
  key: string;
  to: string;
  number: string;
  title: string;
  extra: string;
  light: ItemList['items'][number]['light'];
}

/** Rows of a recent list (the first page of five). */
const RECENT_ROWS = 5;

function RecentList({
  rows,
  empty,
  extraTitle,
  loading,
}: {
  rows: Row_[];
  empty: string;
  extraTitle: string;
  /** The table with empty rows, as tall as a full list: the panels below keep their place. */
  loading?: boolean;
}) {
  if (rows.length === 0 && !loading) return <p className="recent-empty">{empty}</p>;
  return (
    <table className="recent-table">
      <thead>
        <tr>
          <th scope="col">督办编号</th>
          <th scope="col">督办事项</th>
          <th scope="col" className="hide-xs">
            {extraTitle}
          </th>
          <th scope="col">灯</th>
        </tr>
      </thead>
      <tbody>
        {loading
          ? Array.from({ length: RECENT_ROWS }, (_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: fixed placeholder rows
              <tr key={i}>
                <td>{'\u00a0'}</td>
                <td />
                <td className="hide-xs" />
                <td />
              </tr>
            ))
          : null}
        {rows.map((r) => (
          <tr key={r.key}>
            <td className="nowrap">{r.number}</td>
            <td>
              <Link to={r.to}>{r.title}</Link>
            </td>
            <td className="hide-xs nowrap">{r.extra}</td>
            <td className="nowrap">
              <LightTag light={r.light} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The four answers behind the counts and the recent lists, under the task and item keys commands invalidate. */
function useHomeFigures(home: ReturnType<typeof homeQueries>) {
  const items = (query: Query) => ({ queryKey: keys.items(query), queryFn: () => listItems(query) });
  const pending = useQuery({ queryKey: keys.tasks(home.pending), queryFn: () => listTasks(home.pending) });
  const overdue = useQuery(items(home.overdue));
  const dueSoon = useQuery(items(home.dueSoon));
  const recent = useQuery(items(home.recent));
  const all = [pending, overdue, dueSoon, recent];
  return {
    // Like one request: shown when every answer is in.
    data:
      pending.data && overdue.data && dueSoon.data && recent.data
        ? { pending: pending.data, overdue: overdue.data, dueSoon: dueSoon.data, recent: recent.data }
        : undefined,
    error: all.find((q) => q.error)?.error ?? null,
    loading: all.some((q) => q.isPending),
  };
}

export default function HomePage() {
  const me = useMe();
  // The same queries the HTML's first-requests script may already have asked for (lib/firstRequests).
  const home = homeQueries(me.roles, new Date());
  const { scope, today, weekLater } = home;
  const { data, error, loading } = useHomeFigures(home);

  const menu = [...visibleEntries(SUPERVISION_MENU, me.roles), ...visibleEntries(SYSTEM_MENU, me.roles)];
  const listBase =
    scope === 'all' && hasAnyRole(me.roles, ['admin'])
      ? '/admin/items'
      : scope === 'all'
        ? '/summary'
        : '/items';
  const scopeText = scope === 'all' ? '全部' : '本部门';

  return (
    <div>
      <div className="page-header">
        <h2 className="home-title">督办空间</h2>
        <span className="muted">您好，{me.name}。</span>
      </div>
      {error ? <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={8}>
          <Link to="/tasks/pending" className="stat-link">
            <Panel
              className="stat-card"
              loading={loading}
              placeholder={<Statistic title="待办事项" value="–" />}
            >
              <Statistic title="待办事项" value={data?.pending.total ?? 0} />
            </Panel>
          </Link>
        </Col>
        <Col xs={8}>
          <Link to={`${listBase}?overdue=true&status=open`} className="stat-link">
            <Panel
              className="stat-card"
              loading={loading}
              placeholder={<Statistic title={`逾期（${scopeText}）`} value="–" />}
            >
              <Statistic
                title={`逾期（${scopeText}）`}
                value={data?.overdue.total ?? 0}
                styles={{ content: { color: '#cf1322' } }}
              />
            </Panel>
          </Link>
        </Col>
        <Col xs={8}>
          <Link to={`${listBase}?status=open&dueFrom=${today}&dueTo=${weekLater}`} className="stat-link">
            <Panel
              className="stat-card"
              loading={loading}
              placeholder={<Statistic title="5 个工作日内到期" value="–" />}
            >
              <Statistic
                title="5 个工作日内到期"
                value={data?.dueSoon.total ?? 0}
                styles={{ content: { color: '#ad6800' } }}
              />
            </Panel>
          </Link>
        </Col>
        <Col xs={24} lg={16}>
          <Panel
            title="最近待办"
            className="recent-panel"
            extra={<Link to="/tasks/pending">全部待办</Link>}
            loading={loading}
            placeholder={<RecentList loading rows={[]} empty="" extraTitle="类型" />}
          >
            <RecentList
              empty="暂无待办事项"
              extraTitle="类型"
              rows={(data?.pending.tasks ?? []).map((t) => ({
                key: t.id,
                to: `/tasks/${t.id}`,
                number: t.itemNumber,
                title: t.itemTitle,
                extra: TASK_KIND_LABEL[t.kind] ?? t.kind,
                light: t.light,
              }))}
            />
          </Panel>
          <Panel
            title="最近督办事项"
            extra={<Link to="/items">督办查询</Link>}
            className="recent-panel mt16"
            loading={loading}
            placeholder={<RecentList loading rows={[]} empty="" extraTitle="办结时间" />}
          >
            <RecentList
              empty="暂无督办事项"
              extraTitle="办结时间"
              rows={(data?.recent.items ?? []).map((i) => ({
                key: i.id,
                to: `/items/${i.id}`,
                number: i.number,
                title: i.title,
                extra: i.dueAt,
                light: i.light,
              }))}
            />
          </Panel>
        </Col>
        <Col xs={24} lg={8}>
          <Panel title="督办管理">
            <nav aria-label="督办管理">
              <ul className="home-menu">
                {menu.map((entry) => (
                  <li key={entry.key}>
                    <Link to={entry.path}>
                      {ICONS[entry.key]} <span>{entry.label}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
          </Panel>
        </Col>
      </Row>
    </div>
  );
}
