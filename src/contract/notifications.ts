/** Schemas of the notifications API (站内通知). */
import { type Static, Type } from 'typebox';
import { Nullable, Str } from './common';
import { NOTIFICATION_KINDS } from './labels';

export const NotificationSchema = Type.Object({
  id: Str,
  kind: Type.Enum(NOTIFICATION_KINDS),
  itemId: Nullable(Str),
  taskId: Nullable(Str),
  message: Str,
  createdAt: Str,
  readAt: Nullable(Str),
});

export const NotificationListQuery = Type.Object({ unread: Type.Optional(Type.Boolean()) });
export const NotificationList = Type.Array(NotificationSchema);
export const UnreadCount = Type.Object({ count: Type.Integer() });

export type NotificationAnswer = Static<typeof NotificationSchema>;
export type UnreadCountAnswer = Static<typeof UnreadCount>;
