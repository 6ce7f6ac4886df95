/**
 * Uploads with a progress bar, apart from ./client: only the pages that upload load it, not every
 * first screen (issue 12's budgets).
 */
import { ApiError, FALLBACK_MESSAGES, isErrorBody } from './client';
import type { Attachment } from './types';

/**
 * POST multipart/form-data with XMLHttpRequest, which reports upload progress (fetch does not):
 * `fields` go before the file (the server reads them first), `onProgress` gets 0–100.
 */
export function uploadWithProgress<T>(
  path: string,
  file: File,
  fields: Record<string, string>,
  onProgress: (percent: number) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('X-Requested-With', 'duban');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', '网络连接失败，请检查网络后重试'));
    xhr.onload = () => {
      let data: unknown = null;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        data = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as T);
      else if (isErrorBody(data)) {
        reject(new ApiError(xhr.status, data.error.code, data.error.message, data.error.fields));
      } else
        reject(
          new ApiError(xhr.status, 'http', FALLBACK_MESSAGES[xhr.status] ?? `请求失败（${xhr.status}）`),
        );
    };
    xhr.send(form);
  });
}

/** Attaches a file to an item (`taskId`: to that step of its flow), with progress 0–100. */
export function uploadAttachment(
  itemId: string,
  file: File,
  fields: { taskId?: string },
  onProgress: (percent: number) => void,
): Promise<{ attachment: Attachment }> {
  return uploadWithProgress(
    `/api/items/${encodeURIComponent(itemId)}/attachments`,
    file,
    fields.taskId ? { taskId: fields.taskId } : {},
    onProgress,
  );
}
