/** 新建督办 (图2/图3): seven fields, yellow = required; 发送 opens the picker for the 部处负责人 (图4/图5). */
import { SendOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Form } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Suspense, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../api/client';
import { createItem, getSources } from '../../api/endpoints';
import { keys, WORK_KEYS } from '../../api/keys';
import { uploadAttachment } from '../../api/upload';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { lazy } from '../../lib/lazy';
import '../../components/plain.css';
import { useOrg } from '../../lib/org';
import { useScreens } from '../../lib/screens';
import { useFormSubmit } from '../../lib/useFormSubmit';
import { preloadItemControls } from './DeferredControls';
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

// The picker (Modal, Tree…) opens at 发送 only: its code is loaded then (issue 14 point 7).
const loadPicker = () => import('../../components/PersonPicker');
const PersonPicker = lazy(
  () => loadPicker().then((m) => ({ default: m.PersonPicker })),
  'NewItemPage.PersonPicker',
);

/**
 * Uploads the chosen files to the new item, one after another, with a progress bar; the names and
 * reasons of those that failed.
 */
async function attachAll(itemId: string, files: File[], onProgress: (p: Progressed) => void) {
  const failed: string[] = [];
  for (const f of files) {
    onProgress({ name: f.name, percent: 0 });
    try {
      await uploadAttachment(itemId, f, {}, (p) => onProgress({ name: f.name, percent: p }));
    } catch (error) {
      failed.push(`${f.name}：${errorMessage(error)}`);
    }
  }
  onProgress(undefined);
  return failed;
}

/**
 * 附件 chosen on the form (领导批示扫描件 etc.): uploaded to the item once it exists (§13). A native
 * file input under our own button and a plain list, not antd's Upload and Progress (their code was
 * on the first screen, issue 14 point 7); the files are sent by our own request anyway.
 */
function AttachmentsField({
  files,
  onChange,
  progress,
}: {
  files: File[];
  onChange: (files: File[]) => void;
  progress: Progressed;
}) {
  const input = useRef<HTMLInputElement>(null);
  // The hint is drawn where Form.Item's `extra` would be, but by us: Form.Item reads the height of
  // its `extra` in a layout effect, which forced a layout of the whole page while it mounted, then
  // rendered the item again (a long task under Lighthouse, issue 14 point 7).
  return (
    <Form.Item label="附件">
      <input
        ref={input}
        type="file"
        multiple
        hidden
        aria-label="选择附件"
        onChange={(event) => {
          const chosen = [...(event.target.files ?? [])];
          event.target.value = '';
          if (chosen.length) onChange([...files, ...chosen]);
        }}
      />
      <Button onClick={() => input.current?.click()} aria-describedby="item_attachments_extra">
        选择附件
      </Button>
      {files.length ? (
        <ul className="chosen-files" aria-label="已选附件">
          {files.map((f, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the same file may be chosen twice
            <li key={`${i}:${f.name}`}>
              <span>{f.name}</span>
              <Button
                type="link"
                size="small"
                aria-label={`移除 ${f.name}`}
                onClick={() => onChange(files.filter((x) => x !== f))}
              >
                移除
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      {progress ? (
        <progress
          className="upload-progress"
          max={100}
          value={progress.percent}
          aria-label={`上传进度：${progress.name}`}
        >
          {progress.percent}%
        </progress>
      ) : null}
      <div id="item_attachments_extra" className="ant-form-item-extra">
        领导批示扫描件等，发送后上传；可多选
      </div>
    </Form.Item>
  );
}

export default function NewItemPage() {
  const [form] = Form.useForm<NewItemValues>();
  const org = useOrg();
  const screens = useScreens();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [pickerOpen, setPickerOpen] = useState(false);
  // Mounted from the first 发送 on (and kept, closed, afterwards).
  const [pickerWanted, setPickerWanted] = useState(false);
  const { data: sources } = useQuery({ queryKey: keys.sources(), queryFn: getSources });
  const leadDepartmentId = Form.useWatch('leadDepartmentId', form);
  const [files, setFiles] = useState<File[]>([]);
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
    // The picker's code downloads while the form is validated.
    void loadPicker().catch(() => undefined);
    try {
      await form.validateFields();
      setPickerWanted(true);
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
      <Panel title="督办登记">
        {error ? <ErrorAlert text={error} style={{ marginBottom: 16 }} /> : null}
        <Form<NewItemValues>
          name="item"
          form={form}
          layout={screens.md ? 'horizontal' : 'vertical'}
          labelCol={screens.md ? { flex: '10em' } : undefined}
          labelWrap
          initialValues={{ assignedAt: dayjs(), assistDepartmentIds: [] }}
          className="new-item-form"
          // The first focus in the form starts loading the controls' code (DeferredControls).
          onFocus={preloadItemControls}
        >
          <ItemFieldsForm form={form} fields={ITEM_FIELDS} sources={sources ?? []} />
          <AttachmentsField files={files} onChange={setFiles} progress={progress} />
          <Form.Item label={screens.md ? ' ' : undefined} colon={false}>
            {sendButton}
          </Form.Item>
        </Form>
      </Panel>
      {pickerWanted ? (
        <Suspense fallback={null}>
          <PersonPicker
            open={pickerOpen}
            title="选择主办单位部处负责人"
            {...headPicker(leadDepartmentId)}
            departments={org.departments}
            confirmLoading={submitting}
            onCancel={() => setPickerOpen(false)}
            onOk={(ids) => void send({ ...form.getFieldsValue(), headId: ids[0] })}
          />
        </Suspense>
      ) : null}
    </div>
  );
}
