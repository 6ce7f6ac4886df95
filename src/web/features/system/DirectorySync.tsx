/**
 * 同步单位目录 (系统管理, only when LDAP/AD is configured): runs the directory sync now instead of
 * waiting for the next LDAP_SYNC_MINUTES period, and shows what changed and which entries were
 * skipped (an entry without a username or department never stops the others).
 */
import { SyncOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Modal, Space, Table } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { getAuthProviders, syncOrg } from '../../api/endpoints';
import { keys, WORK_KEYS } from '../../api/keys';
import type { OrgChangeAnswer } from '../../api/types';
import { figures } from './figures';

export function DirectorySyncButton() {
  const { message } = App.useApp();
  const directory =
    useQuery({ queryKey: keys.authProviders(), queryFn: getAuthProviders }).data?.ldap ?? false;
  const [result, setResult] = useState<OrgChangeAnswer>();
  const sync = useMutation({
    mutationFn: syncOrg,
    meta: { invalidates: [keys.users(), keys.departments(), ...WORK_KEYS] },
    onSuccess: setResult,
    onError: (e) => message.error(errorMessage(e)),
  });

  if (!directory) return null;

  return (
    <>
      <Button icon={<SyncOutlined />} loading={sync.isPending} onClick={() => sync.mutate()}>
        同步单位目录
      </Button>
      {result ? (
        <Modal
          open
          title="单位目录同步结果"
          footer={<Button onClick={() => setResult(undefined)}>关闭</Button>}
          onCancel={() => setResult(undefined)}
          width={720}
        >
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Descriptions
              bordered
              size="small"
              column={1}
              items={[
                { key: 'departments', label: '部门', children: figures(result.departments) },
                { key: 'users', label: '人员', children: figures(result.users) },
              ]}
            />
            {result.errors.length > 0 ? (
              <>
                <Alert
                  type="warning"
                  showIcon
                  title={`${result.errors.length} 个目录条目未同步（其余已同步），请在目录中补全后再次同步`}
                />
                <Table
                  rowKey={(e) => `${e.dn ?? e.row}-${e.field}`}
                  size="small"
                  dataSource={result.errors}
                  pagination={{ pageSize: 20, showSizeChanger: false }}
                  columns={[
                    { title: '目录条目', dataIndex: 'dn', ellipsis: true },
                    { title: '属性', dataIndex: 'field', width: 110 },
                    { title: '问题', dataIndex: 'message' },
                  ]}
                />
              </>
            ) : null}
          </Space>
        </Modal>
      ) : null}
    </>
  );
}
