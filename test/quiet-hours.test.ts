/**
 * QUIET_HOURS (spec §11): reminders reach 待办/通知 at once, but their e-mail copies wait until the
 * quiet hours end; a 催办 is somebody's deliberate act and is mailed at once. The SMTP server is
 * outside this machine, so nodemailer's stream transport renders each message in place of sending it.
 */
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../src/platform/mailer';
import { loadConfig } from '../src/server/config';
import { buildOrg, itemBody, type Org } from './factories';
import { createTestApp, type TestApp } from './helpers';

const sent: { to: string; subject: string }[] = [];
let t: TestApp;
let org: Org;

beforeAll(async () => {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const send = transport.sendMail.bind(transport);
  transport.sendMail = (async (message: SendMailOptions) => {
    const info = await send(message);
    sent.push({ to: String(message.to), subject: String(message.subject) });
    return info;
  }) as typeof transport.sendMail;
  const silent = { warn() {}, info() {}, error() {} } as unknown as Parameters<typeof createMailer>[1];
  // 22:00–07:30 Shanghai; monthly reminders from the 28th so that only deadline reminders go out.
  const env = { LOG_LEVEL: 'silent', QUIET_HOURS: '22:00-07:30' };
  t = await createTestApp(
    { deadlines: loadConfig(env).deadlines, jobs: { enabled: false, monthlyDay: 28, intervalSeconds: 300 } },
    { mailer: createMailer({ url: undefined, from: '督办系统 <duban@example.gov.cn>' }, silent, transport) },
  );
  org = await buildOrg(t);
  const admin = await t.admin();
  await admin.patch(`/api/users/${org.users.head.id}`, { email: 'head@example.gov.cn' });
});
afterAll(() => t.close());

async function until(condition: () => boolean) {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 20));
}
/** Mailing is fire-and-forget: give a message that would go out the time to arrive. */
const settle = () => new Promise((r) => setTimeout(r, 300));

async function pendingTask(client: typeof org.clients.head, itemId: string, kind: string) {
  const tasks = (await client.get('/api/tasks?state=pending&pageSize=200')).json().tasks as {
    id: string;
    itemId: string;
    kind: string;
  }[];
  const task = tasks.find((x) => x.itemId === itemId && x.kind === kind);
  if (!task) throw new Error(`no pending ${kind}`);
  return task;
}

async function signInAgain() {
  org.clients.head = await t.login('cw_head');
  org.clients.sup = await t.login('sup');
}

describe('quiet hours', () => {
  it('§11 reminders are notified at once, their e-mails held until the quiet hours end; 催办 is mailed at once', async () => {
    // Monday 2 March 2026, 14:00 Shanghai: the item is registered and handled (3 working days left).
    t.clock.set('2026-03-02T06:00:00.000Z');
    await signInAgain();
    const { clients } = org;
    const item = (await clients.sup.post('/api/items', itemBody(org, { dueAt: '2026-03-05' }))).json();
    await until(() => sent.length > 0); // the head's new task
    await clients.head.post(
      `/api/tasks/${(await pendingTask(clients.head, item.id, 'handle')).id}/complete`,
      {
        decision: 'self',
        promisedAt: '2026-03-05',
        outcome: 'not_done',
        reason: '进行中',
        measures: '按计划推进',
      },
    );
    await clients.sup.post(`/api/tasks/${(await pendingTask(clients.sup, item.id, 'review')).id}/complete`, {
      action: 'acknowledge',
    });
    await settle();
    sent.length = 0;

    // 23:00 Shanghai: in the quiet hours. The reminder is in the bell, its e-mail waits.
    t.clock.set('2026-03-02T15:00:00.000Z');
    await signInAgain();
    const quiet = await t.scheduler.runOnce();
    expect(quiet.deadline).toBeGreaterThan(0);
    const bell = (await org.clients.head.get('/api/notifications')).json() as {
      kind: string;
      itemId: string;
    }[];
    expect(bell.filter((n) => n.itemId === item.id && n.kind === 'due')).toHaveLength(1);
    await settle();
    expect(sent).toEqual([]);
    expect(t.scheduler.heldEmails()).toBeGreaterThan(0);

    // A 催办 in the quiet hours is not a reminder: mailed at once.
    const urge = await org.clients.sup.post(`/api/items/${item.id}/urge`, { message: '请抓紧' });
    expect(urge.statusCode).toBe(200);
    await until(() => sent.length > 0);
    expect(sent.map((m) => m.to)).toEqual(['head@example.gov.cn']);
    sent.length = 0;

    // 07:00 the next morning: still quiet, still held (and nothing new is due: sent once per step).
    t.clock.set('2026-03-02T23:00:00.000Z');
    await t.scheduler.runOnce();
    await settle();
    expect(sent).toEqual([]);

    // 07:30: the quiet hours are over; the next run mails what was held, once.
    t.clock.set('2026-03-02T23:30:00.000Z');
    await t.scheduler.runOnce();
    await until(() => sent.length > 0);
    await settle();
    expect(sent.map((m) => m.to)).toEqual(['head@example.gov.cn']);
    expect(t.scheduler.heldEmails()).toBe(0);
    sent.length = 0;
    await t.scheduler.runOnce();
    await settle();
    expect(sent).toEqual([]);
  });
});
