/** Schemas of 情况汇总 (the summary): the list's filters, figures per department, source and month. */
import { type Static, Type } from 'typebox';
import { Nullable, Str } from './common';
import { ItemFilterQuery } from './item-list';

export const SummaryQuery = Type.Object(ItemFilterQuery);
export type SummaryQueryType = Static<typeof SummaryQuery>;

const Figures = {
  total: Type.Integer(),
  open: Type.Integer(),
  /** completed + terminated. */
  closed: Type.Integer(),
  /** 已办结. */
  completed: Type.Integer(),
  /** 已终止: ended without completion; never counted as completed nor on time. */
  terminated: Type.Integer(),
  overdue: Type.Integer(),
  /** Completed on or before dueAt. */
  onTime: Type.Integer(),
  /** Completed on or before originalDueAt. */
  onTimeOriginal: Type.Integer(),
  /** Approved extensions (admin edits to a later date included). */
  extensions: Type.Integer(),
  /** completed ÷ (total − terminated). */
  completionRate: Nullable(Type.Number()),
  /** onTime ÷ completed. */
  onTimeRate: Nullable(Type.Number()),
  /** onTimeOriginal ÷ completed. */
  onTimeOriginalRate: Nullable(Type.Number()),
  /** 拒签 by people of the department (spec §13): registrations refused and 协办反馈 refused. */
  refusals: Type.Integer(),
};

export const SummaryAnswer = Type.Object({
  departments: Type.Array(Type.Object({ departmentId: Str, departmentName: Str, ...Figures })),
  totals: Type.Object(Figures),
  bySource: Type.Array(Type.Object({ source: Str, total: Type.Integer() })),
  byMonth: Type.Array(
    Type.Object({
      month: Str,
      total: Type.Integer(),
      closed: Type.Integer(),
      completed: Type.Integer(),
      terminated: Type.Integer(),
    }),
  ),
  today: Str,
});

export type SummaryAnswerType = Static<typeof SummaryAnswer>;
