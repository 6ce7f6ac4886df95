import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { notifications } from '../../../db/schema';
import { AppError } from '../../../domain/errors';
import type { AppContext } from '../../context';
import { isUuid } from '../../guards';
import type { SessionUser } from '../../session';

/** In-app notifications (通知): the bell's list and marking as read. */
export function createNotificationsService(ctx: AppContext) {
  const { db, clock } = ctx;
  return {
    async list(actor: SessionUser, unreadOnly: boolean, limit = 200) {
      const rows = await db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, actor.id), unreadOnly ? isNull(notifications.readAt) : undefined))
        .orderBy(desc(notifications.createdAt), desc(notifications.id))
        .limit(limit);
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        itemId: r.itemId,
        taskId: r.taskId,
        message: r.message,
        createdAt: r.createdAt.toISOString(),
        readAt: r.readAt?.toISOString() ?? null,
      }));
    },

    async unreadCount(actor: SessionUser): Promise<number> {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(notifications)
        .where(and(eq(notifications.userId, actor.id), isNull(notifications.readAt)));
      return row?.n ?? 0;
    },

    /** Only one's own: someone else's notification is simply not found. */
    async markRead(actor: SessionUser, id: string) {
      if (!isUuid(id)) throw new AppError('not_found', '通知不存在');
      const updated = await db
        .update(notifications)
        .set({ readAt: clock() })
        .where(
          and(eq(notifications.id, id), eq(notifications.userId, actor.id), isNull(notifications.readAt)),
        )
        .returning({ id: notifications.id });
      if (updated.length === 0) {
        const [mine] = await db
          .select({ id: notifications.id })
          .from(notifications)
          .where(and(eq(notifications.id, id), eq(notifications.userId, actor.id)));
        if (!mine) throw new AppError('not_found', '通知不存在');
      }
    },

    async markAllRead(actor: SessionUser) {
      await db
        .update(notifications)
        .set({ readAt: clock() })
        .where(and(eq(notifications.userId, actor.id), isNull(notifications.readAt)));
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
