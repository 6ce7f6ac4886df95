/**
 * Evidence, refusal and paper in the browser (spec §13): 拒签 and 重新分派, evidence attached to
 * 申请办结 on the handling page, an uploaded file that can never run in the site's origin, and the
 * three print pages rendered by Chromium's page.pdf() as one A4 page each with the item's number
 * and title.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import dayjs from 'dayjs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import {
  type ApiClient,
  apiAs,
  choose,
  createOrganisation,
  cspViolations,
  dumpPages,
  type E2E,
  expectAccessible,
  fillDate,
  type Org,
  openTask,
  pickPerson,
  registerItem,
  screenshot,
  signIn,
  startE2E,
  submitTask,
} from './support';

let e2e: E2E;
let org: Org;
let dbk: ApiClient;
const pages = new Map<string, Page>();
const files = mkdtempSync(path.join(tmpdir(), 'duban-e2e-files-'));
const TITLE = '核查专项资金使用情况';
let itemId = '';

async function as(username: string): Promise<Page> {
  let page = pages.get(username);
  if (!page) {
    page = await signIn(e2e, username);
    pages.set(username, page);
  }
  return page;
}

/** A small real PDF (one page, one line of text). */
function pdfFile(name: string, extra = ''): string {
  const file = path.join(files, name);
  writeFileSync(
    file,
    `%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n${extra}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
  );
  return file;
}

beforeAll(async () => {
  e2e = await startE2E();
  org = await createOrganisation(e2e);
  dbk = await apiAs(e2e, 'dbk');
}, 900_000);

afterAll(async () => {
  await e2e?.close();
  rmSync(files, { recursive: true, force: true });
});

describe.sequential('§13 evidence, refusal and paper', { timeout: 180_000 }, () => {
  beforeEach((context) => {
    onTestFailed(() => dumpPages(pages, context.task.name));
  });

  it('the head refuses with a reason (拒签); the registrar resends it to another department (重新分派)', async () => {
    itemId = await registerItem(dbk, org, {
      title: TITLE,
      dueAt: dayjs().add(30, 'day').format('YYYY-MM-DD'),
    });
    const head = await as('cw_head');
    await openTask(head, TITLE, '办理');
    await head
      .locator('.action-panel')
      .getByRole('button', { name: /拒\s*签/ })
      .click();
    const dialog = head.getByRole('dialog');
    await dialog.getByLabel('拒签理由').fill('专项资金由人力资源部管理，不属于本部门职责。');
    await dialog.getByRole('button', { name: /确认拒签/ }).click();
    await head.waitForURL(/\/tasks\/pending$/);

    const office = await as('dbk');
    await openTask(office, TITLE, '重新分派');
    await screenshot(office, 'redispatch');
    await expectAccessible(office, '重新分派');
    await choose(office, '承办（主办）单位', '人力资源部');
    await pickPerson(office, /选\s*择/, ['周部长']);
    await office
      .locator('.action-panel')
      .getByRole('button', { name: /重新发送/ })
      .click();
    await office.waitForURL(/\/tasks\/pending$/);

    const detail = await dbk.request<{ leadDepartmentId: string; flows: { kind: string; status: string }[] }>(
      'GET',
      `/api/items/${itemId}`,
    );
    expect(detail.leadDepartmentId).toBe(org.departments.hr);
    expect(detail.flows.map((f) => `${f.kind}:${f.status}`)).toEqual([
      'registration:refused',
      'redispatch:completed',
      'registration:active',
    ]);
  });

  it('the new head attaches evidence and applies to close (申请办结); the file shows under the step', async () => {
    const head = await as('hr_head');
    await openTask(head, TITLE, '办理');
    await head.locator('.task-attachments input[type=file]').setInputFiles(pdfFile('核查报告.pdf'));
    await head.locator('.task-attachments').getByRole('link', { name: '核查报告.pdf' }).waitFor();
    await head.getByLabel('自办', { exact: true }).check();
    await fillDate(head, '承诺办结时间', dayjs().add(20, 'day').format('YYYY-MM-DD'));
    await head.getByLabel('申请办结', { exact: true }).check();
    await head.getByLabel('落实情况', { exact: true }).fill('已完成专项资金核查，报告见附件。');
    await submitTask(head, /提\s*交/);

    const office = await as('dbk');
    await office.goto(`/items/${itemId}`);
    await office.getByText('核查报告.pdf').first().waitFor();
    await expectAccessible(office, '督办事项（附件）');
    await screenshot(office, 'item-with-evidence');
  });

  it('an uploaded file never runs in the site origin: HTML and SVG are refused, and a download is only a download', async () => {
    const office = await as('dbk');
    await office.goto(`/items/${itemId}`);
    const statuses = await office.evaluate(async (id) => {
      const send = async (name: string, body: string, type: string) => {
        const form = new FormData();
        form.append('file', new Blob([body], { type }), name);
        const res = await fetch(`/api/items/${id}/attachments`, {
          method: 'POST',
          body: form,
          headers: { 'X-Requested-With': 'duban' },
        });
        return res.status;
      };
      return [
        await send('x.html', '<html><script>window.parent.__pwned = 1</script></html>', 'text/html'),
        await send(
          'x.svg',
          '<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned=1"/>',
          'image/svg+xml',
        ),
        await send('x.txt', '<script>window.__pwned = 1</script>', 'text/plain'),
      ];
    }, itemId);
    expect(statuses).toEqual([415, 415, 415]);

    // A PDF carrying markup is accepted as a PDF, and the browser only ever downloads it.
    const tricky = await office.evaluate(async (id) => {
      const form = new FormData();
      const body =
        '%PDF-1.4\n<html><body><script>window.opener && (window.opener.__pwned = 1); document.title = "pwned"</script></body></html>';
      form.append('file', new Blob([body], { type: 'text/html' }), 'evil.html');
      const res = await fetch(`/api/items/${id}/attachments`, {
        method: 'POST',
        body: form,
        headers: { 'X-Requested-With': 'duban' },
      });
      return (await res.json()).attachment as { id: string; contentType: string };
    }, itemId);
    expect(tricky.contentType).toBe('application/pdf');
    const headers = await office.evaluate(async (id) => {
      const res = await fetch(`/api/attachments/${id}`);
      return {
        disposition: res.headers.get('content-disposition'),
        nosniff: res.headers.get('x-content-type-options'),
        type: res.headers.get('content-type'),
      };
    }, tricky.id);
    expect(headers).toEqual({
      disposition: expect.stringMatching(/^attachment;/),
      nosniff: 'nosniff',
      type: 'application/pdf',
    });
    const download = office.waitForEvent('download');
    await office.evaluate((id) => {
      const a = document.createElement('a');
      a.href = `/api/attachments/${id}`;
      document.body.append(a);
      a.click();
    }, tricky.id);
    expect((await download).suggestedFilename()).toBe('evil.html');
    expect(await office.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await office.title()).not.toBe('pwned');
  });

  it.each([
    ['notice', '督办通知单'],
    ['urge', '催办通知书'],
    ['record', '督办事项办理情况表'],
  ])('打印 %s: one A4 page with the number and title, no navigation', async (form, heading) => {
    const office = await as('dbk');
    const { number } = await dbk.request<{ number: string }>('GET', `/api/items/${itemId}`);
    await office.goto(`/items/${itemId}`);
    await office.getByRole('button', { name: /打\s*印/ }).waitFor();
    await office.goto(`/items/${itemId}/print?form=${form}`);
    await office.getByRole('heading', { name: heading }).waitFor();
    expect(await office.locator('.ant-layout-sider, .ant-menu').count()).toBe(0);
    await expectAccessible(office, heading);
    await office.emulateMedia({ media: 'print' });
    const pdf = await office.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    await office.emulateMedia({ media: 'screen' });
    const file = path.join(files, `${form}.pdf`);
    writeFileSync(file, pdf);
    const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout;
    expect(info).toMatch(/Pages:\s+1\n/);
    // A4 is 595.28 × 841.89 pt; Chromium rounds it through inches (8.27 × 11.7 in).
    const [, width, height] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info) ?? [];
    expect(Math.abs(Number(width) - 595.28)).toBeLessThan(2);
    expect(Math.abs(Number(height) - 841.89)).toBeLessThan(2);
    const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout.replace(
      /\s+/g,
      '',
    );
    expect(text).toContain(number);
    expect(text).toContain(TITLE);
    expect(text).toContain(heading.replace(/\s/g, ''));
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('no page reported a Content-Security-Policy violation (uploads, downloads, print pages included)', () => {
    expect(cspViolations).toEqual([]);
  });
});
