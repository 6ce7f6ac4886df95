/**
 * 导入组织架构 (系统管理): template, 预检 with every row error listed, then 导入 and the one-time
 * passwords file (downloadable once).
 */
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Space, Steps, Table, Upload } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { importOrg } from '../../api/endpoints';
import { keys } from '../../api/keys';
import type { OrgChangeAnswer } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { figures } from './figures';

export default function OrgImportPage() {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File>();
  const [busy, setBusy] = useState<'check' | 'apply'>();
  const [result, setResult] = useState<OrgChangeAnswer>();
  const [error, setError] = useState<string>();
  const [downloaded, setDownloaded] = useState(false);

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(dryRun ? 'check' : 'apply');
    setError(undefined);
    try {
      setResult(await importOrg(file, dryRun));
      // An applied import changes the people and departments every page names.
      if (!dryRun) {
        void queryClient.invalidateQueries({ queryKey: keys.users() });
        void queryClient.invalidateQueries({ queryKey: keys.departments() });
      }
      setDownloaded(false);
    } catch (e) {
      setResult(undefined);
      setError(errorMessage(e));
    } finally {
      setBusy(undefined);
    }
  };

  const checked = result !== undefined && !result.applied;
  const step = result?.applied ? 3 : checked && result.errors.length === 0 ? 2 : file ? 1 : 0;

  return (
    <div>
      <PageHeader title="导入组织架构" trail={[{ title: '系统管理', path: '/system' }]} />
      <Card>
        <Steps
          current={step}
          className="org-import-steps"
          style={{ marginBottom: 24 }}
          items={[
            { title: '下载模板并填写' },
            { title: '选择文件并预检' },
            { title: '导入' },
            { title: '下载初始密码' },
          ]}
        />
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Alert
            type="info"
            showIcon
            title="“部门”表填部门的完整路径（如 市政府办公室/督查室）和排序；“人员”表填用户名、姓名、部门、职务、角色、邮箱、手机。"
            description="部门按路径、用户按用户名匹配：已有的更新，没有的新建；从不删除或停用，也不改已有用户的密码。新用户获得一次性初始密码，首次登录须修改。"
          />
          <a href="/api/org/import/template.xlsx" download>
            <Button icon={<DownloadOutlined />}>下载导入模板</Button>
          </a>
          <Upload.Dragger
            accept=".xlsx"
            maxCount={1}
            beforeUpload={(chosen) => {
              setFile(chosen);
              setResult(undefined);
              setError(undefined);
              return false;
            }}
            onRemove={() => {
              setFile(undefined);
              setResult(undefined);
            }}
            fileList={file ? [{ uid: 'org', name: file.name, status: 'done' }] : []}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>点击或拖入填好的 .xlsx 文件</p>
          </Upload.Dragger>
          <Space>
            <Button type="primary" disabled={!file} loading={busy === 'check'} onClick={() => void run(true)}>
              预检
            </Button>
            <Button
              type="primary"
              disabled={!checked || result.errors.length > 0}
              loading={busy === 'apply'}
              onClick={() => void run(false)}
            >
              导入
            </Button>
          </Space>
          {error ? <Alert type="error" showIcon title={error} /> : null}
          {result ? (
            <ImportResult result={result} downloaded={downloaded} onDownload={() => setDownloaded(true)} />
          ) : null}
        </Space>
      </Card>
    </div>
  );
}

function ImportResult({
  result,
  downloaded,
  onDownload,
}: {
  result: OrgChangeAnswer;
  downloaded: boolean;
  onDownload: () => void;
}) {
  const failed = result.errors.length > 0;
  const title = result.applied
    ? '导入完成'
    : failed
      ? `预检发现 ${result.errors.length} 处错误，请修改文件后重新预检（有错误时不导入任何内容）`
      : '预检通过，可以导入';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Alert type={failed ? 'error' : 'success'} showIcon title={title} />
      <Descriptions
        bordered
        size="small"
        column={1}
        title={result.applied ? '导入结果' : '预检结果（导入后将会）'}
        items={[
          { key: 'departments', label: '部门', children: figures(result.departments) },
          { key: 'users', label: '人员', children: figures(result.users) },
        ]}
      />
      {result.passwordsFile ? (
        <Alert
          type="warning"
          showIcon
          title="新用户的初始密码只提供这一次：请立即下载并妥善分发（一小时内、本次登录有效，下载后即失效）"
          action={
            <a href={result.passwordsFile} download onClick={onDownload}>
              <Button type="primary" icon={<DownloadOutlined />} disabled={downloaded}>
                {downloaded ? '已下载' : '下载初始密码'}
              </Button>
            </a>
          }
        />
      ) : null}
      {failed ? (
        <Table
          rowKey={(e) => `${e.sheet}-${e.row}-${e.field}-${e.message}`}
          size="small"
          dataSource={result.errors}
          pagination={{ pageSize: 50, showSizeChanger: false }}
          columns={[
            { title: '表', dataIndex: 'sheet', width: 80 },
            { title: '行', dataIndex: 'row', width: 70 },
            { title: '列', dataIndex: 'field', width: 90 },
            { title: '问题', dataIndex: 'message' },
          ]}
        />
      ) : null}
    </Space>
  );
}
