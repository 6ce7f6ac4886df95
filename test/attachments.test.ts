/**
 * 附件 through the HTTP API (spec §13): upload, list, download, delete on items, pending tasks and
 * reports; type judged by content; limits; nothing stored when refused; SHA-256 audited.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client';
import { DOWNLOAD_HEADERS } from '../src/server/plugins/edge';
import { buildOrg, itemBody, type Org } from './factories';
import { type Client, createTestApp, errorOf, type TestApp } from './helpers';

let t: TestApp;
let org: Org;

beforeAll(async () => {
  t = await createTestApp({ attachmentMaxMb: 1, requireCloseEvidence: true });
  org = await buildOrg(t);
});
afterAll(() => t.close());

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

/** A multipart body with optional fields before the file. */
function form(
  name: string,
  data: Buffer,
  fields: Record<string, string> = {},
  type = 'application/octet-stream',
) {
  const boundary = `----duban${Math.random().toString(16).slice(2)}`;
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  const head = `${parts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`;
  return {
    body: Buffer.concat([Buffer.from(head), data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

function upload(
  client: Client,
  itemId: string,
  name: string,
  data: Buffer,
  fields: Record<string, string> = {},
) {
  const { body, headers } = form(name, data, fields);
  return client.request('POST', `/api/items/${itemId}/attachments`, body, headers);
}

async function register() {
  const res = await org.clients.sup.post('/api/items', itemBody(org));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

async function storedRows(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    t.db.db,
    sql`select (select count(*) from attachments) + (select count(*) from attachment_chunks) as n`,
  );
  return Number(row?.n ?? 0);
}

async function headTask(itemId: string) {
  const res = await org.clients.head.get('/api/tasks?state=pending&pageSize=200');
  return (res.json().tasks as { id: string; itemId: string; kind: string }[]).find(
    (task) => task.itemId === itemId && task.kind === 'handle',
  ) as { id: string };
}

describe('§13 附件: upload, list, download', () => {
  it('the registrar attaches a PDF: listed on the item, downloaded byte for byte as an attachment, audited with its SHA-256', async () => {
    const item = await register();
    const res = await upload(org.clients.sup, item.id, '领导批示 扫描件.pdf', PDF);
    expect(res.statusCode, res.body).toBe(201);
    const { attachment } = res.json();
    const sha256 = createHash('sha256').update(PDF).digest('hex');
    expect(attachment).toMatchObject({
      name: '领导批示 扫描件.pdf',
      size: PDF.length,
      contentType: 'application/pdf',
      sha256,
      uploadedById: org.users.sup.id,
      taskId: null,
    });

    const detail = (await org.clients.head.get(`/api/items/${item.id}`)).json();
    expect(detail.attachments).toEqual([
      expect.objectContaining({ id: attachment.id, name: '领导批示 扫描件.pdf' }),
    ]);

    const file = await org.clients.head.get(`/api/attachments/${attachment.id}`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PDF)).toBe(true);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="/);
    expect(file.headers['content-disposition']).toContain(encodeURIComponent('领导批示 扫描件.pdf'));
    // Its own sandboxing CSP, and the page-only headers the API's JSON goes without (plugins/edge.ts).
    expect(file.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(Object.keys(DOWNLOAD_HEADERS)).toContain('x-download-options');
    for (const [name, value] of Object.entries(DOWNLOAD_HEADERS))
      expect(file.headers[name], name).toBe(value);

    // Someone who may not see the item gets 404, for the file as for the item.
    expect((await org.clients.itStaff.get(`/api/attachments/${attachment.id}`)).statusCode).toBe(404);
    const history = (await org.clients.sup.get(`/api/items/${item.id}/history`)).json();
    expect(history).toContainEqual(
      expect.objectContaining({ action: 'attachment.upload', detail: expect.objectContaining({ sha256 }) }),
    );
  });

  it('a file of several chunks streams in and out unchanged', async () => {
    const item = await register();
    // Random bytes: a chunk stored twice, out of order or cut at the wrong place would show.
    const data = Buffer.concat([PDF, randomBytes(700 * 1024)]);
    const res = await upload(org.clients.sup, item.id, 'scan.pdf', data);
    expect(res.statusCode, res.body).toBe(201);
    const file = await org.clients.sup.get(`/api/attachments/${res.json().attachment.id}`);
    expect(file.rawPayload.equals(data)).toBe(true);
    expect(file.headers['content-length']).toBe(String(data.length));
  });

  it('a download goes out as stored, never compressed, whatever the client accepts: length, attachment and nosniff intact', async () => {
    const item = await register();
    // Text compresses well: JSON of this size would go out br-compressed (plugins/edge.ts).
    const text = Buffer.from('落实情况说明：已按要求完成整改，相关材料见附件。\n'.repeat(300));
    const res = await upload(org.clients.sup, item.id, '说明.txt', text);
    expect(res.statusCode, res.body).toBe(201);
    const file = await org.clients.sup.request(
      'GET',
      `/api/attachments/${res.json().attachment.id}`,
      undefined,
      { 'accept-encoding': 'br, gzip, deflate' },
    );
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-encoding']).toBeUndefined();
    expect(file.rawPayload.equals(text)).toBe(true);
    expect(file.headers['content-length']).toBe(String(text.length));
    expect(file.headers['content-disposition']).toMatch(/^attachment; /);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each([
    ['UTF-8 text', '说明.txt', Buffer.from('落实情况说明：已完成。\n'), 'text/plain; charset=utf-8'],
    ['GB18030 text', '说明.txt', Buffer.from('b2bbc9f3', 'hex'), 'text/plain; charset=gb18030'],
    [
      'a zip named .docx',
      '报告.docx',
      Buffer.from('504b0304140000000800', 'hex'),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
  ])('accepts %s', async (_name, fileName, data, contentType) => {
    const item = await register();
    const res = await upload(org.clients.sup, item.id, fileName, data);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().attachment.contentType).toBe(contentType);
  });
});

describe('§13 附件: bad input stores nothing', () => {
  it.each([
    [
      'an HTML page named .txt',
      'a.txt',
      Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>'),
    ],
    [
      'an SVG named .png',
      'a.png',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ],
    ['a program named .pdf', 'a.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)])],
    ['binary junk named .txt', 'a.txt', Buffer.from([0, 1, 2, 3, 4, 5, 200, 201])],
    [
      'an OLE file that is no Office document',
      'a.doc',
      Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(1024, 0)]),
    ],
  ])('%s → 415', async (_name, fileName, data) => {
    const item = await register();
    const before = await storedRows();
    const res = await upload(org.clients.sup, item.id, fileName, data);
    expect(res.statusCode, res.body).toBe(415);
    expect(errorOf(res).code).toBe('unsupported_type');
    expect(await storedRows()).toBe(before);
  });

  it('an empty file → 400 naming file; a missing file → 400', async () => {
    const item = await register();
    const before = await storedRows();
    const empty = await upload(org.clients.sup, item.id, 'empty.pdf', Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    expect(errorOf(empty).fields).toHaveProperty('file');
    expect(await storedRows()).toBe(before);
  });

  it('a file over ATTACHMENT_MAX_MB → 413, nothing stored', async () => {
    const item = await register();
    const before = await storedRows();
    const big = Buffer.concat([PDF, Buffer.alloc(1024 * 1024 + 10, 0x20)]);
    const res = await upload(org.clients.sup, item.id, 'big.pdf', big);
    expect(res.statusCode).toBe(413);
    expect(errorOf(res).code).toBe('too_large');
    expect(await storedRows()).toBe(before);
  });

  it('a task of someone else → 403; an unseen item → 404; someone with no part in it → 403', async () => {
    const item = await register();
    const task = await headTask(item.id);
    const before = await storedRows();
    expect((await upload(org.clients.deputy, item.id, 'a.pdf', PDF, { taskId: task.id })).statusCode).toBe(
      403,
    );
    expect((await upload(org.clients.itStaff, item.id, 'a.pdf', PDF)).statusCode).toBe(404);
    expect((await upload(org.clients.staff, item.id, 'a.pdf', PDF)).statusCode).toBe(403);
    expect(await storedRows()).toBe(before);
  });

  it('a closed item → 409, nothing stored; its files can no longer be deleted', async () => {
    const item = await register();
    const kept = (await upload(org.clients.sup, item.id, 'a.pdf', PDF)).json().attachment;
    expect((await org.clients.sup.post(`/api/items/${item.id}/close`, { remark: '结束' })).statusCode).toBe(
      200,
    );
    const before = await storedRows();
    const res = await upload(org.clients.sup, item.id, 'b.pdf', PDF);
    expect(res.statusCode).toBe(409);
    expect(await storedRows()).toBe(before);
    expect((await org.clients.sup.request('DELETE', `/api/attachments/${kept.id}`)).statusCode).toBe(409);
  });
});

describe('§13 附件 on tasks and reports', () => {
  it('申请办结 needs evidence (REQUIRE_CLOSE_EVIDENCE); a task file is deletable until the task completes', async () => {
    const item = await register();
    const task = await headTask(item.id);
    const body = {
      decision: 'self',
      promisedAt: '2026-05-31',
      outcome: 'apply_close',
      implementation: '已完成',
    };
    const without = await org.clients.head.post(`/api/tasks/${task.id}/complete`, body);
    expect(without.statusCode).toBe(400);
    expect(errorOf(without).fields).toHaveProperty('attachments');

    const first = (await upload(org.clients.head, item.id, '佐证.pdf', PDF, { taskId: task.id })).json()
      .attachment;
    expect(first.taskId).toBe(task.id);
    expect((await org.clients.sup.request('DELETE', `/api/attachments/${first.id}`)).statusCode).toBe(403);
    expect((await org.clients.head.request('DELETE', `/api/attachments/${first.id}`)).statusCode).toBe(204);
    expect((await org.clients.head.post(`/api/tasks/${task.id}/complete`, body)).statusCode).toBe(400);
    const second = (await upload(org.clients.head, item.id, '佐证2.pdf', PDF, { taskId: task.id })).json()
      .attachment;
    expect((await org.clients.head.post(`/api/tasks/${task.id}/complete`, body)).statusCode).toBe(200);
    expect((await org.clients.head.request('DELETE', `/api/attachments/${second.id}`)).statusCode).toBe(409);
    expect((await upload(org.clients.head, item.id, 'late.pdf', PDF, { taskId: task.id })).statusCode).toBe(
      409,
    );

    const history = (await org.clients.sup.get(`/api/items/${item.id}/history`)).json();
    const deleted = history.find((h: { action: string }) => h.action === 'attachment.delete');
    expect(deleted.detail).toMatchObject({ name: '佐证.pdf', sha256: first.sha256 });
  });

  it('a report names files uploaded to the item first: they become part of it and immutable', async () => {
    const item = await register();
    const task = await headTask(item.id);
    await org.clients.head.post(`/api/tasks/${task.id}/complete`, {
      decision: 'self',
      promisedAt: '2026-05-31',
      outcome: 'not_done',
      reason: '资金未到位',
      measures: '协调',
    });
    const review = (await org.clients.sup.get('/api/tasks?state=pending&pageSize=200'))
      .json()
      .tasks.find((x: { itemId: string; kind: string }) => x.itemId === item.id && x.kind === 'review');
    await org.clients.sup.post(`/api/tasks/${review.id}/complete`, { action: 'acknowledge' });

    const mine = (await upload(org.clients.head, item.id, '进展.pdf', PDF)).json().attachment;
    const others = (await upload(org.clients.sup, item.id, '批示.pdf', PDF)).json().attachment;
    const report = { kind: 'lead', outcome: 'not_done', reason: '推进中', measures: '加快' };
    const wrong = await org.clients.head.post(`/api/items/${item.id}/reports`, {
      ...report,
      attachmentIds: [others.id],
    });
    expect(wrong.statusCode).toBe(400);
    expect(errorOf(wrong).fields).toHaveProperty('attachmentIds');
    const filed = await org.clients.head.post(`/api/items/${item.id}/reports`, {
      ...report,
      attachmentIds: [mine.id],
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const detail = (await org.clients.head.get(`/api/items/${item.id}`)).json();
    const bound = detail.attachments.find((a: { id: string }) => a.id === mine.id);
    const flow = detail.flows.find((f: { id: string }) => f.id === filed.json().flowId);
    expect(bound.taskId).toBe(flow.steps[0].taskId);
    expect((await org.clients.head.request('DELETE', `/api/attachments/${mine.id}`)).statusCode).toBe(409);
  });
});
