import { AuditAnswer, AuditQuery } from '../../../contract/audit';
import { pageOf } from '../../../contract/common';
import { instant } from '../../../platform/dates';
import { actorOf } from '../../plugins/auth';
import type { AppInstance } from '../../types';
import type { createAuditService } from './service';

export function auditRoutes(
  app: AppInstance,
  audit: ReturnType<typeof createAuditService>,
  timeZone: string,
) {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: '安全审计日志（审计员、系统管理员）',
        querystring: AuditQuery,
        response: { 200: AuditAnswer },
      },
    },
    (request) => {
      const { page, pageSize } = pageOf(request.query);
      const q = request.query;
      return audit.list(
        actorOf(request),
        {
          actorId: q.actorId,
          action: q.action,
          itemId: q.itemId,
          from: q.from ? instant(q.from, timeZone, 'start') : undefined,
          to: q.to ? instant(q.to, timeZone, 'end') : undefined,
        },
        page,
        pageSize,
      );
    },
  );
}
