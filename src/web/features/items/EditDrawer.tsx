/**
 * 督办列表's 修改 drawer (admin, 图22): the item's basic fields (ItemFieldsForm), 办理结果 with its
 * remark, 事务办理, and the handlers with a successor for each removed one holding pending work.
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Drawer,
  Form,
  type FormInstance,
  Grid,
  Input,
  Select,
  Skeleton,
  Space,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef } from 'react';
import { ApiError, errorText } from '../../api/client';
import { getItem, patchItem } from '../../api/endpoints';
import { keys, WORK_KEYS } from '../../api/keys';
import { HANDLER_ROLE_LABEL, OUTCOME_LABEL } from '../../api/labels';
import type { Handler, HandlerRole, Item, Outcome } from '../../api/types';
import { UserSelect } from '../../components/UserSelect';
import { popupInside } from '../../lib/popup';
import { useFormSubmit } from '../../lib/useFormSubmit';
import { HandlerSuccessorFields } from '../people/HandlerSuccessors';
import { chosenSuccessors } from '../people/transfer';
import { ItemFieldsForm } from './ItemFieldsForm';
import { ITEM_FIELD_LABEL } from './itemForm';

export interface EditValues {
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
export function handlingOf(item: Pick<Item, 'status' | 'closeKind'>): EditValues['handling'] {
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

function formValues(item: Item): EditValues {
  return {
    title: item.title,
    source: item.source,
    dueAt: dayjs(item.dueAt),
    content: item.content,
    result: item.result ?? 'none',
    handling: handlingOf(item),
    remark: '',
    handlers: (item.handlers ?? []).map((h) => ({ userId: h.userId, role: h.role })),
  };
}

/** 办理结果 (with the remark a change of it needs) and 事务办理. */
function ResultFields({ item }: { item: Item }) {
  return (
    <>
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
          getFieldValue('handling') !== handlingOf(item) ? (
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
    </>
  );
}

/** 办理人员: a person and a role per row, 添加办理人 and 删除此办理人. */
function HandlersField() {
  const roles = (Object.keys(HANDLER_ROLE_LABEL) as HandlerRole[]).map((r) => ({
    value: r,
    label: HANDLER_ROLE_LABEL[r],
  }));
  return (
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
                  <UserSelect
                    placeholder="输入姓名或拼音"
                    aria-label="办理人员"
                    getPopupContainer={popupInside}
                    style={{ width: 220 }}
                    filter={{ includeDisabled: true }}
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
                    options={roles}
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
  );
}

/**
 * Loads the item into the form once per opening: a later refetch (the window regains the focus,
 * a 409 below) refreshes `item` but never overwrites what the admin is typing.
 */
function useEditedItem(itemId: string | undefined, form: FormInstance<EditValues>) {
  const query = useQuery({
    queryKey: keys.item(itemId ?? ''),
    queryFn: () => getItem(itemId ?? ''),
    enabled: itemId !== undefined,
  });
  const filledFor = useRef<string>(undefined);
  const item = itemId !== undefined && query.data?.id === itemId ? query.data : undefined;
  useEffect(() => {
    if (!item) {
      if (itemId === undefined) filledFor.current = undefined;
      return;
    }
    if (filledFor.current === item.id) return;
    filledFor.current = item.id;
    form.setFieldsValue(formValues(item));
  }, [item, itemId, form]);
  return { item, loadError: errorText(query.error), refetch: query.refetch };
}

export function EditDrawer({
  itemId,
  onClose,
  onSaved,
}: {
  itemId: string | undefined;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<EditValues>();
  const screens = Grid.useBreakpoint();
  const { message } = App.useApp();
  const { item, loadError, refetch } = useEditedItem(itemId, form);

  const { send, submitting, error, setError } = useFormSubmit(
    form,
    (values: EditValues) => patchItem(item?.id ?? '', item ? editPatch(item, values) : {}),
    {
      invalidates: WORK_KEYS,
      fields: ['title', 'source', 'dueAt', 'content', 'result', 'handlers', 'remark'],
      labels: { ...ITEM_FIELD_LABEL, handlerSuccessors: '接替人' },
      errorDisplay: 'alert',
      onError: (e) => {
        if (!(e instanceof ApiError) || e.code !== 'pending_work') return false;
        // A task reached a removed handler since the drawer opened: reload so that its 接替人 field shows.
        setError(e.message);
        void refetch();
        return true;
      },
      onSuccess: () => {
        message.success('已保存，修改已记入变更记录');
        onSaved();
      },
    },
  );

  const save = async () => {
    if (!item) return;
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    if (Object.keys(editPatch(item, values)).length === 0) {
      message.info('没有修改');
      return;
    }
    await send(values);
  };

  const shownError = error ?? loadError;
  return (
    <Drawer
      open={itemId !== undefined}
      onClose={onClose}
      title={item ? `修改 ${item.number}` : '修改督办事项'}
      size={screens.md ? 640 : '100%'}
      destroyOnHidden
      afterOpenChange={(open) => (open ? undefined : setError(undefined))}
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={submitting} disabled={!item} onClick={() => void save()}>
            保存
          </Button>
        </Space>
      }
    >
      {shownError ? <Alert type="error" showIcon title={shownError} style={{ marginBottom: 16 }} /> : null}
      {!item && !shownError ? <Skeleton active /> : null}
      <Form<EditValues> name="itemEdit" form={form} layout="vertical" hidden={!item}>
        <ItemFieldsForm form={form} fields={['title', 'source', 'dueAt', 'content']} compact />
        {item ? <ResultFields item={item} /> : null}
        <HandlersField />
        {item ? <HandlerSuccessorFields item={item} /> : null}
      </Form>
    </Drawer>
  );
}
