/** 用户管理 (系统管理): the users, searchable; 新建用户, 编辑, 停用/启用, 重置密码, 离职交接. */
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, Input, Space, Switch, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { patchUser, searchUsers } from '../../api/endpoints';
import { keys, WORK_KEYS } from '../../api/keys';
import { POSITION_LABEL, ROLE_LABEL } from '../../api/labels';
import type { Position, Role, User } from '../../api/types';
import { type Org, useOrg } from '../../lib/org';
import { SEARCH_DEBOUNCE_MS, useDebounced } from '../../lib/users';
import { HandoverDialog } from '../people/HandoverDialog';
import { PasswordResetModal, UserFormModal } from './UserDialogs';

const USERS_PAGE = 20;

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
    meta: { invalidates: [keys.users(), keys.departmentCounts(), ...WORK_KEYS] },
    onSuccess: (_, { user, disabled }) =>
      message.success(disabled ? `已停用 ${user.name}` : `已启用 ${user.name}`),
    onError: (e, { user }) => {
      // §10: a user with pending work is handed over first (离职交接), then disabled.
      if (e instanceof ApiError && e.code === 'pending_work') setHandingOver({ user, disableAfter: true });
      else message.error(errorMessage(e));
    },
  });

  // One page from the server, searched there (name, username, pinyin, department): an office's
  // directory is thousands of people. Without a count, the pager offers one page more while a page
  // comes back full.
  const search = useDebounced(q.trim(), SEARCH_DEBOUNCE_MS);
  const [page, setPage] = useState(1);
  const query = { q: search || undefined, includeDisabled: true, page, pageSize: USERS_PAGE };
  const { data, isFetching, error } = useQuery({
    queryKey: keys.userSearch(search, { includeDisabled: true, page, pageSize: USERS_PAGE }),
    queryFn: () => searchUsers(query),
    placeholderData: keepPreviousData,
  });
  const users = data ?? [];
  const total = (page - 1) * USERS_PAGE + users.length + (users.length === USERS_PAGE ? 1 : 0);
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
          placeholder="姓名、用户名、拼音首字母或部门"
          aria-label="搜索用户"
          onChange={(e) => {
            setQ(e.target.value);
            setPage(1);
          }}
          style={{ width: 240 }}
        />
      </Space>
      <Table<User>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={users}
        scroll={{ x: 900 }}
        locale={error ? { emptyText: errorMessage(error) } : undefined}
        pagination={{ current: page, pageSize: USERS_PAGE, total, onChange: setPage, showSizeChanger: false }}
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
