/** Schemas of 督办反馈 (主办反馈 / 协办反馈). */
import { type Static, Type } from 'typebox';
import { Created, LightSchema, Nullable, ReportKindSchema, Str } from './common';
import { InputFields, Outcome } from './inputs';
import { BasicFields, ItemFields } from './items';

export const ReportBody = Type.Object(
  {
    kind: Type.Optional(Type.Union([Type.Literal('lead'), Type.Literal('assist')])),
    ...InputFields,
    attachmentIds: Type.Optional(
      Type.Array(Str, { description: '本人已上传到本事项、尚未属于其他办理的附件（先上传，再反馈）' }),
    ),
  },
  { description: '主办反馈（kind=lead）或协办反馈（kind=assist）' },
);

export const EligibleItem = Type.Object({
  ...BasicFields,
  status: ItemFields.status,
  result: ItemFields.result,
  promisedAt: ItemFields.promisedAt,
  handlerRole: Str,
  light: LightSchema,
  /** The caller's own last report on the item (outcome and its fields), to start the form from; null if none. */
  lastReport: Nullable(
    Type.Object({
      outcome: Outcome,
      implementation: Type.Optional(Str),
      reason: Type.Optional(Str),
      measures: Type.Optional(Str),
      assistHandlerIds: Type.Optional(Type.Array(Str)),
      promisedAt: Type.Optional(Str),
    }),
  ),
});

export const EligibleQuery = Type.Object({ kind: Type.Optional(ReportKindSchema) });
export const EligibleAnswer = Type.Object({ items: Type.Array(EligibleItem) });
export const ReportAnswer = Type.Object({ flowId: Type.String(), created: Created });

export type ReportRequest = Static<typeof ReportBody>;
export type EligibleItemAnswer = Static<typeof EligibleItem>;
export type EligibleAnswerType = Static<typeof EligibleAnswer>;
export type ReportAnswerType = Static<typeof ReportAnswer>;
