/** `npm run demo` fills the organisation and items in every state; this keeps that true. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../scripts/demo-data';
import { queryRows } from '../src/db/client';
import { createTestApp, type TestApp } from './helpers';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.db.db, t.config, t.clock.now);
}, 120_000);
afterAll(() => t.close());

describe('demo data', () => {
  it('has the organisation the README lists, every login working', async () => {
    for (const username of [
      'dbk1',
      'dbk2',
      'dbadmin',
      'leader',
      'auditor',
      'cw_head',
      'rs_deputy',
      'xx_staff1',
      'zh_staff2',
    ]) {
      const me = (await (await t.login(username, DEMO_PASSWORD)).get('/api/me')).json();
      expect(me.username).toBe(username);
    }
    const dbk1 = (await (await t.login('dbk1', DEMO_PASSWORD)).get('/api/me')).json();
    expect(dbk1.roles).toEqual(['supervisor']);
    const departments = (await (await t.admin()).get('/api/departments'))
      .json()
      .map((d: { name: string }) => d.name);
    expect(departments).toEqual(expect.arrayContaining(['督办科', '财务处', '人事处', '信息中心', '综合处']));
  });

  it('has items in every state', async () => {
    const pendingKinds = await queryRows<{ kind: string; level: string | null; returned: boolean }>(
      t.db.db,
      sql`select distinct kind, level, returned from tasks where state = 'pending'`,
    );
    const kinds = pendingKinds.map((r) => `${r.kind}:${r.level ?? '-'}${r.returned ? ':returned' : ''}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'handle:head',
        'handle:deputy',
        'handle:staff',
        'handle:staff:returned',
        'approve:deputy',
        'approve:head',
        'review:-',
        'assist_report:-',
        'acknowledge:-',
      ]),
    );
    const flows = await queryRows<{ kind: string; status: string }>(
      t.db.db,
      sql`select distinct kind, status from flows`,
    );
    expect(flows.map((f) => `${f.kind}:${f.status}`)).toEqual(
      expect.arrayContaining([
        'registration:completed',
        'registration:active',
        'lead_report:active',
        'assist_report:active',
        'registration:cancelled',
      ]),
    );
    const statuses = await queryRows<{ status: string; n: number }>(
      t.db.db,
      sql`select status, count(*)::int as n from items group by status order by status`,
    );
    expect(statuses.map((s) => s.status)).toEqual(['closed', 'open']);
    const overdue = await queryRows<{ n: number }>(
      t.db.db,
      sql`select count(*)::int as n from items where status = 'open' and due_at < '2026-03-02'`,
    );
    expect(overdue[0]?.n).toBeGreaterThan(0);
  });

  it('has attachments (§13): the 领导批示 scan on an item and evidence on a handling step', async () => {
    const rows = await queryRows<{ name: string; bound: boolean; chunks: number }>(
      t.db.db,
      sql`select a.name, a.task_id is not null as bound,
        (select count(*)::int from attachment_chunks c where c.attachment_id = a.id) as chunks
        from attachments a where a.state = 'ready' order by a.name`,
    );
    expect(rows).toEqual([
      { name: '节能降耗落实情况.pdf', bound: true, chunks: 1 },
      { name: '领导批示扫描件.pdf', bound: false, chunks: 1 },
    ]);
  });
});
