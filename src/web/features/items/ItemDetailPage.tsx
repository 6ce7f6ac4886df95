/** 穿透查看 (图21): basic fields, status, light, handlers, every flow and step; 结束 / 重新打开 / 催办. */

import { useQuery } from '@tanstack/react-query';
import { Button, Col, Row, Skeleton } from 'antd';
import { type ReactNode, Suspense, useState } from 'react';
import { Link, useParams } from 'react-router';
import { errorText } from '../../api/client';
import { getItem, getItemHistory } from '../../api/endpoints';
import { keys } from '../../api/keys';
import type { HistoryEntry, Item } from '../../api/types';
import { AttachmentPanel } from '../../components/Attachments';
import { FlowTimeline } from '../../components/FlowTimeline';
import { ItemInfo } from '../../components/ItemInfo';
import { LightTabs } from '../../components/LightTabs';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { lazy } from '../../lib/lazy';
import { useMe } from '../auth/AuthContext';
import type { ActionKind } from './ItemActionDialog';
import { HandlersTable, HistoryTable, UrgesTable } from './ItemRecords';
import { itemPermissions } from './permissions';

/** Who may attach item-level files (the server decides in the end): registrar, handlers, pending assignees, admins. */
function canAttach(item: Item, me: { id: string; roles: string[] }): boolean {
  return (
    item.registrarId === me.id ||
    me.roles.includes('admin') ||
    (item.handlers ?? []).some((h) => h.userId === me.id) ||
    (item.flows ?? []).some((f) => f.steps.some((s) => s.state === 'pending' && s.assigneeId === me.id))
  );
}

function isPendingStep(item: Item, taskId: string): boolean {
  return (item.flows ?? []).some((f) => f.steps.some((s) => s.taskId === taskId && s.state === 'pending'));
}

/**
 * 打印: opens the print page in a new tab with the 督办通知单; its toolbar switches to the 催办通知书
 * and the 办理情况表 (a menu here would add Popover or Dropdown code to this page's first screen).
 */
function PrintButton({ itemId }: { itemId: string }) {
  const url = `/items/${encodeURIComponent(itemId)}/print?form=notice`;
  return <Button onClick={() => window.open(url, '_blank', 'noopener')}>打印</Button>;
}

// Loaded when first wanted, not with the first screen (issue 12): the commands' dialog (Modal, Form,
// TextArea: about 30 KB gzip) at the first command, antd's Result (its pictures) on an error.
const ItemActionDialog = lazy(
  () => import('./ItemActionDialog').then((m) => ({ default: m.ItemActionDialog })),
  'ItemDetailPage.ItemActionDialog',
);
const Result = lazy(() => import('antd/es/result'), 'ItemDetailPage.Result');

// Admins only (转交 of pending tasks): loaded for them, not on everybody's first screen (issue 12).
const PendingTasksCard = lazy(
  () => import('../people/PendingTasks').then((m) => ({ default: m.PendingTasksCard })),
  'ItemDetailPage.PendingTasksCard',
);

/** The buttons of the page header: 反馈 links and the commands the caller may give. */
function ItemButtons({ item, open }: { item: Item; open: (kind: ActionKind) => void }): ReactNode {
  const me = useMe();
  const can = itemPermissions(item, me.roles);
  const report = (kind: 'lead' | 'assist', text: string) => (
    <Link to={`/reports/${kind}?itemId=${encodeURIComponent(item.id)}`}>
      <Button>{text}</Button>
    </Link>
  );
  return (
    <>
      {item.permissions?.reportLead ? report('lead', '主办反馈') : null}
      {item.permissions?.reportAssist ? report('assist', '协办反馈') : null}
      {item.permissions?.extend ? <Button onClick={() => open('extend')}>延期申请</Button> : null}
      {can.urge ? <Button onClick={() => open('urge')}>催办</Button> : null}
      {can.close ? (
        <Button danger onClick={() => open('close')}>
          结束
        </Button>
      ) : null}
      {can.reopen ? <Button onClick={() => open('reopen')}>重新打开</Button> : null}
      <PrintButton itemId={item.id} />
    </>
  );
}

/** 附件, 办理人员 and (admins) 当前待办. */
function ItemSideCards({ item }: { item: Item }) {
  const me = useMe();
  return (
    <>
      <Panel title="附件" className="mt16">
        <AttachmentPanel
          itemId={item.id}
          files={item.attachments ?? []}
          canUpload={item.status === 'open' && canAttach(item, me)}
          canDelete={(f) =>
            item.status === 'open' &&
            (f.taskId === null
              ? f.uploadedById === me.id || me.roles.includes('admin')
              : f.uploadedById === me.id && isPendingStep(item, f.taskId))
          }
        />
      </Panel>
      <Panel title="办理人员" className="mt16">
        <HandlersTable handlers={item.handlers ?? []} />
      </Panel>
      {me.roles.includes('admin') ? (
        <Suspense fallback={null}>
          <PendingTasksCard item={item} />
        </Suspense>
      ) : null}
    </>
  );
}

/**
 * 办理过程, 催办记录 and 变更记录. LightTabs and Panel rather than antd's Tabs and Card (with rc-tabs,
 * 13 KB gzip on this first screen, issue 12).
 */
function ItemTabs({ item, history }: { item: Item; history: HistoryEntry[] }) {
  return (
    <LightTabs
      label="办理记录"
      items={[
        {
          key: 'flows',
          label: '办理过程',
          children: <FlowTimeline flows={item.flows ?? []} attachments={item.attachments} offerWithdraw />,
        },
        {
          key: 'urges',
          label: `催办记录（${item.urges?.length ?? 0}）`,
          children: <UrgesTable urges={item.urges ?? []} />,
        },
        { key: 'history', label: '变更记录', children: <HistoryTable history={history} /> },
      ]}
    />
  );
}

export default function ItemDetailPage() {
  const { id = '' } = useParams();
  const { data: item, error, isPending } = useQuery({ queryKey: keys.item(id), queryFn: () => getItem(id) });
  // Under the item's key: whatever changes the item refreshes its history too. A history the
  // caller may not read is an empty one.
  const { data: history } = useQuery({
    queryKey: keys.itemHistory(id),
    queryFn: () => getItemHistory(id).catch(() => [] as HistoryEntry[]),
  });
  // Each opening of the dialog is a new one (its fields start empty).
  const [dialog, setDialog] = useState<{ kind: ActionKind; n: number }>();
  const [openings, setOpenings] = useState(0);

  if (isPending) return <Skeleton active />;
  if (error || !item)
    return (
      <Suspense fallback={null}>
        <Result status="warning" title="无法查看该督办事项" subTitle={errorText(error)} />
      </Suspense>
    );
  const open = (kind: ActionKind) => {
    setOpenings((n) => n + 1);
    setDialog({ kind, n: openings + 1 });
  };

  return (
    <div>
      <PageHeader
        title={`${item.number} ${item.title}`}
        trail={[{ title: '督办查询', path: '/items' }]}
        extra={<ItemButtons item={item} open={open} />}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Panel title="基本信息">
            <ItemInfo item={item} />
          </Panel>
          <ItemSideCards item={item} />
        </Col>
        <Col xs={24} xl={14}>
          <Panel>
            <ItemTabs item={item} history={history ?? []} />
          </Panel>
          <div style={{ marginTop: 12 }}>
            <Link to="/items">返回督办查询</Link>
          </div>
        </Col>
      </Row>
      {openings > 0 ? (
        <Suspense fallback={null}>
          <ItemActionDialog
            key={dialog?.n ?? openings}
            item={item}
            kind={dialog?.kind}
            onClose={() => setDialog(undefined)}
          />
        </Suspense>
      ) : null}
    </div>
  );
}
