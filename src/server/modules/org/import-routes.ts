import fastifyMultipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ImportQuery, OrgChangeAnswer } from '../../../contract/org';
import { AppError, validation } from '../../../domain/errors';
import { actorOf, SESSION_COOKIE } from '../../plugins/auth';
import type { AppInstance } from '../../types';
import { XLSX_TYPE, xlsxAttachment } from '../../workbook';
import type { OrgImportService } from './import';

/** 导入组织架构: template, import (dry run by default), and the one-time passwords file. */
export function orgImportRoutes(app: AppInstance, orgImport: OrgImportService, maxFileMb: number) {
  const sysadminFirst = {
    access: (request: Parameters<typeof actorOf>[0]) => orgImport.assertCanImport(actorOf(request)),
  };

  app.get(
    '/api/org/import/template.xlsx',
    {
      schema: { tags: ['org'], summary: '组织架构导入模板（系统管理员）', produces: [XLSX_TYPE] },
    },
    async (request, reply) => {
      const data = await orgImport.template(actorOf(request));
      return xlsxAttachment(reply, '组织架构导入模板.xlsx', 'duban-org-template.xlsx').send(data);
    },
  );

  app.get(
    '/api/org/import/passwords/:id',
    {
      schema: {
        tags: ['org'],
        summary: '导入新建用户的初始密码（仅导入者本次登录可下载一次，一小时内有效）',
        params: Type.Object({ id: Type.String() }),
        produces: [XLSX_TYPE],
      },
    },
    async (request, reply) => {
      const data = await orgImport.downloadPasswords(
        actorOf(request),
        request.cookies[SESSION_COOKIE] ?? '',
        request.params.id,
      );
      return xlsxAttachment(reply, '初始密码.xlsx', 'duban-initial-passwords.xlsx').send(data);
    },
  );

  const maxBytes = maxFileMb * 1024 * 1024;
  // multipart/form-data is accepted by this route only.
  app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: maxBytes, files: 1, fields: 5, parts: 6 } });
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/api/org/import',
      {
        config: sysadminFirst,
        schema: {
          tags: ['org'],
          summary:
            '导入组织架构（系统管理员）：multipart/form-data，字段 file 为 .xlsx（“部门”“人员”两表）；dryRun=true（默认）只预检',
          consumes: ['multipart/form-data'],
          querystring: ImportQuery,
          response: { 200: OrgChangeAnswer },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        orgImport.assertCanImport(actor);
        // The length is known before a byte is read: refuse at once rather than after the upload.
        if (Number(request.headers['content-length'] ?? 0) > maxBytes + 64 * 1024) {
          throw new AppError('too_large', `文件太大（上限 ${maxFileMb} MB）`, {
            file: `上限 ${maxFileMb} MB`,
          });
        }
        const file = request.isMultipart() ? await request.file() : undefined;
        if (!file) throw validation({ file: '请选择要导入的 .xlsx 文件' });
        let data: Buffer;
        try {
          data = await file.toBuffer();
        } catch (error) {
          if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
            throw new AppError('too_large', `文件太大（上限 ${maxFileMb} MB）`, {
              file: `上限 ${maxFileMb} MB`,
            });
          }
          throw error instanceof AppError ? error : validation({ file: '文件上传不完整，请重试' });
        }
        return orgImport.importWorkbook(
          actor,
          request.cookies[SESSION_COOKIE] ?? '',
          file.filename,
          data,
          request.query.dryRun,
        );
      },
    );
  });
}
