/**
 * E-mail copies of notifications when SMTP is configured. The SMTP server is outside this machine,
 * so nodemailer's own stream transport renders the real message in place of sending it.
 */
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../src/platform/mailer';
import { buildOrg, itemBody, type Org } from './factories';
import { createTestApp, type TestApp } from './helpers';

const sent: { to: string; raw: string }[] = [];
let t: TestApp;
let org: Org;

beforeAll(async () => {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const send = transport.sendMail.bind(transport);
  transport.sendMail = (async (message: SendMailOptions) => {
    const info = await send(message);
    sent.push({ to: String(message.to), raw: (info.message as Buffer).toString('utf8') });
    return info;
  }) as typeof transport.sendMail;
  const silent = { warn() {}, info() {}, error() {} } as unknown as Parameters<typeof createMailer>[1];
  t = await createTestApp(
    {},
    { mailer: createMailer({ url: undefined, from: '督办系统 <duban@example.gov.cn>' }, silent, transport) },
  );
  org = await buildOrg(t);
});
afterAll(() => t.close());

async function until(condition: () => boolean) {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 20));
}

describe('e-mail', () => {
  it('mails a new task to a head who has an address, and nothing to those without one', async () => {
    const admin = await t.admin();
    expect(
      (await admin.patch(`/api/users/${org.users.head.id}`, { email: 'head@example.gov.cn' })).statusCode,
    ).toBe(200);
    const bad = await admin.patch(`/api/users/${org.users.deputy.id}`, { email: 'not-an-address' });
    expect(bad.statusCode).toBe(400);
    const item = (await org.clients.sup.post('/api/items', itemBody(org))).json();
    await until(() => sent.length > 0);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.to).toBe('head@example.gov.cn');
    expect(bodyOf(sent[0]?.raw ?? '')).toContain(
      `【${item.number}】落实年度预算执行情况：您有新的待办（办理）`,
    );
  });
});

/** The decoded text of a single-part message (quoted-printable or base64). */
function bodyOf(raw: string): string {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/Content-Transfer-Encoding: base64/i.test(head)) return Buffer.from(body, 'base64').toString('utf8');
  const bytes = body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}
