import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { newId } from '../platform/ids';
import { insertAuditEvents } from './modules/audit/repository';
import { pinyinKey } from './modules/org/pinyin';
import * as org from './modules/org/repository';
import { hashPassword } from './passwords';

export const DEFAULT_SOURCES = ['上级交办', '领导批示', '会议决定', '重点工作', '其他'];
const SYSTEM_DEPARTMENT = '系统管理';
/** Arbitrary constant: serialises first-start set-up across instances starting together. */
const BOOTSTRAP_LOCK = 727_001;

export interface BootstrapResult {
  /** Set when this start created `admin`; `generated` when no password was configured. */
  admin?: { username: 'admin'; password: string; generated: boolean };
}

/**
 * First start on an empty database: the `admin` sysadmin (with the configured password, or a
 * random one that is printed once) and the default 督办来源 dictionary.
 */
export async function bootstrap(
  db: Database,
  now: Date,
  configuredPassword: string | undefined,
): Promise<BootstrapResult> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`);
    if ((await org.countUsers(tx)) > 0) return {};
    const generated = configuredPassword === undefined;
    // Letters and digits, so that it satisfies the password policy.
    const password = configuredPassword ?? `Db${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}9`;
    const department = (await org.findDepartmentByName(tx, SYSTEM_DEPARTMENT)) ?? {
      id: newId(),
      name: SYSTEM_DEPARTMENT,
      parentId: null,
      sortOrder: 9999,
    };
    if (!(await org.findDepartment(tx, department.id)))
      await org.insertDepartment(tx, { ...department, createdAt: now });
    const id = newId();
    await org.insertUser(tx, {
      id,
      username: 'admin',
      name: '系统管理员',
      pinyin: pinyinKey('系统管理员'),
      passwordHash: await hashPassword(password),
      departmentId: department.id,
      position: 'staff',
      disabled: false,
      roles: ['sysadmin'],
      createdAt: now,
    });
    if ((await org.listSources(tx)).length === 0) await org.replaceSources(tx, DEFAULT_SOURCES);
    await insertAuditEvents(tx, [
      {
        at: now,
        actorId: null,
        action: 'org.bootstrap',
        detail: { admin: id, generatedPassword: generated },
      },
    ]);
    return { admin: { username: 'admin', password, generated } };
  });
}
