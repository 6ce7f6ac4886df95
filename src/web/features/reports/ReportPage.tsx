/** 主办反馈 / 协办反馈 (图16–图18): 关联 an item I handle, its basic info fills in, then the handling result. */
import { LinkOutlined } from '@ant-design/icons';
import { Alert, App, Card, Col, Empty, Form, Row, Select } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { Item, TaskInput } from '../../api/types';
import { ItemInfo } from '../../components/ItemInfo';
import { PageHeader } from '../../components/PageHeader';
import { useOrg } from '../../lib/org';
import { useRequest } from '../../lib/useRequest';
import { HandlingForm } from '../handling/HandlingForm';
import type { RuleContext } from '../handling/rules';

type EligibleItem = Pick<
  Item,
  'id' | 'number' | 'title' | 'source' | 'leadDepartmentId' | 'assignedAt' | 'dueAt'
> &
  Partial<Item> & {
    /** The reporter's own last report on the item (§12): the form starts from it. */
    lastReport?: TaskInput | null;
  };

export default function ReportPage({ kind }: { kind: 'lead' | 'assist' }) {
  const title = kind === 'lead' ? '主办反馈' : '协办反馈';
  const org = useOrg();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  // Opened from an item's detail page: that item is chosen already.
  const [selectedId, setSelectedId] = useState<string | undefined>(params.get('itemId') ?? undefined);
  const { data, errorText, loading } = useRequest(
    () => api.get<{ items: EligibleItem[] }>('/api/reports/eligible', { kind }),
    [kind],
  );
  const items = data?.items ?? [];
  const selected = items.find((i) => i.id === selectedId);
  const ctx: RuleContext = { kind: kind === 'lead' ? 'lead_report' : 'assist_report_form' };

  const submit = async (body: TaskInput) => {
    if (!selected) return;
    const result = await api.post<{ flowId: string; created: { assigneeId: string }[] }>(
      `/api/items/${encodeURIComponent(selected.id)}/reports`,
      { kind, ...body },
    );
    const to = result.created.map((c) => org.userName(c.assigneeId)).join('、');
    message.success(to ? `已发送，已送达：${to}` : '已发送');
    navigate(`/items/${selected.id}`);
  };

  return (
    <div>
      <PageHeader title={title} />
      {errorText ? <Alert type="error" showIcon title={errorText} style={{ marginBottom: 16 }} /> : null}
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
