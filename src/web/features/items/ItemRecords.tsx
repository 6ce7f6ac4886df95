/**
 * The item page's record tables: 办理人员, 催办记录 and 变更记录. Plain tables (PlainTable), not
 * antd's Table: none of them sorts, filters or selects, and the Table was a third of the page's
 * JavaScript over the budget (issue 12).
 */
import dayjs from 'dayjs';
import { HANDLER_ROLE_LABEL, label } from '../../api/labels';
import type { Handler, HistoryEntry, Urge } from '../../api/types';
import { PlainTable } from '../../components/PlainTable';
import { SoftTag } from '../../components/SoftTag';
import { actorText, auditActionLabel, detailText, onBehalfOfIdOf } from '../../lib/audit';
import { useOrg } from '../../lib/org';
import { personName, useUsersByIds } from '../../lib/users';

const time = (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm');

export function HandlersTable({ handlers }: { handlers: Handler[] }) {
  const org = useOrg();
  return (
    <PlainTable<Handler>
      label="办理人员"
      rows={handlers}
      rowKey={(h) => `${h.userId}:${h.role}`}
      empty="暂无办理人员"
      columns={[
        { key: 'name', title: '姓名', render: (h) => personName(h.name) },
        { key: 'dept', title: '单位', render: (h) => org.departmentName(h.departmentId) },
        {
          key: 'role',
          title: '角色',
          render: (h) => <SoftTag tone="grey">{label(HANDLER_ROLE_LABEL, h.role)}</SoftTag>,
        },
      ]}
    />
  );
}

export function UrgesTable({ urges }: { urges: Urge[] }) {
  return (
    <PlainTable<Urge>
      label="催办记录"
      rows={urges}
      rowKey={(u) => u.at}
      empty="暂无催办"
      columns={[
        { key: 'at', title: '时间', width: 150, render: (u) => time(u.at) },
        { key: 'by', title: '催办人', width: 100, render: (u) => u.byName },
        { key: 'message', title: '催办内容', render: (u) => u.message ?? '—' },
        {
          key: 'recipients',
          title: '通知',
          render: (u) =>
            u.recipientNames.length > 0 ? u.recipientNames.join('、') : '无（仅督办科审核待办）',
        },
      ]}
    />
  );
}

export function HistoryTable({ history }: { history: HistoryEntry[] }) {
  // Entries name their actor; one done 代 an absent colleague (委托) names only the colleague's id.
  const behalf = useUsersByIds(history.flatMap((h) => onBehalfOfIdOf(h.detail) ?? []));
  return (
    <PlainTable<HistoryEntry>
      label="变更记录"
      rows={history}
      rowKey={(h, i) => `${h.at}-${i}`}
      empty="暂无变更记录"
      pageSize={20}
      minWidth={600}
      columns={[
        { key: 'at', title: '时间', width: 150, render: (h) => time(h.at) },
        {
          key: 'actor',
          title: '操作人',
          width: 100,
          render: (h) =>
            actorText(h.actorId === null ? null : personName(h.actorName), h.detail, (id) =>
              personName(behalf.get(id)?.name),
            ),
        },
        { key: 'action', title: '操作', width: 120, render: (h) => auditActionLabel(h.action) },
        {
          key: 'detail',
          title: '内容',
          render: (h) => <span className="detail-text">{detailText(h.detail)}</span>,
        },
      ]}
    />
  );
}
