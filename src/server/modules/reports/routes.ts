import { IdParams } from '../../../contract/common';
import { EligibleAnswer, EligibleQuery, ReportAnswer, ReportBody } from '../../../contract/reports';
import { actorOf, rawField, rawId } from '../../plugins/auth';
import type { AppInstance } from '../../types';
import type { ReportsService } from './service';

export function reportRoutes(app: AppInstance, reports: ReportsService) {
  app.get(
    '/api/reports/eligible',
    {
      schema: {
        tags: ['reports'],
        summary: '可关联的督办事项：当前用户可主办反馈（kind=lead）或协办反馈（kind=assist）的未办结事项',
        querystring: EligibleQuery,
        response: { 200: EligibleAnswer },
      },
    },
    (request) => reports.eligible(actorOf(request), request.query.kind ?? 'lead'),
  );

  app.post(
    '/api/items/:id/reports',
    {
      config: {
        access: (request) =>
          reports.assertCanReport(actorOf(request), rawId(request), rawField(request.body, 'kind')),
      },
      schema: {
        tags: ['reports'],
        summary: '督办反馈：主办反馈或协办反馈',
        params: IdParams,
        body: ReportBody,
        response: { 201: ReportAnswer },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await reports.file(actorOf(request), request.params.id, request.body)),
  );
}
