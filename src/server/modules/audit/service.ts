import type { Database } from '../../../db/client';
import { AppError } from '../../../domain/errors';
import type { Actor } from '../../../domain/types';
import { loadUserRefs } from '../../../platform/repository';
import type { AppContext } from '../../context';
import { nameOrSystem } from '../org/names';
import { type AuditEventRow, type AuditFilter, findAuditEvents } from './repository';

/** Audit rows with their actors' names (one lookup for all of them). */
export async function presentAuditEvents(db: Database, rows: AuditEventRow[]) {
  const names = await loadUserRefs(
    db,
    rows.flatMap((r) => (r.actorId ? [r.actorId] : [])),
  );
  return rows.map((r) => ({
    id: String(r.id),
    at: r.at.toISOString(),
    actorId: r.actorId,
    actorName: nameOrSystem(r.actorId, names),
    action: r.action,
    itemId: r.itemId,
    ip: r.ip,
    detail: r.detail,
  }));
}

/** 安全审计: auditors and sysadmins read every event. */
export function createAuditService(ctx: AppContext) {
  return {
    async list(actor: Actor, filter: AuditFilter, page: number, pageSize: number) {
      if (!actor.roles.includes('auditor') && !actor.roles.includes('sysadmin')) {
        throw new AppError('forbidden', '仅审计员或系统管理员可查看审计日志');
      }
      const { rows, total } = await findAuditEvents(ctx.db, filter, pageSize, (page - 1) * pageSize);
      return {
        events: await presentAuditEvents(ctx.db, rows),
        total,
      };
    },
  };
}
