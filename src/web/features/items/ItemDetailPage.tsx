/** 穿透查看 (图21): basic fields, status, light, handlers, every flow and step; 结束 / 重新打开 / 催办. */

import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  Modal,
  Result,
  Row,
  Skeleton,
  Table,
  Tabs,
  Tag,
} from 'antd';
import dayjs from 'dayjs';
import { lazy, Suspense, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, errorMessage, urgeRefusal } from '../../api/client';
import { HANDLER_ROLE_LABEL, label } from '../../api/labels';
import type { Handler, HistoryEntry, Item, Urge } from '../../api/types';
import { AttachmentPanel } from '../../components/Attachments';
import { FlowTimeline } from '../../components/FlowTimeline';
import { ItemInfo } from '../../components/ItemInfo';
import { PageHeader } from '../../components/PageHeader';
import { actorText, auditActionLabel, detailText } from '../../lib/audit';
import { useOrg } from '../../lib/org';
import { useRequest } from '../../lib/useRequest';
import { useMe } from '../auth/AuthContext';
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

// Admins only (转交 of pending tasks): loaded for them, not on everybody's first screen (issue 12).
const PendingTasksCard = lazy(() =>
  import('../people/PendingTasks').then((m) => ({ default: m.PendingTasksCard })),
);
// The date picker is costly and needed only by 延期申请: loaded when that dialog opens.
const DueDatePicker = lazy(() => import('./DueDatePicker'));

type ActionKind = 'close' | 'reopen' | 'urge' | 'extend';
const ACTION_TITLE: Record<ActionKind, string> = {
  close: '结束督办',
  reopen: '重新打开',
  urge: '催办',
  extend: '延期申请',
};

export default function ItemDetailPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const org = useOrg();
  const { message } = App.useApp();
  const {
    data: item,
    errorText,
    loading,
    reload,
  } = useRequest(() => api.get<Item>(`/api/items/${encodeURIComponent(id)}`), [id]);
  const { data: history } = useRequest(
    () =>
      api
        .get<HistoryEntry[]>(`/api/items/${encodeURIComponent(id)}/history`)
        .catch(() => [] as HistoryEntry[]),
    [id, item],
  );
  const [dialog, setDialog] = useState<ActionKind>();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<string>();
  // 延期申请 (§11): 申请延期至, 延期理由, 目前进展.
  const [newDueAt, setNewDueAt] = useState<string>();
  const [progress, setProgress] = useState('');

  if (loading && !item) return <Skeleton active />;
  if (errorText || !item) return <Result status="warning" title="无法查看该督办事项" subTitle={errorText} />;
  const can = itemPermissions(item, me.roles);

  const run = async () => {
    if (!dialog) return;
    if (dialog === 'reopen' && !text.trim()) {
      setDialogError('请填写重新打开的原因');
      return;
    }
    if (dialog === 'extend' && (!newDueAt || !text.trim() || !progress.trim())) {
      setDialogError('请填写申请延期至、延期理由和目前进展');
      return;
    }
    setBusy(true);
    try {
      const path = `/api/items/${encodeURIComponent(item.id)}/${dialog === 'extend' ? 'extensions' : dialog}`;
      if (dialog === 'extend') {
        await api.post(path, { newDueAt, reason: text.trim(), progress: progress.trim() });
        message.success('延期申请已提交，等待审批');
      } else if (dialog === 'urge') {
        const r = await api.post<{ notified: number }>(path, text.trim() ? { message: text.trim() } : {});
        message.success(`已催办，通知 ${r.notified} 人`);
      } else {
        await api.post(path, text.trim() ? { remark: text.trim() } : {});
        message.success(dialog === 'close' ? '督办事项已结束' : '督办事项已重新打开');
      }
      setDialog(undefined);
      void reload();
    } catch (e) {
      setDialogError(urgeRefusal(e) ?? errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const open = (kind: ActionKind) => {
    setText('');
    setNewDueAt(undefined);
    setProgress('');
    setDialogError(undefined);
    setDialog(kind);
  };

  return (
    <div>
      <PageHeader
        title={`${item.number} ${item.title}`}
        trail={[{ title: '督办查询', path: '/items' }]}
        extra={
          <>
            {item.permissions?.reportLead ? (
              <Link to={`/reports/lead?itemId=${encodeURIComponent(item.id)}`}>
                <Button>主办反馈</Button>
              </Link>
            ) : null}
            {item.permissions?.reportAssist ? (
              <Link to={`/reports/assist?itemId=${encodeURIComponent(item.id)}`}>
                <Button>协办反馈</Button>
              </Link>
            ) : null}
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
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card title="基本信息">
            <ItemInfo item={item} />
          </Card>
          <Card title="附件" style={{ marginTop: 16 }}>
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
              onChange={() => void reload()}
            />
          </Card>
          <Card title="办理人员" style={{ marginTop: 16 }}>
            <Table<Handler>
              size="small"
              rowKey={(h) => `${h.userId}:${h.role}`}
              pagination={false}
              dataSource={item.handlers ?? []}
              locale={{ emptyText: '暂无办理人员' }}
              columns={[
                { title: '姓名', dataIndex: 'userId', render: (uid: string) => org.userName(uid) },
                {
                  title: '单位',
                  dataIndex: 'userId',
                  key: 'dept',
                  render: (uid: string) => org.departmentName(org.userById(uid)?.departmentId),
                },
                {
                  title: '角色',
                  dataIndex: 'role',
                  render: (r: string) => <Tag>{label(HANDLER_ROLE_LABEL, r)}</Tag>,
                },
              ]}
            />
          </Card>
          {me.roles.includes('admin') ? (
            <Suspense fallback={null}>
              <PendingTasksCard item={item} onChanged={() => void reload()} />
            </Suspense>
          ) : null}
        </Col>
        <Col xs={24} xl={14}>
          <Card>
            <Tabs
              items={[
                {
                  key: 'flows',
                  label: '办理过程',
                  children: (
                    <FlowTimeline
                      flows={item.flows ?? []}
                      attachments={item.attachments}
                      onWithdrawn={() => void reload()}
                    />
                  ),
                },
                {
                  key: 'urges',
                  label: `催办记录（${item.urges?.length ?? 0}）`,
                  children: (
                    <Table<Urge>
                      size="small"
                      rowKey={(u) => u.at}
                      dataSource={item.urges ?? []}
                      pagination={false}
                      locale={{ emptyText: '暂无催办' }}
                      columns={[
                        {
                          title: '时间',
                          dataIndex: 'at',
                          width: 150,
                          render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
                        },
                        { title: '催办人', dataIndex: 'byName', width: 100 },
                        { title: '催办内容', dataIndex: 'message', render: (m: string | null) => m ?? '—' },
                        {
                          title: '通知',
                          dataIndex: 'recipientNames',
                          render: (names: string[]) =>
                            names.length > 0 ? names.join('、') : '无（仅督办科审核待办）',
                        },
                      ]}
                    />
                  ),
                },
                {
                  key: 'history',
                  label: '变更记录',
                  children: (
                    <Table<HistoryEntry>
                      size="small"
                      rowKey={(h, i) => `${h.at}-${i}`}
                      dataSource={history ?? []}
                      pagination={{ pageSize: 20, showTotal: (t) => `共 ${t} 条` }}
                      scroll={{ x: 600 }}
                      columns={[
                        {
                          title: '时间',
                          dataIndex: 'at',
                          width: 150,
                          render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
                        },
                        {
                          title: '操作人',
                          dataIndex: 'actorId',
                          width: 100,
                          render: (a: string | null, h) => actorText(a, h.detail, org.userName),
                        },
                        {
                          title: '操作',
                          dataIndex: 'action',
                          width: 120,
                          render: (a: string) => auditActionLabel(a),
                        },
                        {
                          title: '内容',
                          dataIndex: 'detail',
                          render: (d: unknown) => <span className="detail-text">{detailText(d)}</span>,
                        },
                      ]}
                    />
                  ),
                },
              ]}
            />
          </Card>
          <div style={{ marginTop: 12 }}>
            <Link to="/items">返回督办查询</Link>
          </div>
        </Col>
      </Row>
      <Modal
        open={dialog !== undefined}
        title={dialog ? ACTION_TITLE[dialog] : ''}
        okText="确定"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => void run()}
        onCancel={() => setDialog(undefined)}
        destroyOnHidden
      >
        {dialog === 'close' ? (
          <Alert
            type="warning"
            showIcon
            title="结束后该事项不再接受反馈，未完成的待办将被取消。"
            style={{ marginBottom: 12 }}
          />
        ) : null}
        <Form layout="vertical">
          {dialog === 'extend' ? (
            <Form.Item label="申请延期至" required className="field-required">
              <Suspense fallback={<Skeleton.Input active block />}>
                <DueDatePicker after={item.dueAt} onChange={setNewDueAt} />
              </Suspense>
            </Form.Item>
          ) : null}
          {dialog === 'extend' ? (
            <Form.Item label="目前进展" required className="field-required">
              <Input.TextArea
                aria-label="目前进展"
                value={progress}
                onChange={(e) => setProgress(e.target.value)}
                autoSize={{ minRows: 2 }}
              />
            </Form.Item>
          ) : null}
          <Form.Item
            label={
              dialog === 'urge'
                ? '催办内容'
                : dialog === 'reopen'
                  ? '重新打开原因'
                  : dialog === 'extend'
                    ? '延期理由'
                    : '备注'
            }
            required={dialog === 'reopen' || dialog === 'extend'}
            className={dialog === 'reopen' || dialog === 'extend' ? 'field-required' : undefined}
            validateStatus={dialogError ? 'error' : undefined}
            help={dialogError}
          >
            <Input.TextArea
              value={text}
              onChange={(e) => setText(e.target.value)}
              autoSize={{ minRows: 3 }}
            />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
