/** The item page's record tables: 办理人员, 催办记录 and 变更记录. */
import { Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { HANDLER_ROLE_LABEL, label } from '../../api/labels';
import type { Handler, HistoryEntry, Urge } from '../../api/types';
import { actorText, auditActionLabel, detailText, onBehalfOfIdOf } from '../../lib/audit';
import { useOrg } from '../../lib/org';
import { personName, useUsersByIds } from '../../lib/users';

const time = (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm');

export function HandlersTable({ handlers }: { handlers: Handler[] }) {
  const org = useOrg();
  return (
    <Table<Handler>
      size="small"
      rowKey={(h) => `${h.userId}:${h.role}`}
      pagination={false}
      dataSource={handlers}
      locale={{ emptyText: '暂无办理人员' }}
      columns={[
        { title: '姓名', dataIndex: 'name', render: (name: string | null) => personName(name) },
        {
          title: '单位',
          dataIndex: 'departmentId',
          key: 'dept',
          render: (id: string | null | undefined) => org.departmentName(id),
        },
        {
          title: '角色',
          dataIndex: 'role',
          render: (r: string) => <Tag>{label(HANDLER_ROLE_LABEL, r)}</Tag>,
        },
      ]}
    />
  );
}

export function UrgesTable({ urges }: { urges: Urge[] }) {
  return (
    <Table<Urge>
      size="small"
      rowKey={(u) => u.at}
      dataSource={urges}
      pagination={false}
      locale={{ emptyText: '暂无催办' }}
      columns={[
        { title: '时间', dataIndex: 'at', width: 150, render: time },
        { title: '催办人', dataIndex: 'byName', width: 100 },
        { title: '催办内容', dataIndex: 'message', render: (m: string | null) => m ?? '—' },
        {
          title: '通知',
          dataIndex: 'recipientNames',
          render: (names: string[]) => (names.length > 0 ? names.join('、') : '无（仅督办科审核待办）'),
        },
      ]}
    />
  );
}

export function HistoryTable({ history }: { history: HistoryEntry[] }) {
  // Entries name their actor; one done 代 an absent colleague (委托) names only the colleague's id.
  const behalf = useUsersByIds(history.flatMap((h) => onBehalfOfIdOf(h.detail) ?? []));
  return (
    <Table<HistoryEntry>
      size="small"
      rowKey={(h, i) => `${h.at}-${i}`}
      dataSource={history}
      pagination={{ pageSize: 20, showTotal: (t) => `共 ${t} 条` }}
      scroll={{ x: 600 }}
      columns={[
        { title: '时间', dataIndex: 'at', width: 150, render: time },
        {
          title: '操作人',
          dataIndex: 'actorId',
          width: 100,
          render: (a: string | null, h) =>
            actorText(a === null ? null : personName(h.actorName), h.detail, (id) =>
              personName(behalf.get(id)?.name),
            ),
        },
        { title: '操作', dataIndex: 'action', width: 120, render: (a: string) => auditActionLabel(a) },
        {
          title: '内容',
          dataIndex: 'detail',
          render: (d: unknown) => <span className="detail-text">{detailText(d)}</span>,
        },
      ]}
    />
  );
}
