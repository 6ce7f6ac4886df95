import { Type } from 'typebox';
import type { ReportInput } from '../../../domain/types';
import { actorOf } from '../../plugins/auth';
import type { AppInstance } from '../../types';
import { Created, EligibleItem, ReportBody } from '../items/schemas';
import type { ReportsService } from './service';

export function reportRoutes(app: AppInstance, reports: ReportsService) {
  app.get(
    '/api/reports/eligible',
    {
      schema: {
        tags: ['reports'],
        summary: '可关联的督办事项：当前用户可主办反馈（kind=lead）或协办反馈（kind=assist）的未办结事项',
        querystring: Type.Object({
          kind: Type.Optional(Type.Union([Type.Literal('lead'), Type.Literal('assist')])),
        }),
        response: { 200: Type.Object({ items: Type.Array(EligibleItem) }) },
      },
    },
    (request) => reports.eligible(actorOf(request), request.query.kind ?? 'lead'),
  );

  app.post(
    '/api/items/:id/reports',
    {
      config: {
        access: (request) =>
          reports.assertCanReport(
            actorOf(request),
            (request.params as { id: string }).id,
            (request.body as { kind?: unknown } | undefined)?.kind,
          ),
      },
      schema: {
        tags: ['reports'],
        summary: '督办反馈：主办反馈或协办反馈',
        params: Type.Object({ id: Type.String() }),
        body: ReportBody,
        response: { 201: Type.Object({ flowId: Type.String(), created: Created }) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await reports.file(actorOf(request), request.params.id, request.body as ReportInput)),
  );
}
