/**
 * Building blocks of the contract's schemas: the domain's value lists as schemas, paging, ids.
 * Everything in src/contract is pure (no I/O): the server validates and documents with it, the web
 * takes its types (`Static<>`) and labels from it.
 */
import { type TSchema, Type } from 'typebox';
import {
  CLOSE_KINDS,
  DECISIONS,
  FLOW_KINDS,
  FLOW_STATUSES,
  HANDLER_ROLES,
  ITEM_STATUSES,
  LIGHTS,
  OUTCOMES,
  POSITIONS,
  REPORT_KINDS,
  ROLES,
  TASK_ACTIONS,
  TASK_KINDS,
  TASK_OUTCOMES,
  TASK_STATES,
} from './labels';

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const Str = Type.String();

export const OutcomeSchema = Type.Enum(OUTCOMES);
/** A task's outcome: a handling result, or 拒签 of a system 协办反馈 (spec §13). */
export const TaskOutcomeSchema = Type.Enum(TASK_OUTCOMES);
export const DecisionSchema = Type.Enum(DECISIONS);
export const LightSchema = Type.Enum(LIGHTS);
export const HandlerRoleSchema = Type.Enum(HANDLER_ROLES);
export const PositionSchema = Type.Enum(POSITIONS);
export const RoleSchema = Type.Enum(ROLES);
export const TaskKindSchema = Type.Enum(TASK_KINDS);
export const TaskStateSchema = Type.Enum(TASK_STATES);
export const TaskActionSchema = Type.Enum(TASK_ACTIONS);
export const FlowKindSchema = Type.Enum(FLOW_KINDS);
export const FlowStatusSchema = Type.Enum(FLOW_STATUSES);
export const ItemStatusSchema = Type.Enum(ITEM_STATUSES);
export const CloseKindSchema = Type.Enum(CLOSE_KINDS);
export const ReportKindSchema = Type.Enum(REPORT_KINDS);

/** The tasks a command created. */
export const Created = Type.Array(
  Type.Object({ id: Str, kind: TaskKindSchema, assigneeId: Str, assigneeName: Nullable(Str) }),
);

export const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  // Larger page sizes are clamped to 200 (contract: never an error).
  pageSize: Type.Optional(Type.Integer({ minimum: 1 })),
};

/** A list's page: 1 and 20 when not given, the page size clamped to 200 (never an error). */
export const pageOf = (query: { page?: number | undefined; pageSize?: number | undefined }) => ({
  page: query.page ?? 1,
  pageSize: Math.min(query.pageSize ?? 20, 200),
});

/** Ids in paths are plain strings: a malformed one is a resource that does not exist (404), not a 400. */
export const IdParams = Type.Object({ id: Type.String() });
