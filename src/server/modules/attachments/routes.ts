import fastifyMultipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AttachmentSchema } from '../../../contract/attachments';
import { AppError, validation } from '../../../domain/errors';
import { actorOf } from '../../plugins/auth';
import { DOWNLOAD_HEADERS } from '../../plugins/edge';
import type { AppInstance } from '../../types';
import type { AttachmentsService } from './service';

const Str = Type.String();

/**
 * `Content-Disposition: attachment` with the name in UTF-8 (RFC 6266/5987) and an ASCII fallback:
 * the browser always saves the file, never shows it in the site's origin.
 */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** 附件: upload to an item or one of its pending tasks, download, delete (api-contract v1.1). */
export function attachmentRoutes(app: AppInstance, attachments: AttachmentsService, maxFileMb: number) {
  const maxBytes = maxFileMb * 1024 * 1024;

  app.get(
    '/api/attachments/:id',
    {
      // Byte for byte as stored (plugins/edge.ts): @fastify/compress would otherwise recompress a
      // text file through zlib and drop its Content-Length; most files are compressed already.
      compress: false,
      schema: {
        tags: ['attachments'],
        summary: '下载附件（总是作为下载，Content-Disposition: attachment；X-Content-Type-Options: nosniff）',
        params: Type.Object({ id: Str }),
      },
    },
    async (request, reply) => {
      const { attachment, stream } = await attachments.download(actorOf(request), request.params.id);
      return (
        reply
          .headers(DOWNLOAD_HEADERS)
          .header('content-type', attachment.contentType || 'application/octet-stream')
          .header('content-length', String(attachment.size))
          .header('content-disposition', contentDisposition(attachment.name))
          .header('x-content-type-options', 'nosniff')
          // Even opened directly, the file gets no script, no plugin, no origin of its own.
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('cache-control', 'private, no-store')
          .send(stream())
      );
    },
  );

  app.delete(
    '/api/attachments/:id',
    {
      schema: {
        tags: ['attachments'],
        summary: '删除附件（上传人；事项附件另有督办管理员）。已提交的办理或反馈中的附件不能删除（409）',
        params: Type.Object({ id: Str }),
      },
    },
    async (request, reply) => {
      await attachments.remove(actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  );

  // multipart/form-data is accepted by this route only.
  app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: { fileSize: maxBytes, files: 1, fields: 3, parts: 4, fieldSize: 1024 },
    });
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/api/items/:id/attachments',
      {
        schema: {
          tags: ['attachments'],
          summary:
            '上传附件：multipart/form-data，字段 file（可先给字段 taskId：本人待处理的待办）。类型按内容判断；超过 ATTACHMENT_MAX_MB 答复 413，不允许的类型 415',
          consumes: ['multipart/form-data'],
          params: Type.Object({ id: Str }),
          querystring: Type.Object({ taskId: Type.Optional(Str) }),
          response: { 201: Type.Object({ attachment: AttachmentSchema }) },
        },
      },
      async (request, reply) => {
        // The length is known before a byte is read: refuse at once rather than after the upload.
        if (Number(request.headers['content-length'] ?? 0) > maxBytes + 64 * 1024) {
          throw new AppError('too_large', `文件太大（上限 ${maxFileMb} MB）`, {
            file: `文件不能超过 ${maxFileMb} MB`,
          });
        }
        const part = request.isMultipart() ? await request.file() : undefined;
        if (!part) throw validation({ file: '请选择要上传的文件' });
        const field = part.fields.taskId as { value?: unknown } | undefined;
        const fromForm = typeof field?.value === 'string' && field.value !== '' ? field.value : undefined;
        const taskId = fromForm ?? request.query.taskId;
        const attachment = await attachments.upload(actorOf(request), request.params.id, taskId, {
          filename: part.filename,
          stream: part.file,
        });
        return reply.code(201).send({ attachment });
      },
    );
  });
}
