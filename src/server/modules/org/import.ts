/**
 * 导入组织架构 (POST /api/org/import): reads the workbook, plans with the pure planner, and — when
 * not a dry run and nothing is wrong — applies everything in one transaction. New users get one-time
 * passwords, handed back once as an encrypted .xlsx (see `importFiles` in the schema).
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { importFiles } from '../../../db/schema';
import { AppError, notFound, validation } from '../../../domain/errors';
import {
  departmentPaths,
  type OrgPlan,
  planFigures,
  planOrgImport,
  type RowError,
} from '../../../domain/org-import';
import { newId } from '../../../platform/ids';
import type { AppContext } from '../../context';
import { isUuid, requireRole } from '../../guards';
import { generateOneTimePassword, hashOneTimePassword } from '../../passwords';
import type { SessionUser } from '../../session';
import { WorkbookProblem } from '../../workbook';
import { insertAuditEvents } from '../audit/repository';
import { pinyinKey } from './pinyin';
import * as repo from './repository';
import { buildOrgTemplate, buildPasswordsWorkbook, readOrgWorkbook } from './workbook';

const HOUR = 3_600_000;
/**
 * One-time passwords hashed at once: the size of libuv's thread pool, where @node-rs/argon2 runs.
 * Awaiting each batch leaves the pool (and the event loop) to other requests in between — a
 * sign-in waits for at most one batch, not for the whole import.
 */
const HASH_BATCH = 4;

export interface OrgChangeAnswer {
  departments: { created: number; updated: number; unchanged: number };
  users: { created: number; updated: number; unchanged: number };
  errors: RowError[];
  applied: boolean;
  passwordsFile?: string;
}

export interface ImportHooks {
  /** Called after each batch of one-time passwords is hashed (tests watch the import from here). */
  onPasswordsHashed?: (done: number, total: number) => void;
  /** Users changed: cached sessions must read them afresh. */
  onUserChanged?: (userId: string) => void;
}

/** What the organisation looks like now, as the planner needs it. */
export async function loadOrganisation(db: Database) {
  const [departments, allUsers] = await Promise.all([repo.listDepartments(db), repo.listAllUsers(db)]);
  return { departments, users: allUsers };
}

/**
 * Writes a plan (the caller holds the organisation lock, inside its transaction). `newUser` gives
 * what a created user signs in with.
 */
export async function applyOrgPlan(
  tx: Database,
  plan: OrgPlan,
  now: Date,
  newUser: (id: string) => {
    passwordHash: string | null;
    mustChangePassword: boolean;
    source: 'local' | 'ldap';
  },
) {
  await repo.insertDepartments(
    tx,
    plan.departments.create.map(({ path: _path, ...d }) => ({ ...d, createdAt: now })),
  );
  for (const change of plan.departments.update) {
    await repo.updateDepartment(tx, change.id, { sortOrder: change.sortOrder });
  }
  await repo.insertUsers(
    tx,
    plan.users.create.map((u) => ({ ...u, pinyin: pinyinKey(u.name), ...newUser(u.id) })),
    now,
  );
  for (const { before, after } of plan.users.update) {
    await repo.updateUser(
      tx,
      after.id,
      {
        name: after.name,
        ...(after.name === before.name ? {} : { pinyin: pinyinKey(after.name) }),
        departmentId: after.departmentId,
        position: after.position,
        email: after.email,
        phone: after.phone,
      },
      now,
    );
    if (after.roles.join() !== before.roles.join()) await repo.setRoles(tx, after.id, after.roles, now);
  }
}

/** What the audit keeps of a plan: names and changes, never a password. */
export function auditOfPlan(plan: OrgPlan) {
  return {
    ...planFigures(plan),
    departmentsCreated: plan.departments.create.map((d) => d.path),
    departmentsUpdated: plan.departments.update,
    usersCreated: plan.users.create.map((u) => u.username),
    usersUpdated: plan.users.update.map(({ before, after }) => ({ userId: after.id, before, after })),
    errors: plan.errors.length,
  };
}

/** The key of one passwords file: only the session that imported holds the token it comes from. */
const fileKey = (sessionToken: string, fileId: string) =>
  createHmac('sha256', sessionToken).update(`duban-import-passwords:${fileId}`).digest();

function encrypt(key: Buffer, data: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(data), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

function decrypt(key: Buffer, stored: string): Buffer | undefined {
  const raw = Buffer.from(stored, 'base64');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
  } catch {
    return undefined;
  }
}

export function createOrgImportService(ctx: AppContext, hooks: ImportHooks = {}) {
  const { db, clock, config } = ctx;
  const SYSADMIN_ONLY = '仅系统管理员可导入组织架构';

  /** Hashes one-time passwords a batch at a time (see HASH_BATCH). */
  async function hashAll(passwords: Map<string, string>): Promise<Map<string, string>> {
    const entries = [...passwords];
    const hashes = new Map<string, string>();
    for (let i = 0; i < entries.length; i += HASH_BATCH) {
      const batch = entries.slice(i, i + HASH_BATCH);
      const done = await Promise.all(batch.map(([, password]) => hashOneTimePassword(password)));
      batch.forEach(([id], j) => {
        hashes.set(id, done[j] as string);
      });
      hooks.onPasswordsHashed?.(hashes.size, entries.length);
    }
    return hashes;
  }

  return {
    assertCanImport(actor: SessionUser) {
      requireRole(actor, ['sysadmin'], SYSADMIN_ONLY);
    },

    async template(actor: SessionUser) {
      requireRole(actor, ['sysadmin'], SYSADMIN_ONLY);
      return buildOrgTemplate();
    },

    /**
     * Plans the workbook; applies it unless `dryRun` or any row error. The answer's figures say what
     * the import does or would do.
     */
    async importWorkbook(
      actor: SessionUser,
      sessionToken: string,
      fileName: string,
      data: Buffer,
      dryRun: boolean,
    ): Promise<OrgChangeAnswer> {
      requireRole(actor, ['sysadmin'], SYSADMIN_ONLY);
      let sheets: Awaited<ReturnType<typeof readOrgWorkbook>>;
      try {
        sheets = await readOrgWorkbook(data);
      } catch (error) {
        if (error instanceof WorkbookProblem) {
          if (error.kind === 'type')
            throw new AppError('unsupported_type', error.message, { file: error.message });
          throw validation({ file: error.message }, error.message);
        }
        throw error;
      }
      const planWith = (existing: Awaited<ReturnType<typeof loadOrganisation>>) => {
        const plan = planOrgImport({
          departments: sheets.departments,
          people: sheets.people,
          existing,
          importerId: actor.id,
          newId,
        });
        plan.errors.unshift(...sheets.errors);
        return plan;
      };
      let plan = planWith(await loadOrganisation(db));
      const audit = async (applied: boolean, passwordsFile: boolean) =>
        insertAuditEvents(db, [
          {
            at: clock(),
            actorId: actor.id,
            ip: actor.ip,
            action: 'org.import',
            detail: { fileName, dryRun, applied, passwordsFile, ...auditOfPlan(plan) },
          },
        ]);
      const answer = (applied: boolean, passwordsFile?: string): OrgChangeAnswer => ({
        ...planFigures(plan),
        errors: plan.errors,
        applied,
        ...(passwordsFile ? { passwordsFile } : {}),
      });
      if (dryRun || plan.errors.length > 0) {
        await audit(false, false);
        return answer(false);
      }

      // The slow part, before the transaction so that the database is not held meanwhile.
      const passwords = new Map(
        plan.users.create.map((u) => [u.id, generateOneTimePassword(config.password.minLength)]),
      );
      const hashes = await hashAll(passwords);

      const now = clock();
      const applied = await db.transaction(async (tx) => {
        await repo.lockOrganisation(tx);
        // Planned again under the lock: another import or a sync may have run meanwhile. Users are
        // never deleted, so the users to create now are among those hashed for (same usernames).
        const fresh = planWith(await loadOrganisation(tx));
        if (fresh.errors.length > 0) return { plan: fresh, ok: false };
        const idByUsername = new Map(plan.users.create.map((u) => [u.username.toLowerCase(), u.id]));
        for (const user of fresh.users.create)
          user.id = idByUsername.get(user.username.toLowerCase()) ?? user.id;
        await applyOrgPlan(tx, fresh, now, (id) => {
          const passwordHash = hashes.get(id);
          if (!passwordHash) throw new Error('a user to create has no one-time password');
          return { passwordHash, mustChangePassword: true, source: 'local' };
        });
        return { plan: fresh, ok: true };
      });
      plan = applied.plan;
      if (!applied.ok) {
        await audit(false, false);
        return answer(false);
      }
      for (const { after } of plan.users.update) hooks.onUserChanged?.(after.id);

      let passwordsFile: string | undefined;
      if (plan.users.create.length > 0) {
        const paths = departmentPaths(await repo.listDepartments(db));
        const workbook = await buildPasswordsWorkbook(
          plan.users.create.map((u) => ({
            username: u.username,
            name: u.name,
            department: paths.get(u.departmentId) ?? '',
            password: passwords.get(u.id) ?? '',
          })),
        );
        const id = newId();
        await db.insert(importFiles).values({
          id,
          ownerId: actor.id,
          createdAt: now,
          expiresAt: new Date(now.getTime() + HOUR),
          data: encrypt(fileKey(sessionToken, id), workbook),
        });
        passwordsFile = `/api/org/import/passwords/${id}`;
      }
      await audit(true, passwordsFile !== undefined);
      return answer(true, passwordsFile);
    },

    /**
     * GET passwordsFile: the importing session gets the file once within the hour; then, or for
     * anyone else, it does not exist.
     */
    async downloadPasswords(actor: SessionUser, sessionToken: string, id: string): Promise<Buffer> {
      requireRole(actor, ['sysadmin'], SYSADMIN_ONLY);
      const now = clock();
      const file = !isUuid(id)
        ? undefined
        : await db.transaction(async (tx) => {
            const [row] = await tx
              .select()
              .from(importFiles)
              .where(
                and(
                  eq(importFiles.id, id),
                  eq(importFiles.ownerId, actor.id),
                  gt(importFiles.expiresAt, now),
                ),
              )
              .for('update');
            const data = row && decrypt(fileKey(sessionToken, row.id), row.data);
            if (!data) return undefined;
            await tx.delete(importFiles).where(eq(importFiles.id, id));
            await insertAuditEvents(tx, [
              {
                at: now,
                actorId: actor.id,
                ip: actor.ip,
                action: 'org.import.passwords_download',
                detail: { fileId: id },
              },
            ]);
            return data;
          });
      if (!file) throw notFound('初始密码文件不存在、已下载过或已过期（一小时内可下载一次）');
      return file;
    },

    /** Drops passwords files past their hour (the scheduler calls this on every instance). */
    async purgeExpiredFiles() {
      await db.delete(importFiles).where(lt(importFiles.expiresAt, clock()));
    },
  };
}

export type OrgImportService = ReturnType<typeof createOrgImportService>;
