/**
 * 单位目录 (LDAP/AD): password checks by bind for directory users, and the sync of departments and
 * users into Duban — on demand (POST /api/org/sync) and every LDAP_SYNC_MINUTES, once per period
 * across instances (a `job_runs` row inserted with the changes, as reminders do with reminder_log).
 * Directory passwords are never stored; a sync never deletes or disables anyone (spec §10: leavers
 * go through the handover).
 */
import { readFileSync } from 'node:fs';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { Client, type Entry, Filter, InvalidCredentialsError } from 'ldapts';
import type { Database } from '../../../db/client';
import { jobRuns, users } from '../../../db/schema';
import { AppError, notFound } from '../../../domain/errors';
import {
  type DepartmentLine,
  type OrgPlan,
  type PersonLine,
  parsePosition,
  planFigures,
  planOrgImport,
  type RowError,
  splitPath,
} from '../../../domain/org-import';
import { newId } from '../../../platform/ids';
import type { LdapConfig } from '../../config';
import type { AppContext } from '../../context';
import { requireRole } from '../../guards';
import type { SessionUser } from '../../session';
import { insertAuditEvents } from '../audit/repository';
import { applyOrgPlan, auditOfPlan, loadOrganisation, type OrgChangeAnswer } from '../org/import';
import { lockOrganisation } from '../org/repository';
import { ouPath } from './dn';

const SHEETS = { departments: '目录部门', people: '目录' };
const UNAVAILABLE = '单位目录（LDAP）暂时无法连接，请稍后再试';
const JOB = 'ldap_sync';

/** What the directory holds, as lines for the planner. */
interface DirectoryRead {
  departments: DepartmentLine[];
  people: PersonLine[];
  /** Entry DN of each person line's row. */
  dnByRow: Map<number, string>;
  /** Entries that cannot become users at all (no username, no department). */
  errors: RowError[];
}

function first(entry: Entry, attribute: string): string | undefined {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  const value = key === undefined ? undefined : entry[key];
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined) return undefined;
  const trimmed = (Buffer.isBuffer(text) ? text.toString('utf8') : String(text)).trim();
  return trimmed === '' ? undefined : trimmed;
}

function isConnectionProblem(error: unknown): boolean {
  if (error instanceof AppError) return false;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : '';
  return (
    typeof code === 'string' ||
    /connect|timeout|timed out|socket|closed|TLS|certificate|ECONN|EHOST/i.test(message)
  );
}

export function createDirectoryService(
  ctx: AppContext,
  hooks: { onUserChanged?: (userId: string) => void } = {},
) {
  const { db, clock, log } = ctx;
  const ldap: LdapConfig | undefined = ctx.config.ldap;
  const ca = ldap?.caFile ? readFileSync(ldap.caFile) : undefined;

  function settings(): LdapConfig {
    if (!ldap) throw notFound('未配置单位目录（LDAP）');
    return ldap;
  }

  /** A connection, upgraded by StartTLS when configured, bound as the service account. */
  async function connect(config: LdapConfig): Promise<Client> {
    const tlsOptions = ca ? { ca } : {};
    const client = new Client({
      url: config.url,
      connectTimeout: 5_000,
      timeout: 15_000,
      strictDN: false,
      // Only for ldaps://: ldapts opens a TLS socket at once whenever it is given TLS options.
      ...(config.url.startsWith('ldaps://') ? { tlsOptions } : {}),
    });
    try {
      // The certificate is checked against the URL's host (ldapts would use its own default).
      if (config.startTls) await client.startTLS({ ...tlsOptions, host: new URL(config.url).hostname });
      if (config.bindDn) await client.bind(config.bindDn, config.bindPassword);
      return client;
    } catch (error) {
      await client.unbind().catch(() => {});
      throw error;
    }
  }

  /** Runs `work` on a service connection; a directory that cannot be reached is a 503. */
  async function withDirectory<T>(work: (client: Client, config: LdapConfig) => Promise<T>): Promise<T> {
    const config = settings();
    let client: Client | undefined;
    try {
      client = await connect(config);
      return await work(client, config);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) {
        log.error({ err: error }, 'LDAP service account bind refused (LDAP_BIND_DN / LDAP_BIND_PASSWORD)');
        throw new AppError('unavailable', UNAVAILABLE);
      }
      if (isConnectionProblem(error)) {
        log.warn({ err: error }, 'LDAP directory unreachable');
        throw new AppError('unavailable', UNAVAILABLE);
      }
      throw error;
    } finally {
      await client?.unbind().catch(() => {});
    }
  }

  const userFilter = (config: LdapConfig, username?: string) =>
    username === undefined
      ? config.userFilter
      : `(&${config.userFilter}(${config.attributes.username}=${Filter.escape(username)}))`;

  /** The directory's users (and their departments) as planner lines. */
  async function read(): Promise<DirectoryRead> {
    return withDirectory(async (client, config) => {
      const { attributes } = config;
      const { searchEntries } = await client.search(config.baseDn, {
        scope: 'sub',
        filter: userFilter(config),
        attributes: [
          attributes.username,
          attributes.name,
          attributes.email,
          attributes.phone,
          ...(attributes.department ? [attributes.department] : []),
          ...(attributes.position ? [attributes.position] : []),
        ],
        paged: true,
      });
      const result: DirectoryRead = { departments: [], people: [], dnByRow: new Map(), errors: [] };
      const paths = new Set<string>();
      for (const [index, entry] of searchEntries.entries()) {
        const row = index + 1;
        const fail = (field: string, message: string) => {
          result.errors.push({ sheet: SHEETS.people, row, field, message, dn: entry.dn });
        };
        const username = first(entry, attributes.username);
        if (!username) {
          fail(attributes.username, `目录条目没有 ${attributes.username}（用户名）`);
          continue;
        }
        const department = attributes.department
          ? first(entry, attributes.department)
          : ouPath(entry.dn, config.baseDn);
        if (!department) {
          fail(
            attributes.department ?? 'ou',
            attributes.department
              ? `目录条目没有 ${attributes.department}（部门）`
              : '目录条目不在任何组织单位（OU）中，无法确定部门',
          );
          continue;
        }
        const segments = splitPath(department);
        for (let depth = 1; depth <= segments.length; depth++) paths.add(segments.slice(0, depth).join('/'));
        // A position the directory holds in other words (处长, Manager) keeps what the user has.
        const positionText = attributes.position ? first(entry, attributes.position) : undefined;
        const position = positionText && parsePosition(positionText) ? positionText : undefined;
        result.people.push({
          row,
          username,
          name: first(entry, attributes.name) ?? '',
          department: segments.join('/'),
          position,
          email: first(entry, attributes.email),
          phone: first(entry, attributes.phone),
        });
        result.dnByRow.set(row, entry.dn);
      }
      result.departments = [...paths].sort().map((path, i) => ({ row: i + 1, path }));
      return result;
    });
  }

  /**
   * Applies what the directory holds. Entries with errors are skipped and listed; the rest is
   * applied (unlike the Excel import: one odd entry must not hold back every new colleague).
   * `period`: the scheduled run's period, claimed in the same transaction (null when another
   * instance had it).
   */
  async function apply(actor: SessionUser | null, trigger: 'manual' | 'scheduled', period?: string) {
    const directory = await read();
    const now = clock();
    const outcome = await db.transaction(async (tx) => {
      await lockOrganisation(tx);
      if (period !== undefined) {
        const claimed = await tx
          .insert(jobRuns)
          .values({ job: JOB, period, ranAt: now })
          .onConflictDoNothing()
          .returning({ period: jobRuns.period });
        if (claimed.length === 0) return null;
      }
      const existing = await loadOrganisation(tx);
      const plan: OrgPlan = planOrgImport({
        departments: directory.departments,
        people: directory.people,
        existing,
        importerId: null,
        sheets: SHEETS,
        newId,
      });
      for (const error of plan.errors) {
        const dn = error.sheet === SHEETS.people ? directory.dnByRow.get(error.row) : undefined;
        if (dn) error.dn = dn;
      }
      plan.errors.unshift(...directory.errors);
      await applyOrgPlan(tx, plan, now, () => ({
        passwordHash: null,
        mustChangePassword: false,
        source: 'ldap',
      }));
      // Matched users sign in through the directory from now on — but sysadmins keep their local
      // password, so that 系统管理 stays reachable when the directory is down.
      const sysadmins = new Set(existing.users.filter((u) => u.roles.includes('sysadmin')).map((u) => u.id));
      const convert = existing.users
        .filter((u) => plan.users.matched.includes(u.id) && u.source === 'local' && !sysadmins.has(u.id))
        .map((u) => u.id);
      if (convert.length > 0) {
        await tx
          .update(users)
          .set({ source: 'ldap', passwordHash: null, mustChangePassword: false, updatedAt: now })
          .where(and(inArray(users.id, convert), eq(users.source, 'local')));
      }
      await insertAuditEvents(tx, [
        {
          at: now,
          actorId: actor?.id ?? null,
          ip: actor?.ip ?? null,
          action: 'org.sync',
          detail: {
            trigger,
            ...(period ? { period } : {}),
            ...auditOfPlan(plan),
            usersNowDirectory: convert.length,
            errorList: plan.errors.slice(0, 200),
          },
        },
      ]);
      return { plan, changed: [...plan.users.update.map((c) => c.after.id), ...convert] };
    });
    if (!outcome) return null;
    for (const id of outcome.changed) hooks.onUserChanged?.(id);
    const answer: OrgChangeAnswer = {
      ...planFigures(outcome.plan),
      errors: outcome.plan.errors,
      applied: true,
    };
    log.info(
      { trigger, ...planFigures(outcome.plan), errors: outcome.plan.errors.length },
      'directory synced',
    );
    return answer;
  }

  return {
    enabled: ldap !== undefined,

    /**
     * A directory user's password, checked by binding as their entry (found by username through the
     * service account). false for a wrong password or no such entry; 503 when unreachable.
     */
    async verifyPassword(username: string, password: string): Promise<boolean> {
      // An empty password would be an unauthenticated bind, which servers accept as anonymous.
      if (password === '') return false;
      return withDirectory(async (client, config) => {
        const { searchEntries } = await client.search(config.baseDn, {
          scope: 'sub',
          filter: userFilter(config, username),
          attributes: ['1.1'],
          sizeLimit: 2,
        });
        if (searchEntries.length !== 1) return false;
        try {
          await client.bind((searchEntries[0] as Entry).dn, password);
          return true;
        } catch (error) {
          if (error instanceof InvalidCredentialsError) return false;
          throw error;
        }
      });
    },

    /** POST /api/org/sync */
    async syncNow(actor: SessionUser): Promise<OrgChangeAnswer> {
      requireRole(actor, ['sysadmin'], '仅系统管理员可同步单位目录');
      settings();
      return (await apply(actor, 'manual')) as OrgChangeAnswer;
    },

    /**
     * The scheduler's run: once per LDAP_SYNC_MINUTES period, whichever instance comes first.
     * Answers null when not due here (off, or the period already ran).
     */
    async syncScheduled(): Promise<OrgChangeAnswer | null> {
      if (!ldap || ldap.syncMinutes === 0) return null;
      const period = String(Math.floor(clock().getTime() / (ldap.syncMinutes * 60_000)));
      // Cheap check first, so that other instances do not query the directory for nothing.
      if (await periodRan(db, period)) return null;
      return apply(null, 'scheduled', period);
    },
  };
}

async function periodRan(db: Database, period: string): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(jobRuns)
    .where(and(eq(jobRuns.job, JOB), eq(jobRuns.period, period)));
  return row !== undefined;
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;
