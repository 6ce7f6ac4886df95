/** 用户管理 (系统管理): the users, searchable; 新建用户, 编辑, 停用/启用, 重置密码, 离职交接. */
import { PlusOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Input, Space, Switch, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { patchUser } from '../../api/endpoints';
import { keys, WORK_KEYS } from '../../api/keys';
import { POSITION_LABEL, ROLE_LABEL } from '../../api/labels';
import type { Position, Role, User } from '../../api/types';
import { type Org, useOrg } from '../../lib/org';
import { HandoverDialog } from '../people/HandoverDialog';
import { PasswordResetModal, UserFormModal } from './UserDialogs';

interface RowActions {
  edit: (user: User) => void;
  resetPassword: (user: User) => void;
  handOver: (user: User) => void;
  setDisabled: (user: User, disabled: boolean) => void;
}

function userColumns(org: Org, act: RowActions): ColumnsType<User> {
  return [
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
          onChange={(checked) => act.setDisabled(u, !checked)}
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
          <Button type="link" size="small" onClick={() => act.edit(u)}>
            编辑
          </Button>
          <Button type="link" size="small" onClick={() => act.resetPassword(u)}>
            重置密码
          </Button>
          <Button type="link" size="small" onClick={() => act.handOver(u)}>
            离职交接
          </Button>
        </Space>
      ),
    },
  ];
}

export function UsersTab() {
  const org = useOrg();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<User | 'new'>();
  const [resetting, setResetting] = useState<User>();
  const [handingOver, setHandingOver] = useState<{ user: User; disableAfter: boolean }>();
  const [q, setQ] = useState('');

  const disable = useMutation({
    mutationFn: ({ user, disabled }: { user: User; disabled: boolean }) => patchUser(user.id, { disabled }),
    meta: { invalidates: [keys.users(), ...WORK_KEYS] },
    onSuccess: (_, { user, disabled }) =>
      message.success(disabled ? `已停用 ${user.name}` : `已启用 ${user.name}`),
    onError: (e, { user }) => {
      // §10: a user with pending work is handed over first (离职交接), then disabled.
      if (e instanceof ApiError && e.code === 'pending_work') setHandingOver({ user, disableAfter: true });
      else message.error(errorMessage(e));
    },
  });

  const needle = q.trim().toLowerCase();
  const users = org.users.filter(
    (u) => !needle || u.name.toLowerCase().includes(needle) || u.username.toLowerCase().includes(needle),
  );
  const columns = userColumns(org, {
    edit: setEditing,
    resetPassword: setResetting,
    handOver: (user) => setHandingOver({ user, disableAfter: false }),
    setDisabled: (user, disabled) => disable.mutate({ user, disabled }),
  });

  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
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
        columns={columns}
      />
      {handingOver ? (
        <HandoverDialog
          user={handingOver.user}
          disableAfter={handingOver.disableAfter}
          onClose={() => setHandingOver(undefined)}
          onDone={() => setHandingOver(undefined)}
        />
      ) : null}
      <UserFormModal editing={editing} onClose={() => setEditing(undefined)} />
      <PasswordResetModal user={resetting} onClose={() => setResetting(undefined)} />
    </>
  );
}
