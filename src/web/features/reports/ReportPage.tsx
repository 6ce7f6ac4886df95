/** 主办反馈 / 协办反馈 (图16–图18): 关联 an item I handle, its basic info fills in, then the handling result. */
import { LinkOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Card, Col, Empty, Form, Row, Select } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { errorText } from '../../api/client';
import { listEligible, submitReport } from '../../api/endpoints';
import { keys, WORK_KEYS } from '../../api/keys';
import type { Attachment, TaskInput } from '../../api/types';
import { AttachmentPanel } from '../../components/Attachments';
import { ItemInfo } from '../../components/ItemInfo';
import { PageHeader } from '../../components/PageHeader';
import { personName } from '../../lib/users';
import { HandlingForm } from '../handling/HandlingForm';
import type { RuleContext } from '../handling/rules';

export default function ReportPage({ kind }: { kind: 'lead' | 'assist' }) {
  const title = kind === 'lead' ? '主办反馈' : '协办反馈';
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  // Opened from an item's detail page: that item is chosen already.
  const [selectedId, setSelectedId] = useState<string | undefined>(params.get('itemId') ?? undefined);
  const {
    data,
    error,
    isFetching: loading,
  } = useQuery({ queryKey: keys.eligible(kind), queryFn: () => listEligible(kind) });
  const items = data?.items ?? [];
  const selected = items.find((i) => i.id === selectedId);
  const ctx: RuleContext = { kind: kind === 'lead' ? 'lead_report' : 'assist_report_form' };
  // 附件 of the report (§13): uploaded to the item first, then named in the report's attachmentIds.
  const [files, setFiles] = useState<Attachment[]>([]);

  // HandlingForm puts the API's field errors on its fields: mutateAsync hands them over.
  const report = useMutation({
    mutationFn: ({ itemId, body }: { itemId: string; body: Record<string, unknown> }) =>
      submitReport(itemId, body),
    meta: { invalidates: WORK_KEYS },
  });
  const submit = async (body: TaskInput) => {
    if (!selected) return;
    const result = await report.mutateAsync({
      itemId: selected.id,
      body: { kind, ...body, ...(files.length ? { attachmentIds: files.map((f) => f.id) } : {}) },
    });
    const to = result.created.map((c) => personName(c.assigneeName)).join('、');
    message.success(to ? `已发送，已送达：${to}` : '已发送');
    navigate(`/items/${selected.id}`);
  };

  return (
    <div>
      <PageHeader title={title} />
      {error ? <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} /> : null}
      <Card style={{ marginBottom: 16 }}>
        <Form layout="vertical">
          <Form.Item
            label={
              <span>
                <LinkOutlined /> 关联督办事项
              </span>
            }
            required
            className={selected ? undefined : 'field-required'}
            extra={
              kind === 'lead'
                ? '只列出您作为主办单位办理人、尚未办结的督办事项'
                : '只列出您作为协办单位办理人、尚未办结的督办事项'
            }
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={loading}
              placeholder="选择需要反馈的督办事项"
              aria-label="关联督办事项"
              value={items.some((i) => i.id === selectedId) ? selectedId : undefined}
              onChange={setSelectedId}
              notFoundContent={
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有可反馈的督办事项" />
              }
              options={items.map((i) => ({ value: i.id, label: `${i.number} ${i.title}` }))}
            />
          </Form.Item>
        </Form>
      </Card>
      {selected ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={13}>
            <Card title="督办事项基本信息">
              <ItemInfo item={{ status: 'open', ...selected }} showStatus={false} />
            </Card>
          </Col>
          <Col xs={24} lg={11}>
            <Card title="事务办理结果" className="action-panel">
              <div className="task-attachments">
                <AttachmentPanel
                  key={selected.id}
                  itemId={selected.id}
                  files={files.filter((f) => f.itemId === selected.id)}
                  canUpload
                  canDelete={() => true}
                  onChange={(uploaded) => setFiles((list) => (uploaded ? [...list, uploaded] : list))}
                  onRemoved={(id) => setFiles((list) => list.filter((f) => f.id !== id))}
                  uploadText="上传附件（报表、佐证材料）"
                />
              </div>
              <HandlingForm
                key={selected.id}
                ctx={ctx}
                leadDepartmentId={selected.leadDepartmentId}
                prefill={
                  selected.lastReport
                    ? { ...selected.lastReport, ...(kind === 'lead' ? { decision: 'self' as const } : {}) }
                    : null
                }
                submitText="发送"
                onSubmit={submit}
              />
            </Card>
          </Col>
        </Row>
      ) : null}
    </div>
  );
}
