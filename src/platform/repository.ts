/**
 * The few queries both the server's modules and the scheduled jobs run: loading items' aggregates,
 * inserting notifications, and the users they name. They live below both (jobs import no server
 * module; the server imports the scheduler), next to the clock, ids and mailer they share.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client';
import { flows, itemHandlers, items, notifications, tasks, users } from '../db/schema';
import type { Flow, Item, ItemState, NotificationEffect, Task, UserRef } from '../domain/types';
import { isUuid } from './ids';

type ItemRow = typeof items.$inferSelect;
type FlowRow = typeof flows.$inferSelect;
type TaskRow = typeof tasks.$inferSelect;

/** A loaded aggregate plus the version of each task as read (the optimistic guard). */
export interface LoadedState {
  state: ItemState;
  versions: Map<string, number>;
}

/** An item row as the domain's Item (no assist departments is an empty list). */
export const toItem = (r: ItemRow): Item => ({ ...r, assistDepartmentIds: r.assistDepartmentIds ?? [] });
const toFlow = (r: FlowRow): Flow => r;
const toTask = ({ version: _version, ...r }: TaskRow): Task => r;

/** Loads the aggregates of several items in four queries, run side by side (reads, no lock). */
export async function loadItemStates(
  db: Database,
  itemIds: readonly string[],
): Promise<Map<string, LoadedState>> {
  const result = new Map<string, LoadedState>();
  if (itemIds.length === 0) return result;
  const ids = [...new Set(itemIds)];
  const [itemRows, flowRows, taskRows, handlerRows] = await Promise.all([
    db.select().from(items).where(inArray(items.id, ids)),
    db.select().from(flows).where(inArray(flows.itemId, ids)).orderBy(asc(flows.seq)),
    db.select().from(tasks).where(inArray(tasks.itemId, ids)).orderBy(asc(tasks.createdAt), asc(tasks.seq)),
    db.select().from(itemHandlers).where(inArray(itemHandlers.itemId, ids)).orderBy(asc(itemHandlers.since)),
  ]);
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

export type NotificationRow = typeof notifications.$inferInsert & {
  createdAt: Date;
  message: string;
  userId: string;
};

/** Notification rows for effects (ids and time given here, so they can be inserted in any statement). */
export function notificationRows(
  effects: readonly NotificationEffect[],
  now: Date,
  newId: () => string,
): NotificationRow[] {
  return effects.map((e) => ({
    id: newId(),
    userId: e.userId,
    kind: e.kind,
    itemId: e.itemId,
    taskId: e.taskId,
    message: e.message,
    createdAt: now,
  }));
}

export async function insertNotifications(
  db: Database,
  effects: readonly NotificationEffect[],
  now: Date,
  newId: () => string,
): Promise<NotificationRow[]> {
  if (effects.length === 0) return [];
  const rows = notificationRows(effects, now, newId);
  await db.insert(notifications).values(rows);
  return rows;
}

/** Addresses of the given users who have one. */
export async function listUserEmails(db: Database, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(inArray(users.id, [...ids]), eq(users.disabled, false)));
  return new Map(rows.filter((r) => r.email).map((r) => [r.id, r.email as string]));
}

/** The users the domain may route work to or name, keyed by id (disabled ones included). */
export async function loadUserRefs(db: Database, ids: readonly string[]) {
  const unique = [...new Set(ids)].filter(isUuid);
  if (unique.length === 0) return new Map<string, UserRef>();
  const rows = await db
    .select({
      id: users.id,
      name: users.name,
      departmentId: users.departmentId,
      position: users.position,
      disabled: users.disabled,
    })
    .from(users)
    .where(inArray(users.id, unique));
  return new Map<string, UserRef>(rows.map((r) => [r.id, r]));
}
