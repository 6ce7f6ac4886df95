/** Schemas of the people-change API (§10: 委托, 离职交接, 转交). */
import { type Static, Type } from 'typebox';
import { Nullable, Str } from './common';

/** 委托 (§10): an absence with a deputy. */
export const AbsenceSchema = Type.Object({
  id: Str,
  userId: Str,
  userName: Nullable(Str),
  deputyId: Str,
  deputyName: Nullable(Str),
  startsOn: Str,
  endsOn: Str,
  reason: Nullable(Str),
  endedAt: Nullable(Str),
  cancelled: Type.Boolean(),
  createdAt: Nullable(Str),
});

/** 离职交接 preview (§10): what a successor would take over. */
export const HandoverPreview = Type.Object({
  items: Type.Array(
    Type.Object({
      itemId: Str,
      number: Str,
      title: Str,
      status: Str,
      tasks: Type.Integer(),
      handler: Type.Boolean(),
      registrar: Type.Boolean(),
    }),
  ),
  tasks: Type.Integer(),
  handlerEntries: Type.Integer(),
  registrations: Type.Integer(),
});

export type AbsenceAnswer = Static<typeof AbsenceSchema>;
export type HandoverPreviewAnswer = Static<typeof HandoverPreview>;
