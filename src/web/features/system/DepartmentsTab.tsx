/** 部门管理 (系统管理): the departments, 新建部门 and 编辑 (rename, move under another). */
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { createDepartment, listDepartmentsWithCounts, patchDepartment } from '../../api/endpoints';
import { keys } from '../../api/keys';
import type { Department } from '../../api/types';
import { useOrg, useOrgLoading } from '../../lib/org';
import { useFormSubmit } from '../../lib/useFormSubmit';

interface DepartmentValues {
  name: string;
  parentId?: string | null;
}

export function DepartmentsTab() {
  const org = useOrg();
  const loading = useOrgLoading();
  const { data: withCounts } = useQuery({
    queryKey: keys.departmentCounts(),
    queryFn: listDepartmentsWithCounts,
  });
  const counts = new Map((withCounts ?? []).map((d) => [d.id, d.userCount ?? 0]));
  const { message } = App.useApp();
  // 'new' while creating, the department while renaming or moving it, undefined when closed.
  const [editing, setEditing] = useState<Department | 'new'>();
  const [form] = Form.useForm<DepartmentValues>();

  const open = (department: Department | 'new') => {
    setEditing(department);
    form.setFieldsValue(
      department === 'new'
        ? { name: '', parentId: undefined }
        : { name: department.name, parentId: department.parentId ?? undefined },
    );
  };

  const { submit: save, submitting: saving } = useFormSubmit(
    form,
    (values: DepartmentValues) =>
      editing === 'new' || !editing
        ? createDepartment({
            name: values.name.trim(),
            ...(values.parentId ? { parentId: values.parentId } : {}),
          })
        : patchDepartment(editing.id, { name: values.name.trim(), parentId: values.parentId ?? null }),
    {
      invalidates: [keys.departments(), keys.users()],
      fields: ['name', 'parentId'],
      onSuccess: () => {
        message.success(editing === 'new' ? '部门已创建' : '部门已修改');
        setEditing(undefined);
      },
    },
  );

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
        loading={loading}
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
            render: (_: unknown, d) => counts.get(d.id) ?? '…',
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
