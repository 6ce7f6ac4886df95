/**
 * The demo organisation and items in every state, created through the same services the API uses
 * (so numbering, flows, notifications and audit are real). Used by `npm run demo` only.
 */
import { Readable } from 'node:stream';
import pino from 'pino';
import type { Database } from '../src/db/client';
import { addDays } from '../src/domain/dates';
import type { Position, Role, TaskInput } from '../src/domain/types';
import type { Clock } from '../src/platform/clock';
import { dateInZone } from '../src/platform/dates';
import { noMailer } from '../src/platform/mailer';
import { createServices } from '../src/server/app';
import type { Config } from '../src/server/config';
import * as org from '../src/server/modules/org/repository';
import type { SessionUser } from '../src/server/session';

export const DEMO_PASSWORD = 'Demo1234';

interface DemoUser {
  username: string;
  name: string;
  department: string;
  position: Position;
  roles?: Role[];
}

const DEPARTMENTS = [
  { key: 'cw', name: '财务处', people: ['王建国', '李秀英', '张伟', '刘洋'] },
  { key: 'rs', name: '人事处', people: ['陈静', '杨帆', '赵磊', '黄敏'] },
  { key: 'xx', name: '信息中心', people: ['周涛', '吴婷', '徐明', '孙丽'] },
  { key: 'zh', name: '综合处', people: ['马超', '朱红', '胡军', '郭芳'] },
];

const USERS: DemoUser[] = [
  { username: 'dbk1', name: '督办员郑洁', department: '督办科', position: 'staff', roles: ['supervisor'] },
  { username: 'dbk2', name: '督办员林峰', department: '督办科', position: 'staff', roles: ['supervisor'] },
  { username: 'dbadmin', name: '督办管理员何平', department: '督办科', position: 'head', roles: ['admin'] },
  { username: 'leader', name: '领导高远', department: '办公室', position: 'head', roles: ['leader'] },
  { username: 'auditor', name: '审计员宋雪', department: '办公室', position: 'staff', roles: ['auditor'] },
  ...DEPARTMENTS.flatMap((d) =>
    (['head', 'deputy', 'staff', 'staff'] as const).map((position, i) => ({
      username: `${d.key}_${['head', 'deputy', 'staff1', 'staff2'][i]}`,
      name: d.people[i] as string,
      department: d.name,
      position,
    })),
  ),
];

export async function seedDemo(db: Database, config: Config, clock: Clock): Promise<void> {
  const services = createServices({ db, config, clock, log: pino({ level: 'silent' }) }, noMailer);
  const admin = await org.findUserForLogin(db, 'admin');
  if (!admin) throw new Error('the demo needs the bootstrap admin');
  const asUser = (u: {
    id: string;
    username: string;
    name: string;
    departmentId: string;
    position: Position;
    roles: readonly Role[];
  }): SessionUser => ({
    ...u,
    ip: '127.0.0.1',
  });
  const sysadmin = asUser(admin);

  const departmentIds = new Map<string, string>();
  for (const name of ['督办科', '办公室', ...DEPARTMENTS.map((d) => d.name)]) {
    departmentIds.set(name, (await services.org.createDepartment(sysadmin, { name })).id);
  }
  const people = new Map<string, SessionUser>();
  for (const u of USERS) {
    const created = await services.org.createUser(sysadmin, {
      username: u.username,
      name: u.name,
      password: DEMO_PASSWORD,
      departmentId: departmentIds.get(u.department) as string,
      position: u.position,
      roles: u.roles ?? [],
    });
    people.set(u.username, asUser(created));
  }
  const p = (username: string) => people.get(username) as SessionUser;
  const today = dateInZone(clock(), config.timeZone);

  async function register(
    title: string,
    lead: string,
    daysAgo: number,
    dueIn: number,
    extra: { assist?: string[]; source?: string; content?: string } = {},
  ) {
    const key = DEPARTMENTS.find((d) => d.name === lead)?.key as string;
    const item = await services.items.register(p('dbk1'), {
      title,
      source: extra.source ?? '领导批示',
      leadDepartmentId: departmentIds.get(lead) as string,
      assistDepartmentIds: (extra.assist ?? []).map((name) => departmentIds.get(name) as string),
      assignedAt: addDays(today, -daysAgo),
      dueAt: addDays(today, dueIn),
      content: extra.content ?? `${title}。请按要求落实，并按月报送办理进展。`,
      headId: p(`${key}_head`).id,
    });
    return { id: item.id, key };
  }

  async function pendingTask(user: SessionUser, itemId: string) {
    const { tasks } = await services.tasks.list(user, 'pending', 1, 200);
    const task = tasks.find((x) => x.itemId === itemId);
    if (!task) throw new Error(`${user.username} has no task on ${itemId}`);
    return task.id;
  }
  const act = async (username: string, itemId: string, input: TaskInput) =>
    services.tasks.complete(p(username), await pendingTask(p(username), itemId), input);
  /** A small PDF uploaded as `username` to the item or to their pending task on it. */
  const attach = (username: string, itemId: string, taskId: string | undefined, name: string, text: string) =>
    services.attachments.upload(p(username), itemId, taskId, {
      filename: name,
      stream: Readable.from([
        Buffer.from(
          `%PDF-1.4\n% ${text}\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
        ),
      ]),
    });
  const promised = addDays(today, 30);
  const selfDone = (extra: TaskInput = {}): TaskInput => ({
    decision: 'self',
    promisedAt: promised,
    outcome: 'apply_close',
    implementation: '已按要求完成，相关材料已归档。',
    ...extra,
  });
  const notDone: TaskInput = {
    decision: 'self',
    promisedAt: promised,
    outcome: 'not_done',
    reason: '涉及多个部门，协调尚未完成。',
    measures: '已建立周例会机制，月底前完成。',
  };

  // Waiting at each level of the registration flow.
  await register('2027年度部门预算编制', '财务处', 3, 60, { source: '上级交办' });
  const atDeputy = await register('干部教育培训计划落实', '人事处', 5, 45);
  await act('rs_head', atDeputy.id, {
    decision: 'delegate',
    delegateToId: p('rs_deputy').id,
    opinion: '请分管负责同志牵头办理。',
  });
  const atStaff = await register('政务信息系统等级保护测评', '信息中心', 8, 40, { source: '会议决定' });
  await act('xx_head', atStaff.id, { decision: 'delegate', delegateToId: p('xx_deputy').id });
  await act('xx_deputy', atStaff.id, {
    decision: 'delegate',
    delegateToId: p('xx_staff1').id,
    opinion: '请具体落实。',
  });

  // Waiting for approvals and for the 督办科 review.
  const deputyApproval = await register('办公用房清理整改', '综合处', 12, 20);
  await act('zh_head', deputyApproval.id, { decision: 'delegate', delegateToId: p('zh_deputy').id });
  await act('zh_deputy', deputyApproval.id, { decision: 'delegate', delegateToId: p('zh_staff1').id });
  await act('zh_staff1', deputyApproval.id, {
    promisedAt: promised,
    outcome: 'apply_close',
    implementation: '已完成清理，整改报告已起草。',
  });
  const headApproval = await register('差旅费报销制度修订', '财务处', 15, 25);
  await act('cw_head', headApproval.id, { decision: 'delegate', delegateToId: p('cw_deputy').id });
  await act('cw_deputy', headApproval.id, notDone);
  const review = await register('年度考核结果运用', '人事处', 20, 30, { source: '重点工作' });
  await act('rs_head', review.id, selfDone());

  // Returned (退回) to the staff member with an opinion.
  const returned = await register('网站内容安全检查', '信息中心', 10, 15);
  await act('xx_head', returned.id, { decision: 'delegate', delegateToId: p('xx_deputy').id });
  await act('xx_deputy', returned.id, { decision: 'delegate', delegateToId: p('xx_staff2').id });
  await act('xx_staff2', returned.id, {
    promisedAt: promised,
    outcome: 'apply_close',
    implementation: '已检查。',
  });
  await act('xx_deputy', returned.id, {
    action: 'return',
    opinion: '检查记录不完整，请补充各栏目的检查情况。',
  });

  // 其他单位协办: the assist flows are pending, one of them already reported and being acknowledged.
  const assisted = await register('机关食堂食品安全专项整治', '综合处', 30, 10, {
    assist: ['人事处'],
    source: '上级交办',
  });
  await act('zh_head', assisted.id, { decision: 'delegate', delegateToId: p('zh_deputy').id });
  await act('zh_deputy', assisted.id, { decision: 'delegate', delegateToId: p('zh_staff2').id });
  await act('zh_staff2', assisted.id, {
    promisedAt: promised,
    outcome: 'assist',
    assistHandlerIds: [p('rs_staff1').id, p('xx_staff1').id],
    opinion: '需人事处、信息中心配合。',
  });
  await act('zh_deputy', assisted.id, { action: 'approve' });
  await act('zh_head', assisted.id, { action: 'approve', opinion: '同意。' });
  await act('dbk1', assisted.id, { action: 'acknowledge', opinion: '请协办单位及时反馈。' });
  await act('rs_staff1', assisted.id, {
    outcome: 'apply_close',
    implementation: '已完成从业人员健康证核查。',
  });
  await act('zh_head', assisted.id, { opinion: '已阅。' });

  // A lead report (主办反馈) in progress, on an item whose registration flow ended.
  const reporting = await register('政府采购内控制度建设', '财务处', 90, 120, { source: '会议决定' });
  await act('cw_head', reporting.id, { decision: 'delegate', delegateToId: p('cw_deputy').id });
  await act('cw_deputy', reporting.id, { decision: 'delegate', delegateToId: p('cw_staff1').id });
  await act('cw_staff1', reporting.id, {
    promisedAt: promised,
    outcome: 'not_done',
    reason: '制度草案征求意见中。',
    measures: '月底前提交审议。',
  });
  await act('cw_deputy', reporting.id, { action: 'approve' });
  await act('cw_head', reporting.id, { action: 'approve' });
  await act('dbk1', reporting.id, { action: 'acknowledge' });
  await services.reports.file(p('cw_staff1'), reporting.id, {
    kind: 'lead',
    outcome: 'not_done',
    reason: '征求意见已完成，正在修改。',
    measures: '下月提交党组会审议。',
  });

  // Closed: 同意办结 by 督办科, and one ended (结束) early. The registration carries the 领导批示 scan
  // and the handling its evidence (§13), so the demo — and a backup of it — holds attachments.
  const closed = await register('节能降耗专项行动', '综合处', 60, -5, { source: '领导批示' });
  await attach(
    'dbk1',
    closed.id,
    undefined,
    '领导批示扫描件.pdf',
    '领导批示：请综合处牵头落实节能降耗专项行动。',
  );
  await attach(
    'zh_head',
    closed.id,
    await pendingTask(p('zh_head'), closed.id),
    '节能降耗落实情况.pdf',
    '落实情况：已完成。',
  );
  await act('zh_head', closed.id, selfDone());
  await act('dbk1', closed.id, { action: 'close', opinion: '同意办结。' });
  const ended = await register('老旧档案数字化', '信息中心', 45, 30);
  await services.items.close(p('dbk2'), ended.id, '并入年度信息化项目统一推进，结束督办。');

  // Overdue (red) and due soon (yellow), both waiting at the head.
  await register('固定资产清查盘点', '财务处', 40, -3, { source: '上级交办' });
  await register('人才引进政策梳理', '人事处', 25, 5);
}
