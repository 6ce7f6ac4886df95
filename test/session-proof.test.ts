/**
 * A completion's session may come from the session cache and is then proven inside the command's own
 * transaction (plugins/auth, `sessionInTransaction`): a session ended, disabled or changed on another
 * instance (the database changed, this instance's cache not) must still be refused or read afresh at
 * once, exactly as when every write read its session before its transaction.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildOrg, itemBody, type Org } from './factories';
import { type Client, createTestApp, type TestApp } from './helpers';

let t: TestApp;
let org: Org;

beforeAll(async () => {
  t = await createTestApp();
  org = await buildOrg(t);
});
afterAll(() => t.close());

/** A new item's first task (the head's), and the head's client with a fresh cache entry. */
async function pendingTask(): Promise<{ id: string; itemId: string; head: Client }> {
  const item = (await org.clients.sup.post('/api/items', itemBody(org))).json();
  const head = await t.login(org.users.head.username);
  const tasks = (await head.get('/api/tasks?state=pending&pageSize=200')).json().tasks;
  const task = tasks.find((x: { itemId: string }) => x.itemId === item.id);
  return { id: task.id, itemId: item.id, head };
}

const complete = (client: Client, taskId: string, body?: unknown) =>
  client.post(
    `/api/tasks/${taskId}/complete`,
    body ?? { decision: 'delegate', delegateToId: org.users.deputy.id },
  );

const stillPending = async (taskId: string) => {
  const rows = await t.db.db.execute(sql`select state from tasks where id = ${taskId}`);
  return (rows as unknown as { rows: { state: string }[] }).rows[0]?.state === 'pending';
};

const headId = () => org.users.head.id;

describe('a completion proves its cached session in its own transaction', () => {
  it('completes with a session read a moment ago (the cache) and then again from the database', async () => {
    const { id, head } = await pendingTask();
    const authenticate = vi.spyOn(t.services.auth, 'authenticate');
    try {
      expect((await complete(head, id)).statusCode).toBe(200);
      // No lookup of its own before the transaction: the proof in it was enough.
      expect(authenticate).not.toHaveBeenCalled();
    } finally {
      authenticate.mockRestore();
    }
    expect(await stillPending(id)).toBe(false);
  });

  it('a session ended on another instance: 401 at once, nothing written', async () => {
    const { id, head } = await pendingTask();
    // The head's GET above cached the session; another instance logs them out.
    await t.db.db.execute(sql`delete from sessions where user_id = ${headId()}`);
    const answer = await complete(head, id);
    expect(answer.statusCode).toBe(401);
    expect(await stillPending(id)).toBe(true);
  });

  it('a user disabled on another instance: 401 at once, nothing written', async () => {
    const { id, head } = await pendingTask();
    await t.db.db.execute(sql`update users set disabled = true where id = ${headId()}`);
    try {
      expect((await complete(head, id)).statusCode).toBe(401);
      expect(await stillPending(id)).toBe(true);
    } finally {
      await t.db.db.execute(sql`update users set disabled = false where id = ${headId()}`);
    }
  });

  it('a one-time password set on another instance: 403 password_change_required, nothing written', async () => {
    const { id, head } = await pendingTask();
    await t.db.db.execute(sql`update users set must_change_password = true where id = ${headId()}`);
    try {
      const answer = await complete(head, id);
      expect(answer.statusCode).toBe(403);
      expect(answer.json().error.code).toBe('password_change_required');
      expect(await stillPending(id)).toBe(true);
    } finally {
      await t.db.db.execute(sql`update users set must_change_password = false where id = ${headId()}`);
    }
  });

  it('a user changed on another instance: the completion runs as the user is now, once', async () => {
    const { id, itemId, head } = await pendingTask();
    await t.db.db.execute(sql`update users set name = '财务处长（新）' where id = ${headId()}`);
    const answer = await complete(head, id);
    expect(answer.statusCode).toBe(200);
    expect(await stillPending(id)).toBe(false);
    // Read afresh: the cache holds the new name at once.
    expect((await head.get('/api/me')).json().name).toBe('财务处长（新）');
    const history = (await org.clients.sup.get(`/api/items/${itemId}/history`)).json();
    expect(history.filter((h: { action: string }) => h.action === 'task.complete')).toHaveLength(1);
  });

  it('an invalid body with a session ended elsewhere: 401, not the validation error', async () => {
    const { id, head } = await pendingTask();
    await t.db.db.execute(sql`delete from sessions where user_id = ${headId()}`);
    const answer = await complete(head, id, { decision: 'nonsense' });
    expect(answer.statusCode).toBe(401);
  });

  it('a stale cache entry (older than SESSION_CACHE_SECONDS) is read from the database first', async () => {
    const { id, head } = await pendingTask();
    t.clock.advance(2_000);
    await t.db.db.execute(sql`delete from sessions where user_id = ${headId()}`);
    expect((await complete(head, id)).statusCode).toBe(401);
    expect(await stillPending(id)).toBe(true);
  });
});
