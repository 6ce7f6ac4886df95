/**
 * 附件 (workflow-spec §13): the list of an item's or a step's files (name, size, type, uploader,
 * time) with download and delete, and the upload button with a progress bar. Downloads are plain
 * links to GET /api/attachments/:id, which the server always answers as a download.
 */

import { useMutation } from '@tanstack/react-query';
import { App, Button } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { deleteAttachment } from '../api/endpoints';
import { keys } from '../api/keys';
import type { Attachment } from '../api/types';
import { uploadAttachment } from '../api/upload';
import { personName } from '../lib/users';
import { type PlainColumn, PlainTable } from './PlainTable';

/** Sizes as an office user reads them: 512 B, 12.3 KB, 4.5 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const TYPE_NAMES: [RegExp, string][] = [
  [/wordprocessingml|msword/, 'Word'],
  [/spreadsheetml|ms-excel/, 'Excel'],
  [/presentationml|ms-powerpoint/, 'PowerPoint'],
  [/pdf/, 'PDF'],
  [/ofd/, 'OFD'],
  [/^image\//, '图片'],
  [/^text\/plain/, '文本'],
  [/zip/, '压缩包'],
];

export function typeName(contentType: string): string {
  return TYPE_NAMES.find(([pattern]) => pattern.test(contentType))?.[1] ?? contentType;
}

export function attachmentUrl(id: string): string {
  return `/api/attachments/${encodeURIComponent(id)}`;
}

/** Links to the files, one per line (for a step on the timeline). */
export function AttachmentLinks({ files }: { files: Attachment[] }) {
  if (files.length === 0) return null;
  return (
    <div className="attachment-links">
      {files.map((f) => (
        <div key={f.id}>
          附件：
          <a href={attachmentUrl(f.id)} download={f.name}>
            {f.name}
          </a>{' '}
          <span className="muted">（{formatSize(f.size)}）</span>
        </div>
      ))}
    </div>
  );
}

export interface AttachmentPanelProps {
  itemId: string;
  /** Upload to this pending task (the handling result, an approval) instead of the item. */
  taskId?: string;
  files: Attachment[];
  canUpload: boolean;
  /** Whether the caller may delete this file (the server decides in the end). */
  canDelete: (file: Attachment) => boolean;
  /**
   * Called after an upload or a deletion, with the new file when one was uploaded (the item and
   * its tasks are read again already).
   */
  onChange?: (uploaded?: Attachment) => void;
  /** Called after a deletion with the deleted file's id. */
  onRemoved?: (id: string) => void;
  /** Title of the upload button. */
  uploadText?: string;
}

/** The files with their details, and 上传附件 with progress. */
/** 上传附件: a plain file input under our own button, with the upload's progress. */
function UploadButton({
  itemId,
  taskId,
  text,
  onUploaded,
}: {
  itemId: string;
  taskId?: string;
  text: string;
  onUploaded?: (file: Attachment) => void;
}) {
  const { message } = App.useApp();
  const [percent, setPercent] = useState<number>();
  const input = useRef<HTMLInputElement>(null);
  const upload = useMutation({
    mutationFn: (file: File) => uploadAttachment(itemId, file, { taskId }, setPercent),
    meta: { invalidates: changedBy(itemId) },
    onMutate: () => setPercent(0),
    onSuccess: (body, file) => {
      message.success(`已上传：${file.name}`);
      onUploaded?.(body.attachment);
    },
    onError: (error, file) => {
      const detail = error instanceof ApiError ? (error.fields.file ?? error.message) : errorMessage(error);
      message.error(`${file.name}：${detail}`);
    },
    onSettled: () => setPercent(undefined),
  });
  return (
    <div className="upload-box">
      {/*
        A plain file input under our own button, not antd's Upload: Upload and its list weigh
        16 KB of gzip on the item page's first screen, and the request is ours anyway
        (uploadWithProgress; rc-upload's sent X-Requested-With twice).
      */}
      <input
        ref={input}
        type="file"
        hidden
        aria-label={text}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) upload.mutate(file);
        }}
      />
      <Button loading={percent !== undefined} onClick={() => input.current?.click()}>
        {text}
      </Button>
      {percent !== undefined ? (
        <progress className="upload-progress" max={100} value={percent} aria-label="上传进度">
          {percent}%
        </progress>
      ) : null}
    </div>
  );
}

/** What an upload or a deletion changes: the item (its 附件 card, the timeline), the task page, the lists' counts. */
const changedBy = (itemId: string) => [keys.item(itemId), ['task'], keys.items()];

function attachmentColumns(
  deletable: (f: Attachment) => boolean,
  askDelete: (f: Attachment) => void,
): PlainColumn<Attachment>[] {
  return [
    {
      key: 'name',
      title: '文件名',
      render: (f) => (
        <a href={attachmentUrl(f.id)} download={f.name}>
          {f.name}
        </a>
      ),
    },
    // No fixed widths: in the item page's narrow column they left the file name one character wide.
    { key: 'size', title: '大小', render: (f) => formatSize(f.size) },
    { key: 'type', title: '类型', render: (f) => typeName(f.contentType) },
    { key: 'uploader', title: '上传人', render: (f) => personName(f.uploadedByName) },
    {
      key: 'at',
      title: '上传时间',
      render: (f) => (f.uploadedAt ? dayjs(f.uploadedAt).format('YYYY-MM-DD HH:mm') : '—'),
    },
    {
      key: 'actions',
      title: '操作',
      render: (f) =>
        deletable(f) ? (
          <Button type="link" size="small" danger aria-label={`删除 ${f.name}`} onClick={() => askDelete(f)}>
            删除
          </Button>
        ) : null,
    },
  ];
}

/** The files with their details, and 上传附件 with progress. */
export function AttachmentPanel({
  itemId,
  taskId,
  files,
  canUpload,
  canDelete,
  onChange,
  onRemoved,
  uploadText = '上传附件',
}: AttachmentPanelProps) {
  const { message, modal } = App.useApp();
  const remove = useMutation({
    mutationFn: (file: Attachment) => deleteAttachment(file.id),
    meta: { invalidates: changedBy(itemId) },
    onSuccess: (_, file) => {
      message.success(`已删除：${file.name}`);
      onRemoved?.(file.id);
      onChange?.();
    },
    onError: (error) => message.error(errorMessage(error)),
  });
  // modal.confirm, not Popconfirm: the modal code is loaded already (first-screen budget).
  const askDelete = (f: Attachment) =>
    modal.confirm({
      title: `删除附件“${f.name}”？`,
      okText: '删除',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () => remove.mutateAsync(f).catch(() => undefined),
    });

  return (
    <div className="attachment-panel">
      {canUpload ? (
        <UploadButton itemId={itemId} taskId={taskId} text={uploadText} onUploaded={(f) => onChange?.(f)} />
      ) : null}
      {/* A plain table (PlainTable): antd's Table was 33 KB gzip on the item page (issue 12). */}
      <PlainTable<Attachment>
        label="附件"
        rows={files}
        rowKey={(f) => f.id}
        empty="暂无附件"
        columns={attachmentColumns(canDelete, askDelete)}
      />
    </div>
  );
}

export { ApiError };
