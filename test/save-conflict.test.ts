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
