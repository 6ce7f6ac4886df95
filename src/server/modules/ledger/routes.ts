import fastifyMultipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ExportQuery, ImportAnswer } from '../../../contract/ledger';
import { AppError, validation } from '../../../domain/errors';
import { actorOf, rawField } from '../../plugins/auth';
import type { AppInstance } from '../../types';
import { xlsxAttachment as attachment, XLSX_TYPE } from '../../workbook';
import { assertScope } from '../items/list';
import { IMPORT_MAX_BYTES, type LedgerService } from './service';

/** 督办台账: the Excel export of the list, the import template, and the import. */
export function ledgerRoutes(app: AppInstance, ledger: LedgerService) {
  app.get(
    '/api/items/export.xlsx',
    {
      // An xlsx is a zip already: sent as it is (see plugins/edge.ts).
      compress: false,
      // The scope as sent: the access check runs before the query's validation error is reported.
      config: { access: (request) => assertScope(actorOf(request), rawField(request.query, 'scope')) },
      schema: {
        tags: ['items'],
        summary: '导出 Excel：与列表相同的筛选、范围和排序，不分页',
        querystring: ExportQuery,
        produces: [XLSX_TYPE],
      },
    },
    async (request, reply) => {
      const { fileName, asciiName, stream } = await ledger.exportWorkbook(actorOf(request), request.query);
      return attachment(reply, fileName, asciiName).send(stream);
    },
  );

  app.get(
    '/api/items/import-template.xlsx',
    {
      schema: { tags: ['items'], summary: '督办台账导入模板（督办员）', produces: [XLSX_TYPE] },
    },
    async (request, reply) => {
      const { fileName, asciiName, data } = await ledger.importTemplate(actorOf(request));
      return attachment(reply, fileName, asciiName).send(data);
    },
  );

  // multipart/form-data is accepted by this route only.
  app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 5, parts: 6 },
    });
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/api/items/import',
      {
        schema: {
          tags: ['items'],
          summary: '导入督办台账（督办员）：multipart/form-data，字段 file 为 .xlsx；逐行登记，逐行答复结果',
          consumes: ['multipart/form-data'],
          response: { 200: ImportAnswer },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        ledger.assertCanImport(actor);
        const file = request.isMultipart() ? await request.file() : undefined;
        if (!file) throw validation({ file: '请选择要导入的 .xlsx 文件' });
        let data: Buffer;
        try {
          data = await file.toBuffer();
        } catch (error) {
          if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
            throw validation({ file: `文件太大（上限 ${IMPORT_MAX_BYTES / 1024 / 1024} MB）` });
          }
          throw error instanceof AppError ? error : validation({ file: '文件上传不完整，请重试' });
        }
        return ledger.importItems(actor, file.filename, data);
      },
    );
  });
}
