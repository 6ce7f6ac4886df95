/**
 * Excel export (the list's rows, scope and order, as a real workbook) and the supervisors' 台账
 * import (good rows registered exactly as 新建督办, bad rows reported and registering nothing).
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SORT_FIELDS } from '../src/contract/item-list';
import {
  exportBatch,
  itemConditions,
  listItems,
  type Sort,
} from '../src/server/modules/items/list-repository';
import { buildOrg, itemBody, type Org } from './factories';
import { type Client, createTestApp, createUser, errorOf, multipart, type TestApp } from './helpers';

let t: TestApp;
let org: Org;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Registered {
  id: string;
  number: string;
}
const items: Record<string, Registered> = {};

async function register(key: string, overrides: Record<string, unknown>) {
  const res = await org.clients.sup.post('/api/items', itemBody(org, overrides));
  expect(res.statusCode, res.body).toBe(201);
  items[key] = res.json() as Registered;
}

async function pendingTask(client: Client, itemId: string) {
  const res = await client.get('/api/tasks?state=pending&pageSize=200');
  return (res.json().tasks as { id: string; itemId: string }[]).find((x) => x.itemId === itemId)
    ?.id as string;
}

async function workbookOf(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook;
}

/** Header name → value of each data row of the first sheet. */
function sheetRows(sheet: ExcelJS.Worksheet) {
  const headers = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
  const rows: Record<string, ExcelJS.CellValue>[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    rows.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1).value])));
  });
  return { headers, rows };
}

beforeAll(async () => {
  t = await createTestApp({
    session: { idleMinutes: 60 * 24 * 30, absoluteHours: 24 * 30, secureCookie: false, cacheSeconds: 2 },
  });
  org = await buildOrg(t);
  const { departments: d, users: u, clients: c } = org;
  await register('budget', {
    title: '落实年度预算执行情况',
    assistDepartmentIds: [d.hr.id, d.it.id],
    assignedAt: '2026-02-01',
    dueAt: '2026-02-27',
  });
  await register('archive', { title: '档案整理', assignedAt: '2026-02-15', dueAt: '2026-03-06' });
  await register('hiring', {
    title: '招聘计划',
    source: '会议决定',
    leadDepartmentId: d.hr.id,
    headId: u.hrHead.id,
    assignedAt: '2026-01-20',
    dueAt: '2026-12-31',
  });
  // The head reports on 'budget' himself (未办结), at 10:15 Shanghai time on 2 March.
  t.clock.set('2026-03-02T02:15:00.000Z');
  await c.head.post(`/api/tasks/${await pendingTask(c.head, items.budget?.id as string)}/complete`, {
    decision: 'self',
    promisedAt: '2026-04-15',
    outcome: 'not_done',
    reason: '资金未到位',
    measures: '申请追加预算',
  });
  const review = await pendingTask(c.sup, items.budget?.id as string);
  await c.sup.post(`/api/tasks/${review}/complete`, { action: 'acknowledge' });
  // 'archive' is ended at 09:30 Shanghai time on 3 March.
  t.clock.set('2026-03-03T01:30:00.000Z');
  await c.sup.post(`/api/items/${items.archive?.id}/close`, { remark: '已完成' });
  t.clock.set('2026-03-04T02:00:00.000Z');
});
afterAll(() => t.close());

describe('export', () => {
  it('answers a workbook with the list’s rows in the list’s order, Chinese headers, a frozen header and real dates', async () => {
    const c = org.clients.sup;
    const query = 'scope=all&sort=-dueAt';
    const res = await c.get(`/api/items/export.xlsx?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    const disposition = String(res.headers['content-disposition']);
    expect(disposition).toContain('attachment;');
    expect(disposition).toContain('filename="duban-items-20260304.xlsx"');
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('督办事项-20260304.xlsx')}`);

    const workbook = await workbookOf(res.rawPayload);
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.name).toBe('督办事项');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(2).width).toBeGreaterThan(20);
    const { headers, rows } = sheetRows(sheet);
    expect(headers).toEqual([
      '督办编号',
      '督办事项',
      '督办来源',
      '承办（主办）单位',
      '协办单位',
      '交办时间',
      '办结时间',
      '督办内容及要求',
      '主办单位部处负责人',
      '办理结果',
      '事务办理',
      '承诺办结时间',
      '原定办结时间',
      '延期次数',
      '超期工作日',
      '主办单位办理人',
      '协办单位办理人',
      '最近反馈时间',
      '最近反馈内容',
      '红黄绿灯',
      '实际办结时间',
      '附件数',
    ]);
    expect(sheet.getRow(1).font?.bold).toBe(true);

    const list = (await c.get(`/api/items?${query}`)).json();
    expect(rows.map((r) => r.督办编号)).toEqual(list.items.map((i: { number: string }) => i.number));

    const budget = rows.find((r) => r.督办编号 === items.budget?.number) as Record<string, ExcelJS.CellValue>;
    expect(budget).toMatchObject({
      督办事项: '落实年度预算执行情况',
      督办来源: '领导批示',
      '承办（主办）单位': '财务处',
      协办单位: '人事处、信息中心',
      督办内容及要求: '按季度报告预算执行进度，6 月底前完成。',
      主办单位部处负责人: '财务处长',
      办理结果: '未办结',
      事务办理: '未办结',
      主办单位办理人: '财务处长',
      红黄绿灯: '红灯',
      延期次数: 0,
      // Due Friday 02-27, seen Wednesday 03-04: Saturday 02-28 (春节调休上班), 03-02, 03-03, 03-04.
      超期工作日: 4,
    });
    // Dates are dates (Excel day numbers shown as yyyy-mm-dd), not text.
    expect(budget.交办时间).toEqual(new Date('2026-02-01T00:00:00.000Z'));
    expect(budget.办结时间).toEqual(new Date('2026-02-27T00:00:00.000Z'));
    expect(budget.承诺办结时间).toEqual(new Date('2026-04-15T00:00:00.000Z'));
    // The last report: when (Shanghai wall clock) and what.
    expect(budget.最近反馈时间).toEqual(new Date('2026-03-02T10:15:00.000Z'));
    expect(budget.最近反馈内容).toContain('未办结原因：资金未到位；解决措施：申请追加预算');
    const dateCell = sheet.getRow(rows.indexOf(budget) + 2).getCell(6);
    expect(dateCell.type).toBe(ExcelJS.ValueType.Date);
    expect(dateCell.numFmt).toBe('yyyy-mm-dd');

    const archive = rows.find((r) => r.督办编号 === items.archive?.number) as Record<
      string,
      ExcelJS.CellValue
    >;
    // 结束 is not 办结 (spec §12): the export says 已终止.
    expect(archive).toMatchObject({ 办理结果: '已终止', 事务办理: null, 红黄绿灯: '—', 最近反馈内容: null });
    expect(archive.实际办结时间).toEqual(new Date('2026-03-03T09:30:00.000Z'));
    const hiring = rows.find((r) => r.督办编号 === items.hiring?.number) as Record<string, ExcelJS.CellValue>;
    expect(hiring).toMatchObject({
      '承办（主办）单位': '人事处',
      红黄绿灯: '绿灯',
      主办单位部处负责人: '人事处长',
    });
  });

  it('applies the filters and the scope: an unrelated user’s export does not contain the item', async () => {
    const { clients: c } = org;
    const filtered = await workbookOf(
      (await c.sup.get('/api/items/export.xlsx?scope=all&status=open')).rawPayload,
    );
    expect(sheetRows(filtered.worksheets[0] as ExcelJS.Worksheet).rows.map((r) => r.督办编号)).toEqual([
      items.budget?.number,
      items.hiring?.number,
    ]);
    // 信息中心 assists on 'budget' only; 人事处 leads 'hiring' and assists on 'budget'.
    const it = await workbookOf((await c.itStaff.get('/api/items/export.xlsx')).rawPayload);
    expect(sheetRows(it.worksheets[0] as ExcelJS.Worksheet).rows.map((r) => r.督办编号)).toEqual([
      items.budget?.number,
    ]);
    const hr = await workbookOf((await c.hrStaff.get('/api/items/export.xlsx?sort=number')).rawPayload);
    const hrNumbers = sheetRows(hr.worksheets[0] as ExcelJS.Worksheet).rows.map((r) => r.督办编号);
    expect(hrNumbers).toEqual([items.budget?.number, items.hiring?.number]);
    expect(hrNumbers).not.toContain(items.archive?.number);

    expect((await c.staff.get('/api/items/export.xlsx?scope=all')).statusCode).toBe(403);
    const bad = await c.sup.get('/api/items/export.xlsx?dueFrom=someday');
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).fields).toHaveProperty('dueFrom');
  });

  it('keyset batches walk every sort in exactly the list’s order', async () => {
    const today = '2026-03-04';
    const where = itemConditions(
      {},
      { kind: 'all' },
      { today, overdueThrough: '2026-03-03', monthStart: '2026-03-01', timeZone: 'Asia/Shanghai' },
    );
    for (const field of SORT_FIELDS) {
      for (const descending of [false, true]) {
        const sort: Sort = { field, descending };
        const expected = (await listItems(t.db.db, where, sort, 100, 0)).map((r) => r.id);
        const walked: string[] = [];
        let cursor: { sortKey: string; id: string } | undefined;
        for (let guard = 0; guard < 10; guard++) {
          const batch = await exportBatch(t.db.db, where, sort, cursor, 1, 'Asia/Shanghai');
          const last = batch.at(-1);
          if (!last) break;
          walked.push(last.id);
          cursor = { sortKey: last.sort_key, id: last.id };
        }
        expect(walked, `${descending ? '-' : ''}${field}`).toEqual(expected);
      }
    }
  });
});

async function upload(client: Client, data: Buffer, fileName = 'ledger.xlsx') {
  const { body, headers } = multipart(fileName, data);
  return client.request('POST', '/api/items/import', body, headers);
}

async function xlsx(build: (sheet: ExcelJS.Worksheet) => void) {
  const workbook = new ExcelJS.Workbook();
  build(workbook.addWorksheet('督办台账'));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('台账 import', () => {
  it('the template has the columns and lists the departments; supervisors only', async () => {
    const res = await org.clients.sup.get('/api/items/import-template.xlsx');
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-disposition'])).toContain(
      `filename*=UTF-8''${encodeURIComponent('督办台账导入模板.xlsx')}`,
    );
    const workbook = await workbookOf(res.rawPayload);
    expect(sheetRows(workbook.worksheets[0] as ExcelJS.Worksheet).headers).toEqual([
      '督办事项*',
      '督办来源*',
      '承办（主办）单位*',
      '协办单位',
      '交办时间*',
      '办结时间*',
      '督办内容及要求*',
      '主办单位部处负责人*',
    ]);
    const help = JSON.stringify(workbook.getWorksheet('填写说明')?.getSheetValues());
    expect(help).toContain('财务处');
    expect(help).toContain('领导批示');
    expect((await org.clients.staff.get('/api/items/import-template.xlsx')).statusCode).toBe(403);
  });

  it('registers the good rows as 新建督办 does and reports why each bad row failed', async () => {
    const { clients: c, users: u, departments: d } = org;
    // Two people called 张伟: the lead department decides which one is meant.
    const zhangFinance = await createUser(t, {
      username: 'zhangwei1',
      name: '张伟',
      departmentId: d.finance.id,
      position: 'head',
    });
    await createUser(t, { username: 'zhangwei2', name: '张伟', departmentId: d.it.id, position: 'head' });
    const before = (await c.sup.get('/api/items?scope=all')).json().total as number;

    const data = await xlsx((sheet) => {
      // Columns in another order than the template's, headers with and without the asterisk.
      sheet.addRow([
        '督办内容及要求',
        '督办事项*',
        '承办（主办）单位',
        '协办单位',
        '督办来源',
        '交办时间',
        '办结时间',
        '主办单位部处负责人',
      ]);
      // 2: good — head by username (any case), Excel dates, two assisting departments.
      sheet.addRow([
        '内容一',
        '导入事项一',
        '财务处',
        '人事处、信息中心',
        '领导批示',
        new Date(Date.UTC(2026, 2, 5)),
        new Date(Date.UTC(2026, 5, 30)),
        'CW_HEAD',
      ]);
      // 3: good — head by name, dates as text in two spellings.
      sheet.addRow(['内容二', '导入事项二', '人事处', '', '会议决定', '2026-03-06', '2026/7/1', '人事处长']);
      // 4: bad — unknown department, no title, due before assigned.
      sheet.addRow(['内容三', '', '不存在处', '', '领导批示', '2026-03-06', '2026-03-01', '财务处长']);
      // 5: bad — the head is not of the lead department.
      sheet.addRow([
        '内容四',
        '导入事项四',
        '人事处',
        '',
        '领导批示',
        '2026-03-06',
        '2026-07-01',
        '财务处长',
      ]);
      sheet.addRow([]); // 6: empty, skipped
      // 7: good — 张伟 resolved within 财务处.
      sheet.addRow(['内容五', '导入事项五', '财务处', '', '重点工作', '2026-03-07', '2026-08-01', '张伟']);
      // 8: bad — unknown assisting department, unknown head, a date that is no date.
      sheet.addRow([
        '内容六',
        '导入事项六',
        '财务处',
        '人事处，宣传部',
        '其他',
        '下周',
        '2026-08-01',
        '李四',
      ]);
      // 9: bad (§12) — 财务处 has a head: its deputy cannot be the one the item is sent to.
      sheet.addRow(['内容七', '导入事项七', '财务处', '', '其他', '2026-03-07', '2026-08-01', '财务副处长']);
    });
    const res = await upload(c.sup, data);
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json() as {
      total: number;
      created: number;
      failed: number;
      rows: {
        row: number;
        status: string;
        number?: string;
        itemId?: string;
        fields?: Record<string, string>;
      }[];
    };
    expect(answer).toMatchObject({ total: 7, created: 3, failed: 4 });
    expect(answer.rows.map((r) => [r.row, r.status])).toEqual([
      [2, 'created'],
      [3, 'created'],
      [4, 'failed'],
      [5, 'failed'],
      [7, 'created'],
      [8, 'failed'],
      [9, 'failed'],
    ]);
    const [r2, r3, r4, r5, r7, r8, r9] = answer.rows;
    expect(Object.keys(r4?.fields ?? {}).sort()).toEqual(['dueAt', 'leadDepartmentId', 'title']);
    expect(r4?.fields?.leadDepartmentId).toContain('不存在处');
    expect(Object.keys(r5?.fields ?? {})).toEqual(['headId']);
    expect(Object.keys(r8?.fields ?? {}).sort()).toEqual(['assignedAt', 'assistDepartmentIds', 'headId']);
    expect(r8?.fields?.assistDepartmentIds).toContain('宣传部');
    expect(r9?.fields).toEqual({ headId: expect.stringContaining('部处负责人') });

    // Failed rows took no number: the created ones are consecutive.
    const seq = (n?: string) => Number(n?.slice(-4));
    expect(seq(r3?.number)).toBe(seq(r2?.number) + 1);
    expect(seq(r7?.number)).toBe(seq(r3?.number) + 1);
    expect((await c.sup.get('/api/items?scope=all')).json().total).toBe(before + 3);

    // Exactly as 新建督办: the fields, the registrar, the head's pending task, the audit trail.
    const one = (await c.sup.get(`/api/items/${r2?.itemId}`)).json();
    expect(one).toMatchObject({
      number: r2?.number,
      title: '导入事项一',
      source: '领导批示',
      leadDepartmentId: d.finance.id,
      assistDepartmentIds: [d.hr.id, d.it.id],
      assignedAt: '2026-03-05',
      dueAt: '2026-06-30',
      content: '内容一',
      headId: u.head.id,
      registrarId: u.sup.id,
      status: 'open',
    });
    expect(one.flows[0].steps[0]).toMatchObject({ kind: 'handle', assigneeId: u.head.id, state: 'pending' });
    expect(await pendingTask(c.head, r2?.itemId as string)).toBeTruthy();
    const two = (await c.sup.get(`/api/items/${r3?.itemId}`)).json();
    expect(two).toMatchObject({ headId: u.hrHead.id, assignedAt: '2026-03-06', dueAt: '2026-07-01' });
    expect((await c.sup.get(`/api/items/${r7?.itemId}`)).json().headId).toBe(zhangFinance.id);
    const history = (await c.sup.get(`/api/items/${r2?.itemId}/history`)).json();
    expect(history[0]).toMatchObject({ action: 'item.register', actorId: u.sup.id });
    const auditor = org.clients.auditor;
    const imports = (await auditor.get('/api/audit?action=item.import')).json();
    expect(imports.events[0].detail).toMatchObject({
      fileName: 'ledger.xlsx',
      rows: 7,
      created: [r2?.number, r3?.number, r7?.number],
      failed: [4, 5, 8, 9],
    });
  });

  it('refuses a file that is not a 台账 as a whole, and non-supervisors', async () => {
    const { clients: c } = org;
    const notXlsx = await upload(c.sup, Buffer.from('not a workbook'));
    expect(notXlsx.statusCode).toBe(400);
    expect(errorOf(notXlsx).fields).toHaveProperty('file');
    const missing = await upload(
      c.sup,
      await xlsx((s) => {
        s.addRow(['督办事项', '督办来源']);
        s.addRow(['a', 'b']);
      }),
    );
    expect(missing.statusCode).toBe(400);
    expect(errorOf(missing).fields?.file).toContain('承办（主办）单位');
    const none = await c.sup.post('/api/items/import', {});
    expect(none.statusCode).toBe(400);
    expect(errorOf(none).fields).toHaveProperty('file');
    const tooMany = await upload(
      c.sup,
      await xlsx((s) => {
        s.addRow([
          '督办事项',
          '督办来源',
          '承办（主办）单位',
          '交办时间',
          '办结时间',
          '督办内容及要求',
          '主办单位部处负责人',
        ]);
        for (let i = 0; i < 1001; i++) s.addRow([`事项${i}`]);
      }),
    );
    expect(tooMany.statusCode).toBe(400);
    expect(errorOf(tooMany).fields?.file).toContain('1000');
    const forbidden = await upload(c.dbadmin, Buffer.from('x'));
    expect(forbidden.statusCode).toBe(403);
  });

  it('refuses a small file that would unpack to more than 50 MB, before reading it', async () => {
    const bomb = await xlsx((s) => {
      s.addRow(['督办事项']);
      s.addRow(['啊'.repeat(18 * 1024 * 1024)]);
    });
    expect(bomb.length).toBeLessThan(5 * 1024 * 1024);
    const res = await upload(org.clients.sup, bomb);
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).fields?.file).toContain('解压后过大');
  });
});
