/**
 * The fields a task or a report submits. Request bodies check types only: which fields are required
 * depends on the chosen decision and outcome, and the domain names every missing one at once (with
 * the contract's order of errors), so a schema `required` list would report only part of them.
 * Which fields a form shows and requires is in rules.ts.
 */
import { Type } from 'typebox';
import { Str } from './common';

/** 事务办理: the three handling results (申请办结 / 未办结 / 其他单位协办). */
export const Outcome = Type.Union([
  Type.Literal('apply_close'),
  Type.Literal('not_done'),
  Type.Literal('assist'),
]);

/** A task's outcome: a handling result, or 拒签 of a system 协办反馈 (spec §13). */
const TaskOutcome = Type.Union([...Outcome.anyOf, Type.Literal('refuse')]);

export const InputFields = {
  newDueAt: Type.Optional(Str),
  progress: Type.Optional(Str),
  approvedDueAt: Type.Optional(Str),
  decision: Type.Optional(
    Type.Union([Type.Literal('self'), Type.Literal('delegate'), Type.Literal('refuse')], {
      description: '自办 / 向下办理 / 拒签（仅督办登记流程的负责人层级，须填 reason）',
    }),
  ),
  delegateToId: Type.Optional(Str),
  promisedAt: Type.Optional(Str),
  outcome: Type.Optional(TaskOutcome),
  implementation: Type.Optional(Str),
  reason: Type.Optional(Str),
  measures: Type.Optional(Str),
  assistHandlerIds: Type.Optional(Type.Array(Str)),
  opinion: Type.Optional(Str),
  // 重新分派 (redispatch): action resend with the new lead department and head, or end with a remark.
  leadDepartmentId: Type.Optional(Str),
  headId: Type.Optional(Str),
  assistDepartmentIds: Type.Optional(Type.Array(Str)),
  remark: Type.Optional(Str),
};

export const TaskInputSchema = Type.Object({ ...InputFields, action: Type.Optional(Str) });
