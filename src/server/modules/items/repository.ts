/**
 * Loading and saving an item's aggregate (item, flows, tasks, handlers). A command locks the item
 * row, loads the aggregate, lets the domain compute the next state, and `saveTransition` writes the
 * difference. Task updates are additionally guarded by their version.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { type Database, queryRows } from '../../../db/client';
import {
  flows,
  itemCounters,
  itemDepartments,
  itemHandlers,
  items,
  notifications,
  tasks,
} from '../../../db/schema';
import { AppError } from '../../../domain/errors';
import type { Flow, Handler, Item, ItemState, NotificationEffect, Task } from '../../../domain/types';

type ItemRow = typeof items.$inferSelect;
type FlowRow = typeof flows.$inferSelect;
type TaskRow = typeof tasks.$inferSelect;

/** A loaded aggregate plus the version of each task as read (the optimistic guard). */
export interface LoadedState {
  state: ItemState;
  versions: Map<string, number>;
}

const toItem = (r: ItemRow): Item => ({ ...r, assistDepartmentIds: r.assistDepartmentIds ?? [] });
const toFlow = (r: FlowRow): Flow => r;
const toTask = ({ version: _version, ...r }: TaskRow): Task => r;

/** Takes the item's row lock for the rest of the transaction; false when there is no such item. */
export async function lockItem(db: Database, itemId: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(db, sql`select id from items where id = ${itemId} for update`);
  return rows.length > 0;
}

/**
 * Loads the aggregates of several items in four queries. With `lock`, the item rows are read
 * `for update` first (the command's row lock, taken by the same statement that reads them) and the
 * rest after it, on the transaction's connection one by one; without, the four run side by side.
 */
export async function loadItemStates(
  db: Database,
  itemIds: readonly string[],
  options: { lock?: boolean } = {},
): Promise<Map<string, LoadedState>> {
  const result = new Map<string, LoadedState>();
  if (itemIds.length === 0) return result;
  const ids = [...new Set(itemIds)];
  const itemQuery = () => db.select().from(items).where(inArray(items.id, ids));
  const flowQuery = () => db.select().from(flows).where(inArray(flows.itemId, ids)).orderBy(asc(flows.seq));
  const taskQuery = () =>
    db.select().from(tasks).where(inArray(tasks.itemId, ids)).orderBy(asc(tasks.createdAt), asc(tasks.seq));
  const handlerQuery = () =>
    db.select().from(itemHandlers).where(inArray(itemHandlers.itemId, ids)).orderBy(asc(itemHandlers.since));
  let itemRows: ItemRow[];
  let flowRows: FlowRow[];
  let taskRows: TaskRow[];
  let handlerRows: (typeof itemHandlers.$inferSelect)[];
  if (options.lock) {
    itemRows = await itemQuery().for('update');
    if (itemRows.length === 0) return result;
    flowRows = await flowQuery();
    taskRows = await taskQuery();
    handlerRows = await handlerQuery();
  } else {
    [itemRows, flowRows, taskRows, handlerRows] = await Promise.all([
      itemQuery(),
      flowQuery(),
      taskQuery(),
      handlerQuery(),
    ]);
  }
  for (const row of itemRows) {
    result.set(row.id, {
      state: { item: toItem(row), flows: [], tasks: [], handlers: [] },
      versions: new Map(),
    });
  }
  for (const row of flowRows) result.get(row.itemId)?.state.flows.push(toFlow(row));
  for (const row of taskRows) {
    const loaded = result.get(row.itemId);
    if (!loaded) continue;
    loaded.state.tasks.push(toTask(row));
    loaded.versions.set(row.id, row.version);
  }
  for (const row of handlerRows) {
    result.get(row.itemId)?.state.handlers.push({ userId: row.userId, role: row.role, since: row.since });
  }
  return result;
}

export async function loadItemState(
  db: Database,
  itemId: string,
  options: { lock?: boolean } = {},
): Promise<LoadedState | undefined> {
  return (await loadItemStates(db, [itemId], options)).get(itemId);
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

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function departmentRows(item: Item) {
  return [
    { itemId: item.id, departmentId: item.leadDepartmentId, role: 'lead' as const },
    ...item.assistDepartmentIds
      .filter((id) => id !== item.leadDepartmentId)
      .map((departmentId) => ({ itemId: item.id, departmentId, role: 'assist' as const })),
  ];
}

/**
 * Writes what changed between `before` (undefined for a new item) and `after`. Entities are matched
 * by id; the domain replaces changed objects and keeps unchanged ones, but comparing values keeps
 * this correct either way.
 */
export async function saveTransition(
  db: Database,
  before: LoadedState | undefined,
  after: ItemState,
): Promise<void> {
  const { item } = after;
  if (!before) {
    await db.insert(items).values(item);
    await db.insert(itemDepartments).values(departmentRows(item));
  } else if (!same(before.state.item, item)) {
    const { id: _id, ...fields } = item;
    await db.update(items).set(fields).where(eq(items.id, item.id));
    const old = before.state.item;
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
  if (newFlows.length > 0) await db.insert(flows).values(newFlows);
  for (const flow of after.flows) {
    const old = oldFlows.get(flow.id);
    if (old && !same(old, flow)) {
      await db.update(flows).set({ status: flow.status, endedAt: flow.endedAt }).where(eq(flows.id, flow.id));
    }
  }

  const oldTasks = new Map((before?.state.tasks ?? []).map((t) => [t.id, t]));
  const newTasks = after.tasks.filter((t) => !oldTasks.has(t.id));
  if (newTasks.length > 0) await db.insert(tasks).values(newTasks.map((t) => ({ ...t, version: 1 })));
  for (const task of after.tasks) {
    const old = oldTasks.get(task.id);
    if (!old || same(old, task)) continue;
    const version = before?.versions.get(task.id) ?? 1;
    const updated = await db
      .update(tasks)
      .set({
        state: task.state,
        completedAt: task.completedAt,
        input: task.input,
        prefill: task.prefill,
        version: version + 1,
      })
      .where(and(eq(tasks.id, task.id), eq(tasks.version, version)))
      .returning({ id: tasks.id });
    // The item lock makes this unreachable in practice; if it ever happens, nothing is written.
    if (updated.length === 0) throw new AppError('conflict', '该待办已被处理，请刷新后查看');
  }

  await saveHandlers(db, item.id, before?.state.handlers ?? [], after.handlers);
}

async function saveHandlers(
  db: Database,
  itemId: string,
  before: readonly Handler[],
  after: readonly Handler[],
) {
  const key = (h: Handler) => h.userId;
  const old = new Map(before.map((h) => [key(h), h]));
  const next = new Map(after.map((h) => [key(h), h]));
  const removed = [...old.keys()].filter((userId) => !next.has(userId));
  if (removed.length > 0) {
    await db
      .delete(itemHandlers)
      .where(and(eq(itemHandlers.itemId, itemId), inArray(itemHandlers.userId, removed)));
  }
  for (const handler of next.values()) {
    const previous = old.get(handler.userId);
    if (!previous) {
      await db.insert(itemHandlers).values({ itemId, ...handler });
    } else if (!same(previous, handler)) {
      await db
        .update(itemHandlers)
        .set({ role: handler.role, since: handler.since })
        .where(and(eq(itemHandlers.itemId, itemId), eq(itemHandlers.userId, handler.userId)));
    }
  }
}

export async function insertNotifications(
  db: Database,
  effects: readonly NotificationEffect[],
  now: Date,
  newId: () => string,
): Promise<{ id: string; userId: string; message: string }[]> {
  if (effects.length === 0) return [];
  const rows = effects.map((e) => ({
    id: newId(),
    userId: e.userId,
    kind: e.kind,
    itemId: e.itemId,
    taskId: e.taskId,
    message: e.message,
    createdAt: now,
  }));
  await db.insert(notifications).values(rows);
  return rows;
}
