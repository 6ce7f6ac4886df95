/** Schemas of the security audit log (安全审计日志). */
import { type Static, Type } from 'typebox';
import { Paging } from './common';

const DateOrTime = Type.Union([Type.String({ format: 'date' }), Type.String({ format: 'date-time' })]);

export const AuditQuery = Type.Object({
  actorId: Type.Optional(Type.String({ format: 'uuid' })),
  action: Type.Optional(Type.String()),
  itemId: Type.Optional(Type.String({ format: 'uuid' })),
  // A date (YYYY-MM-DD, whole days in the configured time zone) or an ISO timestamp.
  from: Type.Optional(DateOrTime),
  to: Type.Optional(DateOrTime),
  ...Paging,
});

export const AuditEventSchema = Type.Object({
  id: Type.String(),
  at: Type.String(),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  itemId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Record(Type.String(), Type.Unknown()),
});

export const AuditAnswer = Type.Object({ events: Type.Array(AuditEventSchema), total: Type.Integer() });

export type AuditRequest = Static<typeof AuditQuery>;
export type AuditEventAnswer = Static<typeof AuditEventSchema>;
export type AuditAnswerType = Static<typeof AuditAnswer>;
