import { IdParams } from '../../../contract/common';
import { NotificationList, NotificationListQuery, UnreadCount } from '../../../contract/notifications';
import { actorOf } from '../../plugins/auth';
import type { AppInstance } from '../../types';
import type { NotificationsService } from './service';

export function notificationRoutes(app: AppInstance, notifications: NotificationsService) {
  app.get(
    '/api/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: '我的通知（unread=true 只看未读），最新在前，最多 200 条',
        querystring: NotificationListQuery,
        response: { 200: NotificationList },
      },
    },
    (request) => notifications.list(actorOf(request), request.query.unread === true),
  );

  app.get(
    '/api/notifications/unread-count',
    {
      schema: {
        tags: ['notifications'],
        summary: '未读通知数',
        response: { 200: UnreadCount },
      },
    },
    async (request) => ({ count: await notifications.unreadCount(actorOf(request)) }),
  );

  app.post(
    '/api/notifications/:id/read',
    { schema: { tags: ['notifications'], summary: '标为已读', params: IdParams } },
    async (request, reply) => {
      await notifications.markRead(actorOf(request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/notifications/read-all',
    { schema: { tags: ['notifications'], summary: '全部标为已读' } },
    async (request, reply) => {
      await notifications.markAllRead(actorOf(request));
      return reply.status(204).send();
    },
  );
}
