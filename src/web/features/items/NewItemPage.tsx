/** 新建督办 (图2/图3): seven fields, yellow = required; 发送 opens the picker for the 部处负责人 (图4/图5). */
import { SendOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { UploadFile } from 'antd';
import { Alert, App, Button, Card, Form, Grid, Progress, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../api/client';
import { createItem, getSources } from '../../api/endpoints';
import { keys, WORK_KEYS } from '../../api/keys';
import { uploadAttachment } from '../../api/upload';
import { PageHeader } from '../../components/PageHeader';
import { PersonPicker } from '../../components/PersonPicker';
import { useOrg } from '../../lib/org';
import { useFormSubmit } from '../../lib/useFormSubmit';
import { ItemFieldsForm } from './ItemFieldsForm';
import { headPicker, ITEM_FIELD_LABEL, ITEM_FIELDS } from './itemForm';

interface NewItemValues {
  title?: string;
  source?: string;
  leadDepartmentId?: string;
  assistDepartmentIds?: string[];
  assignedAt?: Dayjs;
  dueAt?: Dayjs;
  content?: string;
  /** The 部处负责人 chosen in the picker. */
  headId?: string;
}

type Progressed = { name: string; percent: number } | undefined;

/**
 * Uploads the chosen files to the new item, one after another, with a progress bar; the names and
 * reasons of those that failed.
 */
async function attachAll(itemId: string, files: UploadFile[], onProgress: (p: Progressed) => void) {
  const failed: string[] = [];
  for (const f of files) {
    if (!f.originFileObj) continue;
    onProgress({ name: f.name, percent: 0 });
    try {
      await uploadAttachment(itemId, f.originFileObj, {}, (p) => onProgress({ name: f.name, percent: p }));
    } catch (error) {
      failed.push(`${f.name}：${errorMessage(error)}`);
    }
  }
  onProgress(undefined);
  return failed;
}

/** 附件 chosen on the form (领导批示扫描件 etc.): uploaded to the item once it exists (§13). */
function AttachmentsField({
  files,
  onChange,
  progress,
}: {
  files: UploadFile[];
  onChange: (files: UploadFile[]) => void;
  progress: Progressed;
}) {
  return (
    <Form.Item label="附件" extra="领导批示扫描件等，发送后上传；可多选">
      <Upload
        multiple
        fileList={files}
        beforeUpload={() => false}
        onChange={({ fileList }) => onChange(fileList)}
      >
        <Button>选择附件</Button>
      </Upload>
      {progress ? (
        <Progress percent={progress.percent} size="small" aria-label={`上传进度：${progress.name}`} />
      ) : null}
    </Form.Item>
  );
}

export default function NewItemPage() {
  const [form] = Form.useForm<NewItemValues>();
  const org = useOrg();
  const screens = Grid.useBreakpoint();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [pickerOpen, setPickerOpen] = useState(false);
  const { data: sources } = useQuery({ queryKey: keys.sources(), queryFn: getSources });
  const leadDepartmentId = Form.useWatch('leadDepartmentId', form);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [progress, setProgress] = useState<Progressed>();

  // The uploads belong to 发送: the button spins, and cannot send twice, until they are done.
  const register = async (v: NewItemValues) => {
    const item = await createItem({
      title: v.title?.trim(),
      source: v.source?.trim(),
      leadDepartmentId: v.leadDepartmentId,
      assistDepartmentIds: v.assistDepartmentIds ?? [],
      assignedAt: v.assignedAt?.format('YYYY-MM-DD'),
      dueAt: v.dueAt?.format('YYYY-MM-DD'),
      content: v.content?.trim(),
      headId: v.headId,
    });
    setPickerOpen(false);
    return { item, failed: await attachAll(item.id, files, setProgress) };
  };
  const { send, submitting, error, setError } = useFormSubmit(form, register, {
    invalidates: WORK_KEYS,
    fields: ITEM_FIELDS,
    labels: ITEM_FIELD_LABEL,
    errorDisplay: 'alert',
    onError: () => {
      setPickerOpen(false);
      return false;
    },
    onSuccess: ({ item, failed }) => {
      if (failed.length) message.warning(`附件未能上传：${failed.join('；')}（可在督办事项页面重新上传）`, 8);
      message.success(`已发送，督办编号 ${item.number}`);
      navigate(`/items/${item.id}`);
    },
  });

  const openPicker = async () => {
    setError(undefined);
    try {
      await form.validateFields();
      setPickerOpen(true);
    } catch {
      // antd shows the messages on the fields.
    }
  };

  const sendButton = (
    <Button type="primary" icon={<SendOutlined />} onClick={() => void openPicker()} loading={submitting}>
      发送
    </Button>
  );

  return (
    <div>
      <PageHeader title="新建督办" extra={sendButton} />
      <Card title="督办登记">
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
        <Form<NewItemValues>
          name="item"
          form={form}
          layout={screens.md ? 'horizontal' : 'vertical'}
          labelCol={screens.md ? { flex: '10em' } : undefined}
          labelWrap
          initialValues={{ assignedAt: dayjs(), assistDepartmentIds: [] }}
          className="new-item-form"
        >
          <ItemFieldsForm form={form} fields={ITEM_FIELDS} sources={sources ?? []} />
          <AttachmentsField files={files} onChange={setFiles} progress={progress} />
          <Form.Item label={screens.md ? ' ' : undefined} colon={false}>
            {sendButton}
          </Form.Item>
        </Form>
      </Card>
      <PersonPicker
        open={pickerOpen}
        title="选择主办单位部处负责人"
        {...headPicker(leadDepartmentId)}
        departments={org.departments}
        confirmLoading={submitting}
        onCancel={() => setPickerOpen(false)}
        onOk={(ids) => void send({ ...form.getFieldsValue(), headId: ids[0] })}
      />
    </div>
  );
}
