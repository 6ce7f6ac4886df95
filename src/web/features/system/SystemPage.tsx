/** 系统管理 (sysadmin): departments, users and roles, the 督办来源 dictionary. */
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Switch, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError, api, errorMessage } from '../../api/client';
import { POSITION_LABEL, ROLE_LABEL } from '../../api/labels';
import type { Department, Position, Role, User } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { useOrg } from '../../lib/org';
import { useRequest } from '../../lib/useRequest';
import { mapServerErrors } from '../handling/rules';
import { HandoverDialog } from '../people/HandoverDialog';
import { CalendarTab } from './CalendarTab';
import { DirectorySyncButton } from './DirectorySync';

const POSITIONS = Object.keys(POSITION_LABEL) as Position[];
const ROLES = Object.keys(ROLE_LABEL) as Role[];

function DepartmentsTab() {
  const org = useOrg();
  const { message } = App.useApp();
  // 'new' while creating, the department while renaming or moving it, undefined when closed.
  const [editing, setEditing] = useState<Department | 'new'>();
  const [form] = Form.useForm<{ name: string; parentId?: string | null }>();
  const [saving, setSaving] = useState(false);

  const open = (department: Department | 'new') => {
    setEditing(department);
    form.setFieldsValue(
      department === 'new'
        ? { name: '', parentId: undefined }
        : { name: department.name, parentId: department.parentId ?? undefined },
    );
  };

  const save = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (!values || !editing) return;
    setSaving(true);
    try {
      if (editing === 'new') {
        await api.post('/api/departments', {
          name: values.name.trim(),
          ...(values.parentId ? { parentId: values.parentId } : {}),
        });
        message.success('部门已创建');
      } else {
        await api.patch(`/api/departments/${encodeURIComponent(editing.id)}`, {
          name: values.name.trim(),
          parentId: values.parentId ?? null,
        });
        message.success('部门已修改');
      }
      setEditing(undefined);
      await org.reload();
    } catch (e) {
      if (e instanceof ApiError && Object.keys(e.fields).length)
        form.setFields(mapServerErrors(e, ['name', 'parentId']).fields);
      else message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const self = editing === 'new' ? undefined : editing?.id;
  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
          新建部门
        </Button>
      </Space>
      <Table<Department>
        rowKey="id"
        size="middle"
        loading={org.loading}
        dataSource={org.departments}
        pagination={{ showTotal: (t) => `共 ${t} 条`, pageSize: 20 }}
        columns={[
          { title: '部门名称', dataIndex: 'name' },
          {
            title: '上级部门',
            dataIndex: 'parentId',
            render: (id: string | null) => (id ? org.departmentName(id) : '—'),
          },
          {
            title: '人数',
            key: 'count',
            width: 80,
            render: (_: unknown, d) => org.users.filter((u) => u.departmentId === d.id).length,
          },
          {
            title: '操作',
            key: 'actions',
            width: 90,
            render: (_: unknown, d) => (
              <Button type="link" size="small" onClick={() => open(d)}>
                编辑
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== undefined}
        title={editing === 'new' ? '新建部门' : '编辑部门'}
        okText={editing === 'new' ? '创建' : '保存'}
        cancelText="取消"
        confirmLoading={saving}
        onOk={() => void save()}
        onCancel={() => setEditing(undefined)}
        forceRender
      >
        <Form name="department" form={form} layout="vertical">
          <Form.Item
            name="name"
            label="部门名称"
            className="field-required"
            rules={[{ required: true, whitespace: true, message: '请填写部门名称' }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="parentId" label="上级部门">
            <Select
              allowClear
              options={org.departments
                .filter((d) => d.id !== self)
                .map((d) => ({ value: d.id, label: d.name }))}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

interface UserFormValues {
  username: string;
  name: string;
  password?: string;
  departmentId: string;
  position: Position;
  roles: Role[];
}

function UsersTab() {
  const org = useOrg();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<User | 'new'>();
  const [resetting, setResetting] = useState<User>();
  const [handingOver, setHandingOver] = useState<{ user: User; disableAfter: boolean }>();
  const [form] = Form.useForm<UserFormValues>();
  const [pwForm] = Form.useForm<{ password: string }>();
  const [saving, setSaving] = useState(false);
  const [q, setQ] = useState('');
  const [error, setError] = useState<string>();

  const openEdit = (user: User | 'new') => {
    setError(undefined);
    setEditing(user);
    form.resetFields();
    if (user !== 'new') {
      form.setFieldsValue({
        username: user.username,
        name: user.name,
        departmentId: user.departmentId,
        position: user.position,
        roles: user.roles ?? [],
      });
    } else {
      form.setFieldsValue({ position: 'staff', roles: [] });
    }
  };

  const save = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (!values || !editing) return;
    setSaving(true);
    setError(undefined);
    try {
      if (editing === 'new') {
        await api.post('/api/users', {
          ...values,
          username: values.username.trim(),
          name: values.name.trim(),
        });
        message.success('用户已创建');
      } else {
        await api.patch(`/api/users/${encodeURIComponent(editing.id)}`, {
          name: values.name.trim(),
          departmentId: values.departmentId,
          position: values.position,
          roles: values.roles,
        });
        message.success('用户已保存');
      }
      setEditing(undefined);
      await org.reload();
    } catch (e) {
      if (e instanceof ApiError && Object.keys(e.fields).length) {
        const mapped = mapServerErrors(e, [
          'username',
          'name',
          'password',
          'departmentId',
          'position',
          'roles',
        ]);
        form.setFields(mapped.fields);
        if (mapped.other.length) setError(mapped.other.join('；'));
      } else if (e instanceof ApiError && e.status === 409) {
        form.setFields([{ name: 'username', errors: ['用户名已存在'] }]);
      } else setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const setDisabled = async (user: User, disabled: boolean) => {
    try {
      await api.patch(`/api/users/${encodeURIComponent(user.id)}`, { disabled });
      message.success(disabled ? `已停用 ${user.name}` : `已启用 ${user.name}`);
      await org.reload();
    } catch (e) {
      // §10: a user with pending work is handed over first (离职交接), then disabled.
      if (e instanceof ApiError && e.code === 'pending_work') setHandingOver({ user, disableAfter: true });
      else message.error(errorMessage(e));
    }
  };

  const resetPassword = async () => {
    const values = await pwForm.validateFields().catch(() => undefined);
    if (!values || !resetting) return;
    try {
      await api.patch(`/api/users/${encodeURIComponent(resetting.id)}`, { password: values.password });
      message.success(`已重置 ${resetting.name} 的密码`);
      setResetting(undefined);
    } catch (e) {
      if (e instanceof ApiError && e.fields.password)
        pwForm.setFields([{ name: 'password', errors: [e.fields.password] }]);
      else message.error(errorMessage(e));
    }
  };

  const needle = q.trim().toLowerCase();
  const users = org.users.filter(
    (u) => !needle || u.name.toLowerCase().includes(needle) || u.username.toLowerCase().includes(needle),
  );

  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => openEdit('new')}>
          新建用户
        </Button>
        <Input.Search
          allowClear
          placeholder="搜索姓名或用户名"
          aria-label="搜索用户"
          onChange={(e) => setQ(e.target.value)}
          style={{ width: 240 }}
        />
      </Space>
      <Table<User>
        rowKey="id"
        size="middle"
        loading={org.loading}
        dataSource={users}
        scroll={{ x: 900 }}
        pagination={{ showTotal: (t) => `共 ${t} 条`, pageSize: 20 }}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 100 },
          { title: '用户名', dataIndex: 'username', width: 120 },
          { title: '部门', dataIndex: 'departmentId', render: (id: string) => org.departmentName(id) },
          {
            title: '职务',
            dataIndex: 'position',
            width: 130,
            render: (p: Position) => POSITION_LABEL[p] ?? p,
          },
          {
            title: '角色',
            dataIndex: 'roles',
            render: (roles: Role[] | undefined) =>
              roles?.length ? roles.map((r) => <Tag key={r}>{ROLE_LABEL[r] ?? r}</Tag>) : '—',
          },
          {
            title: '状态',
            dataIndex: 'disabled',
            width: 90,
            render: (disabled: boolean | undefined, u) => (
              <Switch
                checked={!disabled}
                checkedChildren="启用"
                unCheckedChildren="停用"
                aria-label={`${u.name} 启用状态`}
                onChange={(checked) => void setDisabled(u, !checked)}
              />
            ),
          },
          {
            title: '操作',
            key: 'ops',
            width: 230,
            fixed: 'right',
            render: (_: unknown, u) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => openEdit(u)}>
                  编辑
                </Button>
                <Button
                  type="link"
                  size="small"
                  onClick={() => {
                    pwForm.resetFields();
                    setResetting(u);
                  }}
                >
                  重置密码
                </Button>
                <Button
                  type="link"
                  size="small"
                  onClick={() => setHandingOver({ user: u, disableAfter: false })}
                >
                  离职交接
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {handingOver ? (
        <HandoverDialog
          user={handingOver.user}
          disableAfter={handingOver.disableAfter}
          onClose={() => setHandingOver(undefined)}
          onDone={() => {
            setHandingOver(undefined);
            void org.reload();
          }}
        />
      ) : null}
      <Modal
        open={editing !== undefined}
        title={editing === 'new' ? '新建用户' : '编辑用户'}
        okText="保存"
        cancelText="取消"
        confirmLoading={saving}
        onOk={() => void save()}
        onCancel={() => setEditing(undefined)}
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
      <Modal
        open={resetting !== undefined}
        title={`重置密码：${resetting?.name ?? ''}`}
        okText="重置"
        cancelText="取消"
        onOk={() => void resetPassword()}
        onCancel={() => setResetting(undefined)}
        forceRender
      >
        <Form name="password" form={pwForm} layout="vertical">
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
    </>
  );
}

function SourcesTab() {
  const { message } = App.useApp();
  const { data, errorText, reload } = useRequest(() => api.get<string[]>('/api/sources'), []);
  const [draft, setDraft] = useState<string[]>();
  const [input, setInput] = useState('');
  const [saving, setSaving] = useState(false);
  const list = draft ?? data ?? [];

  const add = () => {
    const value = input.trim();
    if (!value || list.includes(value)) return;
    setDraft([...list, value]);
    setInput('');
  };
  const save = async () => {
    setSaving(true);
    try {
      await api.put('/api/sources', list);
      message.success('督办来源已保存');
      setDraft(undefined);
      await reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card size="small">
      {errorText ? <Alert type="error" showIcon title={errorText} style={{ marginBottom: 12 }} /> : null}
      <div style={{ marginBottom: 16 }}>
        {list.map((s) => (
          <Tag
            key={s}
            closable
            onClose={() => setDraft(list.filter((x) => x !== s))}
            style={{ marginBottom: 8 }}
          >
            {s}
          </Tag>
        ))}
      </div>
      <Space wrap>
        <Input
          value={input}
          onChange={(e) => setInput(e.target.value)}
          onPressEnter={add}
          placeholder="新的督办来源"
          aria-label="新的督办来源"
          style={{ width: 200 }}
        />
        <Button onClick={add}>添加</Button>
        <Button type="primary" loading={saving} disabled={draft === undefined} onClick={() => void save()}>
          保存
        </Button>
      </Space>
    </Card>
  );
}

export default function SystemPage() {
  return (
    <div>
      <PageHeader
        title="系统管理"
        extra={
          <Space>
            <DirectorySyncButton />
            <Link to="/system/import">
              <Button icon={<UploadOutlined />}>导入组织架构</Button>
            </Link>
          </Space>
        }
      />
      <Card>
        <Tabs
          items={[
            { key: 'users', label: '用户管理', children: <UsersTab /> },
            { key: 'departments', label: '部门管理', children: <DepartmentsTab /> },
            { key: 'sources', label: '督办来源', children: <SourcesTab /> },
            { key: 'calendar', label: '工作日历', children: <CalendarTab /> },
          ]}
        />
      </Card>
    </div>
  );
}
