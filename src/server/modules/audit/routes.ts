import { Type } from 'typebox';
import { Paging } from '../../../contract/common';
import { instant } from '../../../platform/dates';
import { actorOf } from '../../plugins/auth';
import type { AppInstance } from '../../types';
import type { createAuditService } from './service';

const DateOrTime = Type.Union([Type.String({ format: 'date' }), Type.String({ format: 'date-time' })]);

export const pageOf = (query: { page?: number | undefined; pageSize?: number | undefined }) => ({
  page: query.page ?? 1,
  pageSize: Math.min(query.pageSize ?? 20, 200),
});

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
        querystring: Type.Object({
          actorId: Type.Optional(Type.String({ format: 'uuid' })),
          action: Type.Optional(Type.String()),
          itemId: Type.Optional(Type.String({ format: 'uuid' })),
          // A date (YYYY-MM-DD, whole days in the configured time zone) or an ISO timestamp.
          from: Type.Optional(DateOrTime),
          to: Type.Optional(DateOrTime),
          ...Paging,
        }),
        response: {
          200: Type.Object({
            events: Type.Array(
              Type.Object({
                id: Type.String(),
                at: Type.String(),
                actorId: Type.Union([Type.String(), Type.Null()]),
                actorName: Type.Union([Type.String(), Type.Null()]),
                action: Type.String(),
                itemId: Type.Union([Type.String(), Type.Null()]),
                ip: Type.Union([Type.String(), Type.Null()]),
                detail: Type.Record(Type.String(), Type.Unknown()),
              }),
            ),
            total: Type.Integer(),
          }),
        },
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
