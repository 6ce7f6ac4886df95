/**
 * Loading and saving an item's aggregate (item, flows, tasks, handlers). A command locks the item
 * row, loads the aggregate, lets the domain compute the next state, and `saveTransition` writes the
 * difference. Task updates are additionally guarded by their version.
 */
import { eq, getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { type Database, rawRows } from '../../../db/client';
import { flows, itemCounters, itemDepartments, itemHandlers, items, tasks } from '../../../db/schema';
import { AppError } from '../../../domain/errors';
import type { Flow, Handler, Item, ItemState, Task, UserRef } from '../../../domain/types';
import { type LoadedState, loadItemStates, type NotificationRow } from '../../../platform/repository';
import { isUuid } from '../../guards';
import type { AuditEventInput } from '../audit/repository';
import { type PeopleContext, type PeopleRow, peopleFrom } from '../people/repository';

export async function loadItemState(db: Database, itemId: string): Promise<LoadedState | undefined> {
  return (await loadItemStates(db, [itemId])).get(itemId);
}

/** The item a command is about: directly, or through one of its tasks (task completion). */
export type ItemRef = { itemId: string } | { taskId: string };

interface FlowJson {
  id: string;
  item_id: string;
  kind: Flow['kind'];
  status: Flow['status'];
  initiator_id: string | null;
  parent_flow_id: string | null;
  seq: number;
  started_at: string;
  ended_at: string | null;
}

interface TaskJson {
  id: string;
  flow_id: string;
  item_id: string;
  kind: Task['kind'];
  level: Task['level'];
  assignee_id: string;
  sender_id: string | null;
  state: Task['state'];
  version: number;
  seq: number;
  created_at: string;
  completed_at: string | null;
  input: Task['input'];
  prefill: Task['prefill'];
  returned: boolean;
  on_behalf_of_id: string | null;
  transferred_to_id: string | null;
  read_at: string | null;
}

interface HandlerJson {
  user_id: string;
  role: Handler['role'];
  since: string;
}

const instant = (value: string | null) => (value === null ? null : new Date(value));

/** Rows as `json_agg` gives them, mapped to the same shapes (and key order) as the Drizzle rows. */
const flowFromJson = (r: FlowJson): Flow => ({
  id: r.id,
  itemId: r.item_id,
  kind: r.kind,
  status: r.status,
  initiatorId: r.initiator_id,
  parentFlowId: r.parent_flow_id,
  seq: r.seq,
  startedAt: new Date(r.started_at),
  endedAt: instant(r.ended_at),
});

const taskFromJson = (r: TaskJson): Task => ({
  id: r.id,
  flowId: r.flow_id,
  itemId: r.item_id,
  kind: r.kind,
  level: r.level,
  assigneeId: r.assignee_id,
  senderId: r.sender_id,
  state: r.state,
  seq: r.seq,
  createdAt: new Date(r.created_at),
  completedAt: instant(r.completed_at),
  input: r.input,
  prefill: r.prefill,
  returned: r.returned,
  onBehalfOfId: r.on_behalf_of_id,
  transferredToId: r.transferred_to_id,
  readAt: instant(r.read_at),
});

export interface CommandLoad {
  loaded: LoadedState;
  /** The users the aggregate and the request name. */
  users: Map<string, UserRef>;
  departmentIds: Set<string>;
  /** Departments with an enabled head (spec §12), read with `departmentIds`. */
  headDepartmentIds: Set<string>;
  /** Today's absences and the supervisors (§10), when asked for with `today`. */
  people: PeopleContext | undefined;
}

interface ItemJson {
  id: string;
  number: string;
  title: string;
  source: string;
  lead_department_id: string;
  assist_department_ids: string[] | null;
  assigned_at: string;
  due_at: string;
  content: string;
  head_id: string;
  registrar_id: string;
  status: Item['status'];
  result: Item['result'];
  promised_at: string | null;
  closed_at: string | null;
  close_kind: Item['closeKind'];
  original_due_at: string;
  extension_count: number;
  created_at: string;
  updated_at: string;
}

/** An `items` row as `to_json` gives it, with the same keys in the same order as `toItem`'s. */
const itemFromJson = (r: ItemJson): Item => ({
  id: r.id,
  number: r.number,
  title: r.title,
  source: r.source,
  leadDepartmentId: r.lead_department_id,
  assistDepartmentIds: r.assist_department_ids ?? [],
  assignedAt: r.assigned_at,
  dueAt: r.due_at,
  content: r.content,
  headId: r.head_id,
  registrarId: r.registrar_id,
  status: r.status,
  result: r.result,
  promisedAt: r.promised_at,
  closedAt: instant(r.closed_at),
  closeKind: r.close_kind,
  originalDueAt: r.original_due_at,
  extensionCount: r.extension_count,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

/**
 * The item row, locked (`for update`): by its id, or through one of its tasks. Constant texts sent
 * without Drizzle (see rawRows), prepared once per connection.
 */
const LOCK_ITEM = 'select to_json(i) as item from items i where i.id = $1::uuid for update';
const LOCK_ITEM_OF_TASK = `select to_json(i) as item from items i
  where i.id = (select t.item_id from tasks t where t.id = $1::uuid) for update`;

/** The statement that locks the command's item (see loadForCommand), for a caller that runs it itself. */
export const lockStatement = (ref: ItemRef): { text: string; values: [string] } =>
  'itemId' in ref
    ? { text: LOCK_ITEM, values: [ref.itemId] }
    : { text: LOCK_ITEM_OF_TASK, values: [ref.taskId] };

/** Absences in effect on $2 (see people/repository's inEffect). */
const IN_EFFECT =
  'not a.cancelled and a.ended_at is null and a.starts_on <= $2::date and a.ends_on >= $2::date';

/**
 * The aggregate of the item with the users it names, as one JSON row. $1: the item's id, or (`byTask`)
 * the id of one of its tasks (a task's item never changes); $2: today (the texts with `today` only);
 * $2 or $3: the users the request names, as an array literal (the texts with `requested` only).
 * Sixteen texts, one per option combination, each built once: a constant text costs no rendering and
 * is prepared under a name on each connection. Everything it needs is known before the item's lock,
 * so that it can go in the same round trip as the lock (transactionStartingWith): run after the lock,
 * in READ COMMITTED it takes its snapshot once the lock is held, after any competitor committed.
 * The request's users are an arm of their own rather than an empty list: any set-returning function
 * over a parameter is estimated at 10–100 rows, enough for the planner to read all of `users` by a
 * hash join instead of a few primary-key probes (docs/query-plans.md).
 * The participants' users are then read one by one by primary key whatever their estimate: `offset 0`
 * keeps the lateral lookup a subquery of its own, which the planner cannot turn into a hash join over
 * every user. The union of a dozen arms is estimated at ~40 rows once items hold ~14 tasks each, where
 * 40 probes and a scan of 5,000 users cost the planner about the same; a small change to the arms
 * (or to the statistics) tipped it to the scan, for two or three users (test/aggregate-plan.test.ts).
 */
function aggregateText(byTask: boolean, departments: boolean, today: boolean, requested: boolean): string {
  // By task, a scalar subquery (an InitPlan, run once): its estimate is a parameter's, so the plan
  // cache settles on a generic plan as it does for the item's id (a CTE kept some custom plans).
  const item = byTask ? '(select t0.item_id from tasks t0 where t0.id = $1::uuid)' : '$1::uuid';
  return `
    with participants as (
      select t.assignee_id as id from tasks t where t.item_id = ${item}
      union select t.sender_id from tasks t where t.item_id = ${item}
      union select t.on_behalf_of_id from tasks t where t.item_id = ${item} and t.on_behalf_of_id is not null
      union select t.transferred_to_id from tasks t where t.item_id = ${item} and t.transferred_to_id is not null
      union select h.user_id from item_handlers h where h.item_id = ${item}
      union select f.initiator_id from flows f where f.item_id = ${item}
      union select r.id::uuid from (
        select t.input->>'delegateToId' as id from tasks t where t.item_id = ${item}
        union select jsonb_array_elements_text(t.input->'assistHandlerIds') from tasks t
          where t.item_id = ${item} and jsonb_typeof(t.input->'assistHandlerIds') = 'array') r
        where r.id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
      union select i.registrar_id from items i where i.id = ${item}
      union select i.head_id from items i where i.id = ${item}${requested ? `\n      union select unnest($${today ? 3 : 2}::uuid[])` : ''}${
        today
          ? `
      union select a.deputy_id from absences a where ${IN_EFFECT}`
          : ''
      })
    select
      (select coalesce(json_agg(f order by f.seq), '[]'::json) from flows f where f.item_id = ${item}) as flows,
      (select coalesce(json_agg(t order by t.created_at, t.seq), '[]'::json) from tasks t where t.item_id = ${item}) as tasks,
      (select coalesce(json_agg(h order by h.since), '[]'::json) from item_handlers h where h.item_id = ${item}) as handlers,
      ${departments ? '(select json_agg(d.id) from departments d)' : 'null::json'} as department_ids,
      ${
        departments
          ? "(select json_agg(distinct u.department_id) from users u where u.position = 'head' and not u.disabled)"
          : 'null::json'
      } as head_department_ids,
      (select json_agg(u.person) from participants p cross join lateral (
          select json_build_object('id', u.id, 'name', u.name, 'departmentId', u.department_id,
            'position', u.position, 'disabled', u.disabled) as person
          from users u where u.id = p.id offset 0) u) as users${
            today
              ? `,
      (select json_agg(json_build_object('user_id', a.user_id, 'deputy_id', a.deputy_id)) from absences a
        where ${IN_EFFECT}) as absences,
      (select json_agg(g.user_id) from role_grants g where g.role = 'supervisor') as supervisors`
              : ''
          }`;
}

const AGGREGATE_TEXTS = new Map<string, string>();

/**
 * The statement reading a command's aggregate (see aggregateText), for `ref`, the users the request
 * names and the options; its rows are what loadForCommand's `aggregateRows` takes.
 */
export function aggregateStatement(
  ref: ItemRef,
  requestUserIds: readonly string[],
  options: { departments: boolean; today?: string | undefined },
): { text: string; values: string[] } {
  const byTask = 'taskId' in ref;
  const requested = [...new Set(requestUserIds)].filter(isUuid);
  const today = options.today;
  const key = `${byTask}/${options.departments}/${today !== undefined}/${requested.length > 0}`;
  let text = AGGREGATE_TEXTS.get(key);
  if (!text) {
    text = aggregateText(byTask, options.departments, today !== undefined, requested.length > 0);
    AGGREGATE_TEXTS.set(key, text);
  }
  return {
    text,
    values: [
      byTask ? ref.taskId : ref.itemId,
      ...(today === undefined ? [] : [today]),
      // An array literal of checked uuids (the pipeline sends text parameters only).
      ...(requested.length > 0 ? [`{${requested.join(',')}}`] : []),
    ],
  };
}

/**
 * A command's reads in two statements (each saved statement is a round trip less per request):
 * the item row `for update`, which takes the item's lock (found through the task for a completion;
 * a task's item never changes); then, with a snapshot taken after any competitor committed, the
 * flows, tasks and handlers, the users they (their tasks' submitted delegates and assisting
 * handlers included), the item's registrar and head and the request name, and — for the commands
 * that check departments (the admin's edit) — every department id, as one JSON row. Undefined when
 * there is no such item or task. A caller that ran `lockStatement(ref)` and `aggregateStatement(…)`
 * itself, in this order, first in its transaction, passes their rows.
 */
export async function loadForCommand(
  tx: Database,
  ref: ItemRef,
  requestUserIds: readonly string[],
  options: {
    departments: boolean;
    today?: string;
    lockedRows?: readonly unknown[];
    aggregateRows?: readonly unknown[];
  },
): Promise<CommandLoad | undefined> {
  const lock = lockStatement(ref);
  const [locked] = (options.lockedRows ?? (await rawRows(tx, lock.text, lock.values))) as {
    item: ItemJson;
  }[];
  if (!locked) return undefined;
  const item = itemFromJson(locked.item);
  const today = options.today;
  let aggregateRows = options.aggregateRows;
  if (!aggregateRows) {
    const aggregate = aggregateStatement(ref, requestUserIds, options);
    aggregateRows = await rawRows(tx, aggregate.text, aggregate.values);
  }
  const [row] = aggregateRows as ({
    flows: FlowJson[];
    tasks: TaskJson[];
    handlers: HandlerJson[];
    department_ids: string[] | null;
    head_department_ids: string[] | null;
    users: UserRef[] | null;
  } & Partial<PeopleRow>)[];
  const taskRows = row?.tasks ?? [];
  return {
    loaded: {
      state: {
        item,
        flows: (row?.flows ?? []).map(flowFromJson),
        tasks: taskRows.map(taskFromJson),
        handlers: (row?.handlers ?? []).map((h) => ({
          userId: h.user_id,
          role: h.role,
          since: new Date(h.since),
        })),
      },
      versions: new Map(taskRows.map((t) => [t.id, t.version])),
    },
    users: new Map((row?.users ?? []).map((u) => [u.id, u])),
    departmentIds: new Set(row?.department_ids ?? []),
    headDepartmentIds: new Set(row?.head_department_ids ?? []),
    people: today !== undefined ? peopleFrom(row as PeopleRow | undefined) : undefined,
  };
}

/** Next number of the year, atomically: concurrent registrations each get their own. */
export async function allocateItemNumber(db: Database, year: number): Promise<string> {
  const [row] = await db
    .insert(itemCounters)
    .values({ year, last: 1 })
    .onConflictDoUpdate({ target: itemCounters.year, set: { last: sql`${itemCounters.last} + 1` } })
    .returning({ last: itemCounters.last });
  if (!row) throw new Error('item counter upsert returned nothing');
  return `DB-${year}-${String(row.last).padStart(4, '0')}`;
}

/**
 * Equal as JSON.stringify would see them (an absent key and an undefined one alike, Dates by their
 * instant), compared in place: the domain rebuilds some objects it does not change, and
 * stringifying every task of the aggregate twice was ~5 % of a completion's server CPU. Objects
 * with the same entries in another key order count as equal here (JSON.stringify would not), which
 * at worst skips rewriting identical values.
 */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((value, i) => same(value, b[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x).filter((key) => x[key] !== undefined);
  if (keys.length !== Object.keys(y).filter((key) => y[key] !== undefined).length) return false;
  return keys.every((key) => same(x[key], y[key]));
}

/** The fields of `after` whose values differ from `before`'s (as `same` sees them), in `after`'s key order. */
export function changedFields<T extends object>(before: T, after: T): (keyof T & string)[] {
  return (Object.keys(after) as (keyof T & string)[]).filter((key) => !same(before[key], after[key]));
}

function departmentRows(item: Item) {
  return [
    { itemId: item.id, departmentId: item.leadDepartmentId, role: 'lead' as const },
    ...item.assistDepartmentIds
      .filter((id) => id !== item.leadDepartmentId)
      .map((departmentId) => ({ itemId: item.id, departmentId, role: 'assist' as const })),
  ];
}

/** Every column of a table, [field, column name], computed once per table. */
const tableColumns = new Map<PgTable, [key: string, name: string][]>();

/**
 * The columns of `table` that `row` has a field for, with their database names: a column the domain
 * does not know keeps its default on insert and its value on update, as with Drizzle's own builders.
 */
function columnsOf(table: PgTable, row: object): [key: string, name: string][] {
  let all = tableColumns.get(table);
  if (!all) {
    all = Object.entries(getTableColumns(table)).map(([key, column]) => [key, column.name]);
    tableColumns.set(table, all);
  }
  return all.filter(([key]) => key in row);
}

/** Rows as one JSON array keyed by column name (Dates become ISO strings in JSON.stringify). */
function rowsJson(columns: readonly [string, string][], rows: readonly object[]): string {
  return JSON.stringify(
    rows.map((row) => {
      const values = row as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [key, name] of columns) out[name] = values[key] ?? null;
      return out;
    }),
  );
}

const names = (columns: readonly string[]) => columns.map((c) => `"${c}"`).join(', ');

/** `c = x.c, …`: an update's assignments from the rows `x`. */
const setFrom = (columns: readonly string[]) => columns.map((c) => `"${c}" = x."${c}"`).join(', ');

/**
 * The data-modifying CTEs of one statement, as text with positional parameters: written here
 * rather than with Drizzle's `sql`, whose rendering of a dozen fragments per completion cost more
 * than the rest of saveTransition. The text depends only on which kinds of rows are written (a
 * handful of shapes), so it is prepared under a name on each connection.
 */
class Writes {
  readonly ctes: string[] = [];
  readonly params: string[] = [];

  param(value: string): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** Adds a CTE; answers its name. */
  add(text: string): string {
    this.ctes.push(text);
    return `w${this.ctes.length}`;
  }

  /** `rows` of `table` as a relation `x` (one JSON parameter), with the column names they set. */
  recordset(table: PgTable, rows: readonly object[]) {
    const columns = columnsOf(table, rows[0] ?? {});
    return {
      names: columns.map(([, name]) => name),
      from: `json_populate_recordset(null::"${getTableName(table)}", ${this.param(rowsJson(columns, rows))}::json) x`,
    };
  }

  /** `insert into <table> (…) select … from` the rows, each column the rows have. */
  insertRows(table: PgTable, rows: readonly object[]): string {
    const r = this.recordset(table, rows);
    return this.add(
      `insert into "${getTableName(table)}" (${names(r.names)}) select ${names(r.names)} from ${r.from}`,
    );
  }
}

/**
 * Writes what changed between `before` (undefined for a new item) and `after`, with the command's
 * notifications and audit events, as one statement of data-modifying CTEs: a completion's writes
 * (the item, the done task, the new tasks, flows and handlers, the effects) cost one round trip.
 * Entities are matched by id; the domain replaces changed objects and keeps unchanged ones, but
 * comparing values keeps this correct either way. A task is updated only at the version it was
 * loaded with; should one have moved on (the item lock makes this unreachable in practice), nothing
 * is written: the error rolls the transaction back.
 */
export async function saveTransition(
  db: Database,
  before: LoadedState | undefined,
  after: ItemState,
  effects: { notifications: readonly NotificationRow[]; audit: readonly AuditEventInput[] },
): Promise<void> {
  const last = await saveTransitionUntilLast(db, before, after, effects);
  if (!last) return;
  await rawRows(db, last.text, last.values).catch((error: unknown) => {
    throw saveConflict(error) ?? error;
  });
}

const CONFLICT = '该待办已被处理，请刷新后查看';
/** What the last statement of saveTransitionUntilLast fails with when a task has moved on (see there). */
const SAVE_CONFLICT = 'duban_save_conflict';

/** The error of saveTransitionUntilLast's statement when a task had moved on, as the 409 it means. */
export function saveConflict(error: unknown): AppError | undefined {
  // invalid_text_representation (22P02) of that very word: the message quotes it whatever the
  // server's language.
  return error instanceof Error &&
    (error as { code?: unknown }).code === '22P02' &&
    error.message.includes(`"${SAVE_CONFLICT}"`)
    ? new AppError('conflict', CONFLICT)
    : undefined;
}

/**
 * saveTransition's writes but its last statement (the one of data-modifying CTEs), which it answers
 * for the caller to run, or to send with its COMMIT (CommitWith): undefined when there is nothing to
 * write. That statement checks the tasks' versions itself and fails with SAVE_CONFLICT (a cast of
 * that word to an integer) when one has moved on, so that a COMMIT sent with it is never run;
 * saveConflict turns that error into the 409.
 */
export async function saveTransitionUntilLast(
  db: Database,
  before: LoadedState | undefined,
  after: ItemState,
  effects: { notifications: readonly NotificationRow[]; audit: readonly AuditEventInput[] },
): Promise<{ text: string; values: string[] } | undefined> {
  const { item } = after;
  const w = new Writes();
  if (!before) {
    await db.insert(items).values(item);
    await db.insert(itemDepartments).values(departmentRows(item));
  } else {
    const old = before.state.item;
    // Only the columns that changed (most commands move `updatedAt` alone): the rest of the row
    // (its content, title, department list) is neither serialised, sent nor parsed again.
    const changed = changedFields(old, item);
    const row: Partial<Item> = { id: item.id };
    for (const key of changed) (row as Record<string, unknown>)[key] = item[key];
    if (changed.length > 0 && columnsOf(items, row).length > 1) {
      const r = w.recordset(items, [row]);
      w.add(
        `update items t set ${setFrom(r.names.filter((name) => name !== 'id'))} from ${r.from} where t.id = x.id`,
      );
    }
    // Deleting and inserting the same keys cannot share a statement (both would see the old rows).
    if (
      old.leadDepartmentId !== item.leadDepartmentId ||
      !same(old.assistDepartmentIds, item.assistDepartmentIds)
    ) {
      await db.delete(itemDepartments).where(eq(itemDepartments.itemId, item.id));
      await db.insert(itemDepartments).values(departmentRows(item));
    }
  }

  const oldFlows = new Map((before?.state.flows ?? []).map((f) => [f.id, f]));
  const newFlows = after.flows.filter((f) => !oldFlows.has(f.id));
  if (newFlows.length > 0) w.insertRows(flows, newFlows);
  const changedFlows = after.flows.filter((f) => {
    const old = oldFlows.get(f.id);
    return old !== undefined && !same(old, f);
  });
  if (changedFlows.length > 0) {
    // The columns the update sets, and the id: the rest of each flow is not sent.
    const rows = changedFlows.map((f) => ({ id: f.id, status: f.status, endedAt: f.endedAt }));
    w.add(
      `update flows t set ${setFrom(['status', 'ended_at'])} from ${w.recordset(flows, rows).from} where t.id = x.id`,
    );
  }

  const oldTasks = new Map((before?.state.tasks ?? []).map((t) => [t.id, t]));
  const newTasks = after.tasks.filter((t) => !oldTasks.has(t.id));
  if (newTasks.length > 0) {
    w.insertRows(
      tasks,
      newTasks.map((t) => ({ ...t, version: 1 })),
    );
  }
  const changedTasks = after.tasks.flatMap((t) => {
    const old = oldTasks.get(t.id);
    // `version` is the one loaded: the update matches it and writes the next. Only the columns the
    // update sets travel, with the id and the version (a field the domain left out is NULL either
    // way: json_populate_recordset fills a missing key with NULL).
    return old && !same(old, t)
      ? [
          {
            id: t.id,
            version: before?.versions.get(t.id) ?? 1,
            state: t.state,
            completedAt: t.completedAt,
            input: t.input,
            prefill: t.prefill,
            assigneeId: t.assigneeId,
            onBehalfOfId: t.onBehalfOfId,
            transferredToId: t.transferredToId,
          },
        ]
      : [];
  });
  let checked: string | undefined;
  if (changedTasks.length > 0) {
    // 领取 and 转交 (§10) change who holds a task; read_at is written by opening it, not here.
    checked = w.add(`update tasks t set ${setFrom([
      'state',
      'completed_at',
      'input',
      'prefill',
      'assignee_id',
      'on_behalf_of_id',
      'transferred_to_id',
    ])}, version = x.version + 1
      from ${w.recordset(tasks, changedTasks).from} where t.id = x.id and t.version = x.version
      returning t.id`);
  }

  handlerWrites(w, item.id, before?.state.handlers ?? [], after.handlers);
  effectWrites(w, effects.notifications, effects.audit);
  if (w.ctes.length === 0) return undefined;

  const ctes = w.ctes.map((text, i) => `w${i + 1} as (${text})`).join(', ');
  const updated = checked ? `(select count(*) from ${checked})::int` : '0';
  return {
    text: `with ${ctes} select (case when ${updated} = ${changedTasks.length} then '0' else '${SAVE_CONFLICT}' end)::int as updated`,
    values: w.params,
  };
}

function handlerWrites(w: Writes, itemId: string, before: readonly Handler[], after: readonly Handler[]) {
  const old = new Map(before.map((h) => [h.userId, h]));
  const next = new Map(after.map((h) => [h.userId, h]));
  const removed = [...old.keys()].filter((userId) => !next.has(userId));
  if (removed.length > 0) {
    w.add(`delete from item_handlers where item_id = ${w.param(itemId)}::uuid
      and user_id in (select value::uuid from json_array_elements_text(${w.param(JSON.stringify(removed))}::json))`);
  }
  const added = [...next.values()].filter((h) => !old.has(h.userId)).map((h) => ({ itemId, ...h }));
  if (added.length > 0) w.insertRows(itemHandlers, added);
  const changed = [...next.values()]
    .filter((h) => {
      const previous = old.get(h.userId);
      return previous !== undefined && !same(previous, h);
    })
    .map((h) => ({ itemId, ...h }));
  if (changed.length > 0) {
    w.add(`update item_handlers t set ${setFrom(['role', 'since'])}
      from ${w.recordset(itemHandlers, changed).from}
      where t.item_id = x.item_id and t.user_id = x.user_id`);
  }
}

/** The notifications and audit events (each set of rows travels as one JSON parameter). */
function effectWrites(
  w: Writes,
  notificationRows: readonly NotificationRow[],
  auditRows: readonly AuditEventInput[],
) {
  if (notificationRows.length > 0) {
    const n = notificationRows.map((r) => ({
      id: r.id,
      user_id: r.userId,
      kind: r.kind,
      item_id: r.itemId,
      task_id: r.taskId,
      message: r.message,
      created_at: r.createdAt.toISOString(),
    }));
    w.add(`insert into notifications (id, user_id, kind, item_id, task_id, message, created_at)
      select id, user_id, kind, item_id, task_id, message, created_at
      from json_to_recordset(${w.param(JSON.stringify(n))}::json)
        as x(id uuid, user_id uuid, kind text, item_id uuid, task_id uuid, message text, created_at timestamptz)`);
  }
  if (auditRows.length > 0) {
    const a = auditRows.map((r) => ({
      at: r.at.toISOString(),
      actor_id: r.actorId,
      action: r.action,
      item_id: r.itemId ?? null,
      ip: r.ip ?? null,
      detail: r.detail ?? {},
    }));
    w.add(`insert into audit_events (at, actor_id, action, item_id, ip, detail)
      select at, actor_id, action, item_id, ip, detail
      from json_to_recordset(${w.param(JSON.stringify(a))}::json)
        as y(at timestamptz, actor_id uuid, action text, item_id uuid, ip text, detail jsonb)`);
  }
}
