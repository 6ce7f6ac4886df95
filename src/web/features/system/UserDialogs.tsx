/** The dialogs of 用户管理: 新建用户 / 编辑用户, and 重置密码. */
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useEffect } from 'react';
import { ApiError } from '../../api/client';
import { createUser, patchUser } from '../../api/endpoints';
import { keys } from '../../api/keys';
import { POSITION_LABEL, ROLE_LABEL } from '../../api/labels';
import type { Position, Role, User } from '../../api/types';
import { useOrg } from '../../lib/org';
import { useFormSubmit } from '../../lib/useFormSubmit';

const POSITIONS = Object.keys(POSITION_LABEL) as Position[];
const ROLES = Object.keys(ROLE_LABEL) as Role[];

interface UserFormValues {
  username: string;
  name: string;
  password?: string;
  departmentId: string;
  position: Position;
  roles: Role[];
}

function saveUser(editing: User | 'new', values: UserFormValues) {
  if (editing === 'new') {
    return createUser({ ...values, username: values.username.trim(), name: values.name.trim() });
  }
  return patchUser(editing.id, {
    name: values.name.trim(),
    departmentId: values.departmentId,
    position: values.position,
    roles: values.roles,
  });
}

/** 新建用户 (`editing` = 'new') or 编辑用户; closed when `editing` is undefined. */
export function UserFormModal({
  editing,
  onClose,
}: {
  editing: User | 'new' | undefined;
  onClose: () => void;
}) {
  const org = useOrg();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserFormValues>();
  const { submit, submitting, error, setError } = useFormSubmit(
    form,
    (values: UserFormValues) => saveUser(editing ?? 'new', values),
    {
      invalidates: [keys.users(), keys.departments()],
      fields: ['username', 'name', 'password', 'departmentId', 'position', 'roles'],
      errorDisplay: 'alert',
      onError: (e) => {
        if (!(e instanceof ApiError) || e.status !== 409 || Object.keys(e.fields).length) return false;
        form.setFields([{ name: 'username', errors: ['用户名已存在'] }]);
        return true;
      },
      onSuccess: () => {
        message.success(editing === 'new' ? '用户已创建' : '用户已保存');
        onClose();
      },
    },
  );

  // Each opening starts from the user's values (or a new user's defaults), without old messages.
  useEffect(() => {
    if (editing === undefined) return;
    setError(undefined);
    form.resetFields();
    form.setFieldsValue(
      editing === 'new'
        ? { position: 'staff', roles: [] }
        : {
            username: editing.username,
            name: editing.name,
            departmentId: editing.departmentId,
            position: editing.position,
            roles: editing.roles ?? [],
          },
    );
  }, [editing, form, setError]);

  return (
    <Modal
      open={editing !== undefined}
      title={editing === 'new' ? '新建用户' : '编辑用户'}
      okText="保存"
      cancelText="取消"
      confirmLoading={submitting}
      onOk={() => void submit()}
      onCancel={onClose}
      forceRender
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form name="user" form={form} layout="vertical">
        <Form.Item
          name="username"
          label="用户名"
          className="field-required"
          rules={[{ required: true, whitespace: true, message: '请填写用户名' }]}
        >
          <Input disabled={editing !== 'new'} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="name"
          label="姓名"
          className="field-required"
          rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}
        >
          <Input />
        </Form.Item>
        {editing === 'new' ? (
          <Form.Item
            name="password"
            label="初始密码"
            className="field-required"
            rules={[{ required: true, message: '请填写初始密码' }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        ) : null}
        <Form.Item
          name="departmentId"
          label="部门"
          className="field-required"
          rules={[{ required: true, message: '请选择部门' }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={org.departments.map((d) => ({ value: d.id, label: d.name }))}
          />
        </Form.Item>
        <Form.Item
          name="position"
          label="职务"
          className="field-required"
          rules={[{ required: true, message: '请选择职务' }]}
        >
          <Select options={POSITIONS.map((p) => ({ value: p, label: POSITION_LABEL[p] }))} />
        </Form.Item>
        <Form.Item name="roles" label="角色">
          <Select
            mode="multiple"
            allowClear
            placeholder="普通用户"
            options={ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r] }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 重置密码 of `user`; closed when it is undefined. */
export function PasswordResetModal({ user, onClose }: { user: User | undefined; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const { submit } = useFormSubmit(
    form,
    (values) => patchUser(user?.id ?? '', { password: values.password }),
    {
      fields: ['password'],
      onSuccess: () => {
        message.success(`已重置 ${user?.name ?? ''} 的密码`);
        onClose();
      },
    },
  );
  useEffect(() => {
    if (user) form.resetFields();
  }, [user, form]);
  return (
    <Modal
      open={user !== undefined}
      title={`重置密码：${user?.name ?? ''}`}
      okText="重置"
      cancelText="取消"
      onOk={() => void submit()}
      onCancel={onClose}
      forceRender
    >
      <Form name="password" form={form} layout="vertical">
        <Form.Item
          name="password"
          label="新密码"
          className="field-required"
          rules={[{ required: true, message: '请填写新密码' }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
