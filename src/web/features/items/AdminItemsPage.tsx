/** 督办列表 (admin): every item; 修改 opens a drawer to edit handlers, result and basic fields (图22). */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Drawer, Form, Grid, Input, Select, Skeleton, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { ApiError, api, errorMessage } from '../../api/client';
import { HANDLER_ROLE_LABEL, OUTCOME_LABEL } from '../../api/labels';
import type { Handler, HandlerRole, Item, ItemSummary, Outcome } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { useOrg } from '../../lib/org';
import { popupInside } from '../../lib/popup';
import { mapServerErrors } from '../handling/rules';
import { HandlerSuccessorFields } from '../people/HandlerSuccessors';
import { ItemTransferModal } from '../people/PendingTasks';
import { chosenSuccessors } from '../people/transfer';
import { ItemListView } from './ItemListView';
import { ITEM_FIELD_LABEL } from './itemForm';

interface EditValues {
  title: string;
  source: string;
  dueAt: Dayjs;
  content: string;
  result: Outcome | 'none';
  /** 办理结果 in the manual's words (§12): 已办结 closes as completed, 未办结 reopens. */
  handling: 'completed' | 'open' | 'terminated';
  remark?: string;
  handlers: Handler[];
  /** §10: a successor for each removed handler who holds pending tasks (HandlerSuccessorFields). */
  handlerSuccessors?: Record<string, string | undefined>;
}

/** The item's 办理结果 as the drawer shows it. */
function handlingOf(item: Pick<Item, 'status' | 'closeKind'>): EditValues['handling'] {
  if (item.status === 'open') return 'open';
  return item.closeKind === 'terminated' ? 'terminated' : 'completed';
}

/** Only the fields the admin changed go into the PATCH. */
export function editPatch(item: Item, v: EditValues): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  if (v.title.trim() !== item.title) patch.title = v.title.trim();
  if (v.source.trim() !== item.source) patch.source = v.source.trim();
  const due = v.dueAt.format('YYYY-MM-DD');
  if (due !== item.dueAt) patch.dueAt = due;
  if (v.content.trim() !== item.content) patch.content = v.content.trim();
  const result = v.result === 'none' ? null : v.result;
  if (result !== item.result) patch.outcome = result;
  if (v.handling !== handlingOf(item) && v.handling !== 'terminated') {
    patch.status = v.handling;
    patch.remark = v.remark?.trim() ?? '';
  }
  const handlers = v.handlers
    .filter((h) => h?.userId && h.role)
    .map((h) => ({ userId: h.userId, role: h.role }));
  const before = (item.handlers ?? [])
    .map((h) => `${h.userId}:${h.role}`)
    .sort()
    .join(',');
  const after = handlers
    .map((h) => `${h.userId}:${h.role}`)
    .sort()
    .join(',');
  if (before !== after) {
    patch.handlers = handlers;
    const successors = chosenSuccessors(
      v.handlerSuccessors,
      handlers.map((h) => h.userId),
    );
    if (successors) patch.handlerSuccessors = successors;
  }
  return patch;
}

function EditDrawer({
  itemId,
  onClose,
  onSaved,
}: {
  itemId: string | undefined;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<EditValues>();
  const org = useOrg();
  const screens = Grid.useBreakpoint();
  const { message } = App.useApp();
  const [item, setItem] = useState<Item>();
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    setItem(undefined);
    setError(undefined);
    if (!itemId) return;
    api
      .get<Item>(`/api/items/${encodeURIComponent(itemId)}`)
      .then((loaded) => {
        setItem(loaded);
        form.setFieldsValue({
          title: loaded.title,
          source: loaded.source,
          dueAt: dayjs(loaded.dueAt),
          content: loaded.content,
          result: loaded.result ?? 'none',
          handling: handlingOf(loaded),
          remark: '',
          handlers: (loaded.handlers ?? []).map((h) => ({ userId: h.userId, role: h.role })),
        });
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [itemId, form]);

  const save = async () => {
    if (!item) return;
    let values: EditValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const patch = editPatch(item, values);
    if (Object.keys(patch).length === 0) {
      message.info('没有修改');
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      await api.patch(`/api/items/${encodeURIComponent(item.id)}`, patch);
      message.success('已保存，修改已记入变更记录');
      onSaved();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'pending_work') {
        // A task reached a removed handler since the drawer opened: reload so that its 接替人 field shows.
        setError(e.message);
        void api.get<Item>(`/api/items/${encodeURIComponent(item.id)}`).then(setItem);
      } else if (e instanceof ApiError && Object.keys(e.fields).length) {
        const mapped = mapServerErrors(
          e,
          ['title', 'source', 'dueAt', 'content', 'result', 'handlers', 'remark'],
          { ...ITEM_FIELD_LABEL, handlerSuccessors: '接替人' },
        );
        form.setFields(mapped.fields);
        if (mapped.other.length) setError(mapped.other.join('；'));
      } else {
        setError(errorMessage(e));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={itemId !== undefined}
      onClose={onClose}
      title={item ? `修改 ${item.number}` : '修改督办事项'}
      size={screens.md ? 640 : '100%'}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving} disabled={!item} onClick={() => void save()}>
            保存
          </Button>
        </Space>
      }
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      {!item && !error ? <Skeleton active /> : null}
      <Form<EditValues> name="itemEdit" form={form} layout="vertical" hidden={!item}>
        <Form.Item
          name="title"
          label="督办事项"
          className="field-required"
          rules={[{ required: true, whitespace: true, message: '请填写督办事项' }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="source"
          label="督办来源"
          className="field-required"
          rules={[{ required: true, whitespace: true, message: '请填写督办来源' }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="dueAt"
          label="办结时间"
          className="field-required"
          rules={[{ required: true, message: '请选择办结时间' }]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="content"
          label="督办内容及要求"
          className="field-required"
          rules={[{ required: true, whitespace: true, message: '请填写督办内容及要求' }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
        <Form.Item name="handling" label="办理结果">
          <Select
            options={[
              { value: 'completed', label: '已办结（办结并关闭）' },
              { value: 'open', label: '未办结（办理中）' },
              { value: 'terminated', label: '已终止（结束，不可在此选择）', disabled: true },
            ]}
          />
        </Form.Item>
        <Form.Item noStyle shouldUpdate={(a, b) => a.handling !== b.handling}>
          {({ getFieldValue }) =>
            item && getFieldValue('handling') !== handlingOf(item) ? (
              <Form.Item
                name="remark"
                label="修改办理结果的备注"
                className="field-required"
                rules={[{ required: true, whitespace: true, message: '修改办理结果须填写备注' }]}
              >
                <Input.TextArea autoSize={{ minRows: 2 }} />
              </Form.Item>
            ) : null
          }
        </Form.Item>
        <Form.Item name="result" label="事务办理">
          <Select
            options={[
              { value: 'none', label: '无' },
              ...(Object.keys(OUTCOME_LABEL) as Outcome[]).map((o) => ({
                value: o,
                label: OUTCOME_LABEL[o],
              })),
            ]}
          />
        </Form.Item>
        <Form.Item label="办理人员" required={false}>
          <Form.List name="handlers">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap className="handler-row">
                    <Form.Item
                      name={[f.name, 'userId']}
                      rules={[{ required: true, message: '请选择人员' }]}
                      noStyle
                    >
                      <Select
                        showSearch={{ optionFilterProp: 'label' }}
                        placeholder="选择人员"
                        aria-label="办理人员"
                        getPopupContainer={popupInside}
                        style={{ width: 220 }}
                        options={org.users.map((u) => ({
                          value: u.id,
                          label: `${u.name}（${org.departmentName(u.departmentId)}）`,
                        }))}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'role']}
                      rules={[{ required: true, message: '请选择角色' }]}
                      noStyle
                    >
                      <Select
                        placeholder="角色"
                        aria-label="办理角色"
                        getPopupContainer={popupInside}
                        style={{ width: 160 }}
                        options={(Object.keys(HANDLER_ROLE_LABEL) as HandlerRole[]).map((r) => ({
                          value: r,
                          label: HANDLER_ROLE_LABEL[r],
                        }))}
                      />
                    </Form.Item>
                    <Button
                      type="text"
                      icon={<MinusCircleOutlined />}
                      aria-label="删除此办理人"
                      onClick={() => remove(f.name)}
                    />
                  </Space>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ role: 'staff' })}
                  block
                  style={{ marginTop: 8 }}
                >
                  添加办理人
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        {item ? <HandlerSuccessorFields item={item} /> : null}
      </Form>
    </Drawer>
  );
}

export default function AdminItemsPage() {
  const [editing, setEditing] = useState<string>();
  const [transferring, setTransferring] = useState<string>();
  const [reloadKey, setReloadKey] = useState(0);
  return (
    <div>
      <PageHeader title="督办列表" />
      <ItemListView
        scope="all"
        reloadKey={reloadKey}
        extraColumns={[
          {
            title: '操作',
            key: 'edit',
            width: 120,
            fixed: 'right',
            render: (_: unknown, row: ItemSummary) => (
              <>
                <Button type="link" size="small" onClick={() => setEditing(row.id)}>
                  修改
                </Button>
                {row.status === 'open' ? (
                  <Button type="link" size="small" onClick={() => setTransferring(row.id)}>
                    转交
                  </Button>
                ) : null}
              </>
            ),
          },
        ]}
      />
      {transferring ? (
        <ItemTransferModal
          itemId={transferring}
          onClose={() => setTransferring(undefined)}
          onChanged={() => setReloadKey((k) => k + 1)}
        />
      ) : null}
      <EditDrawer
        itemId={editing}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          setReloadKey((k) => k + 1);
        }}
      />
    </div>
  );
}
