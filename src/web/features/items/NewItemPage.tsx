/** 新建督办 (图2/图3): seven fields, yellow = required; 发送 opens the picker for the 部处负责人 (图4/图5). */
import { SendOutlined } from '@ant-design/icons';
import type { UploadFile } from 'antd';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  DatePicker,
  Form,
  Grid,
  Input,
  Progress,
  Select,
  Upload,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, api, errorMessage } from '../../api/client';
import type { Item } from '../../api/types';
import { uploadWithProgress } from '../../api/upload';
import { PageHeader } from '../../components/PageHeader';
import { PersonPicker } from '../../components/PersonPicker';
import { useOrg } from '../../lib/org';
import { useRequest } from '../../lib/useRequest';
import { mapServerErrors } from '../handling/rules';
import { headCandidates, ITEM_FIELD_LABEL, ITEM_FIELDS, validateDates } from './itemForm';

interface NewItemValues {
  title?: string;
  source?: string;
  leadDepartmentId?: string;
  assistDepartmentIds?: string[];
  assignedAt?: Dayjs;
  dueAt?: Dayjs;
  content?: string;
}

export default function NewItemPage() {
  const [form] = Form.useForm<NewItemValues>();
  const org = useOrg();
  const screens = Grid.useBreakpoint();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [pickerOpen, setPickerOpen] = useState(false);
  const [sending, setSending] = useState(false);
  const [generalError, setGeneralError] = useState<string>();
  const { data: sources } = useRequest(() => api.get<string[]>('/api/sources'), []);
  const leadDepartmentId = Form.useWatch('leadDepartmentId', form);
  // 附件 chosen on the form (领导批示扫描件 etc.): uploaded to the item once it exists (§13).
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [progress, setProgress] = useState<{ name: string; percent: number }>();

  /** Uploads the chosen files to the new item, one after another, with a progress bar. */
  const attach = async (itemId: string): Promise<string[]> => {
    const failed: string[] = [];
    for (const f of files) {
      if (!f.originFileObj) continue;
      setProgress({ name: f.name, percent: 0 });
      try {
        await uploadWithProgress(
          `/api/items/${encodeURIComponent(itemId)}/attachments`,
          f.originFileObj,
          {},
          (p) => setProgress({ name: f.name, percent: p }),
        );
      } catch (error) {
        failed.push(`${f.name}：${errorMessage(error)}`);
      }
    }
    setProgress(undefined);
    return failed;
  };

  const openPicker = async () => {
    setGeneralError(undefined);
    try {
      await form.validateFields();
      setPickerOpen(true);
    } catch {
      // antd shows the messages on the fields.
    }
  };

  const send = async (ids: string[]) => {
    const v = form.getFieldsValue();
    setSending(true);
    try {
      const item = await api.post<Item>('/api/items', {
        title: v.title?.trim(),
        source: v.source?.trim(),
        leadDepartmentId: v.leadDepartmentId,
        assistDepartmentIds: v.assistDepartmentIds ?? [],
        assignedAt: v.assignedAt?.format('YYYY-MM-DD'),
        dueAt: v.dueAt?.format('YYYY-MM-DD'),
        content: v.content?.trim(),
        headId: ids[0],
      });
      setPickerOpen(false);
      const failed = await attach(item.id);
      if (failed.length) message.warning(`附件未能上传：${failed.join('；')}（可在督办事项页面重新上传）`, 8);
      message.success(`已发送，督办编号 ${item.number}`);
      navigate(`/items/${item.id}`);
    } catch (error) {
      setPickerOpen(false);
      if (error instanceof ApiError && Object.keys(error.fields).length) {
        const mapped = mapServerErrors(error, ITEM_FIELDS, ITEM_FIELD_LABEL);
        form.setFields(mapped.fields);
        if (mapped.other.length) setGeneralError(mapped.other.join('；'));
      } else {
        setGeneralError(errorMessage(error));
      }
    } finally {
      setSending(false);
    }
  };

  const sendButton = (
    <Button type="primary" icon={<SendOutlined />} onClick={() => void openPicker()} loading={sending}>
      发送
    </Button>
  );

  return (
    <div>
      <PageHeader title="新建督办" extra={sendButton} />
      <Card title="督办登记">
        {generalError ? (
          <Alert type="error" showIcon title={generalError} style={{ marginBottom: 16 }} />
        ) : null}
        <Form<NewItemValues>
          name="item"
          form={form}
          layout={screens.md ? 'horizontal' : 'vertical'}
          labelCol={screens.md ? { flex: '10em' } : undefined}
          labelWrap
          initialValues={{ assignedAt: dayjs(), assistDepartmentIds: [] }}
          className="new-item-form"
        >
          <Form.Item
            name="title"
            label="督办事项"
            className="field-required"
            rules={[
              { required: true, whitespace: true, message: '请填写督办事项' },
              { max: 200, message: '督办事项不超过 200 字' },
            ]}
          >
            <Input maxLength={200} showCount />
          </Form.Item>
          <Form.Item
            name="source"
            label="督办来源"
            className="field-required"
            rules={[{ required: true, whitespace: true, message: '请选择或填写督办来源' }]}
          >
            <AutoComplete
              options={(sources ?? []).map((s) => ({ value: s }))}
              placeholder="选择或填写"
              showSearch={{ filterOption: (input, option) => String(option?.value ?? '').includes(input) }}
            />
          </Form.Item>
          <Form.Item
            name="leadDepartmentId"
            label="承办（主办）单位"
            className="field-required"
            rules={[{ required: true, message: '请选择承办（主办）单位' }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="选择单位"
              options={org.departments.map((d) => ({ value: d.id, label: d.name }))}
              onChange={(value: string) => {
                const assist = form.getFieldValue('assistDepartmentIds') as string[] | undefined;
                form.setFieldValue(
                  'assistDepartmentIds',
                  (assist ?? []).filter((x) => x !== value),
                );
              }}
            />
          </Form.Item>
          <Form.Item name="assistDepartmentIds" label="协办单位">
            <Select
              mode="multiple"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="可多选，可不填"
              options={org.departments
                .filter((d) => d.id !== leadDepartmentId)
                .map((d) => ({ value: d.id, label: d.name }))}
            />
          </Form.Item>
          <Form.Item
            name="assignedAt"
            label="交办时间"
            className="field-required"
            rules={[{ required: true, message: '请选择交办时间' }]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="dueAt"
            label="办结时间"
            className="field-required"
            dependencies={['assignedAt']}
            rules={[
              { required: true, message: '请选择办结时间' },
              ({ getFieldValue }) => ({
                validator: (_, value: Dayjs | undefined) => {
                  const problem = validateDates(getFieldValue('assignedAt') as Dayjs | undefined, value);
                  return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
                },
              }),
            ]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="content"
            label="督办内容及要求"
            className="field-required"
            rules={[{ required: true, whitespace: true, message: '请填写督办内容及要求' }]}
          >
            <Input.TextArea autoSize={{ minRows: 5, maxRows: 14 }} />
          </Form.Item>
          <Form.Item label="附件" extra="领导批示扫描件等，发送后上传；可多选">
            <Upload
              multiple
              fileList={files}
              beforeUpload={() => false}
              onChange={({ fileList }) => setFiles(fileList)}
            >
              <Button>选择附件</Button>
            </Upload>
            {progress ? (
              <Progress percent={progress.percent} size="small" aria-label={`上传进度：${progress.name}`} />
            ) : null}
          </Form.Item>
          <Form.Item label={screens.md ? ' ' : undefined} colon={false}>
            {sendButton}
          </Form.Item>
        </Form>
      </Card>
      <PersonPicker
        open={pickerOpen}
        title="选择主办单位部处负责人"
        candidates={headCandidates(org.users, leadDepartmentId)}
        departments={org.departments}
        confirmLoading={sending}
        onCancel={() => setPickerOpen(false)}
        onOk={(ids) => void send(ids)}
      />
    </div>
  );
}
