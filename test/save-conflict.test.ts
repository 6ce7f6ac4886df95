/**
 * A command's writes go with COMMIT in one round trip (items/commands.ts, CommitWith): their
 * statement must refuse by itself when a task it updates has moved on since it was loaded — the
 * 409 — and then nothing of the transaction may be committed.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommitWith, transactionStartingWith } from '../src/db/client';
import { AppError } from '../src/domain/errors';
import {
  loadItemState,
  saveConflict,
  saveTransition,
  saveTransitionUntilLast,
} from '../src/server/modules/items/repository';
import { buildOrg, itemBody, type Org } from './factories';
import { createTestApp, type TestApp } from './helpers';

let t: TestApp;
let org: Org;

beforeAll(async () => {
  t = await createTestApp();
  org = await buildOrg(t);
});
afterAll(() => t.close());

const stateOf = async (taskId: string) => {
  const rows = await t.db.db.execute(sql`select state, version from tasks where id = ${taskId}`);
  return (rows as unknown as { rows: { state: string; version: number }[] }).rows[0];
};

describe("a command's last statement, sent with COMMIT", () => {
  it('commits the writes when the versions hold, and is a 409 writing nothing when a task moved on', async () => {
    const item = (await org.clients.sup.post('/api/items', itemBody(org))).json();
    const loaded = await loadItemState(t.db.db, item.id);
    if (!loaded) throw new Error('no item');
    const task = loaded.state.tasks.find((x) => x.state === 'pending');
    if (!task) throw new Error('no pending task');
    const done = {
      ...loaded.state,
      tasks: loaded.state.tasks.map((x) =>
        x.id === task.id ? { ...x, state: 'done' as const, completedAt: new Date() } : x,
      ),
    };
    const effects = { notifications: [], audit: [] };
    const save = () =>
      transactionStartingWith(t.db.db, [], async (tx) => {
        const last = await saveTransitionUntilLast(tx, loaded, done, effects);
        if (!last) throw new Error('nothing to write');
        // Something else the transaction wrote: it must go or stay with the task's update.
        await tx.execute(sql`update items set title = 'written' where id = ${item.id}`);
        return new CommitWith('saved', last);
      });

    // Another writer moved the task on since it was loaded.
    await t.db.db.execute(sql`update tasks set version = version + 1 where id = ${task.id}`);
    const error = await save().then(
      () => undefined,
      (e: unknown) => e,
    );
    const conflict = saveConflict(error);
    expect(conflict).toBeInstanceOf(AppError);
    expect(conflict?.code).toBe('conflict');
    expect((await stateOf(task.id))?.state).toBe('pending');
    const title = await t.db.db.execute(sql`select title from items where id = ${item.id}`);
    expect((title as unknown as { rows: { title: string }[] }).rows[0]?.title).not.toBe('written');

    // At the version it was loaded with, the same writes commit (and the pool still works).
    await t.db.db.execute(sql`update tasks set version = version - 1 where id = ${task.id}`);
    expect(await save()).toBe('saved');
    expect((await stateOf(task.id))?.state).toBe('done');
  });

  it('run inside the transaction (saveTransition), the same statement is the 409 and writes nothing', async () => {
    const item = (await org.clients.sup.post('/api/items', itemBody(org))).json();
    const loaded = await loadItemState(t.db.db, item.id);
    const task = loaded?.state.tasks.find((x) => x.state === 'pending');
    if (!loaded || !task) throw new Error('no pending task');
    const done = {
      ...loaded.state,
      tasks: loaded.state.tasks.map((x) =>
        x.id === task.id ? { ...x, state: 'done' as const, completedAt: new Date() } : x,
      ),
    };
    await t.db.db.execute(sql`update tasks set version = version + 1 where id = ${task.id}`);
    const error = await t.db.db
      .transaction((tx) => saveTransition(tx, loaded, done, { notifications: [], audit: [] }))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('conflict');
    expect((await stateOf(task.id))?.state).toBe('pending');
  });

  it('other errors are not taken for a conflict', () => {
    expect(saveConflict(new Error('invalid input syntax for type integer: "x"'))).toBeUndefined();
    expect(saveConflict('duban_save_conflict')).toBeUndefined();
  });
});

describe('what the writes carry', () => {
  it('only the columns that changed: of the item, of an updated task and of an ended flow', async () => {
    const item = (await org.clients.sup.post('/api/items', itemBody(org))).json();
    const loaded = await loadItemState(t.db.db, item.id);
    const task = loaded?.state.tasks.find((x) => x.state === 'pending');
    const flow = loaded?.state.flows.find((f) => f.id === task?.flowId);
    if (!loaded || !task || !flow) throw new Error('no pending task');
    const at = new Date('2031-02-03T04:05:06.000Z');
    const next = {
      ...loaded.state,
      item: { ...loaded.state.item, updatedAt: at },
      flows: loaded.state.flows.map((f) =>
        f.id === flow.id ? { ...f, status: 'completed' as const, endedAt: at } : f,
      ),
      tasks: loaded.state.tasks.map((x) =>
        x.id === task.id ? { ...x, state: 'done' as const, completedAt: at, input: { opinion: '同意' } } : x,
      ),
    };
    // Columns the command did not change, written by someone else since the load: they must stay.
    await t.db.db.execute(
      sql`update items set title = 'elsewhere', content = 'elsewhere' where id = ${item.id}`,
    );
    await t.db.db.execute(
      sql`update tasks set read_at = ${at.toISOString()}::timestamptz where id = ${task.id}`,
    );
    await t.db.db.execute(sql`update flows set seq = seq + 100 where id = ${flow.id}`);
    const values = await transactionStartingWith(t.db.db, [], async (tx) => {
      const last = await saveTransitionUntilLast(tx, loaded, next, { notifications: [], audit: [] });
      if (!last) throw new Error('nothing to write');
      return new CommitWith(last.values, last);
    });
    // Neither the item's own texts nor the task's unchanged fields travel.
    expect(values.join(' ')).not.toContain(loaded.state.item.content);
    expect(values.join(' ')).not.toContain('"created_at"');
    const rows =
      await t.db.db.execute(sql`select i.title, i.content, i.updated_at, t.state, t.read_at, t.input,
        f.status, f.seq, f.ended_at
      from items i join tasks t on t.item_id = i.id join flows f on f.id = t.flow_id
      where i.id = ${item.id} and t.id = ${task.id}`);
    const row = (rows as unknown as { rows: Record<string, unknown>[] }).rows[0];
    expect(row).toMatchObject({
      title: 'elsewhere',
      content: 'elsewhere',
      state: 'done',
      status: 'completed',
    });
    expect(row?.input).toEqual({ opinion: '同意' });
    expect(row?.seq).toBe(flow.seq + 100);
    expect(new Date(row?.updated_at as string).toISOString()).toBe(at.toISOString());
    expect(new Date(row?.ended_at as string).toISOString()).toBe(at.toISOString());
    expect(new Date(row?.read_at as string).toISOString()).toBe(at.toISOString());
  });

  it('nothing for the item when none of its fields changed', async () => {
    const item = (await org.clients.sup.post('/api/items', itemBody(org))).json();
    const loaded = await loadItemState(t.db.db, item.id);
    if (!loaded) throw new Error('no item');
    // Equal values in new objects: not a change.
    const next = {
      ...loaded.state,
      item: { ...loaded.state.item, updatedAt: new Date(loaded.state.item.updatedAt.getTime()) },
    };
    const last = await t.db.db.transaction((tx) =>
      saveTransitionUntilLast(tx, loaded, next, { notifications: [], audit: [] }),
    );
    expect(last).toBeUndefined();
  });
});
