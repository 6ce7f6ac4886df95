import { AppError } from '../../../domain/errors';
import type { Actor } from '../../../domain/types';
import type { AppContext } from '../../context';
import { loadUserRefs } from '../org/repository';
import { type AuditFilter, findAuditEvents } from './repository';

/** 安全审计: auditors and sysadmins read every event. */
export function createAuditService(ctx: AppContext) {
  return {
    async list(actor: Actor, filter: AuditFilter, page: number, pageSize: number) {
      if (!actor.roles.includes('auditor') && !actor.roles.includes('sysadmin')) {
        throw new AppError('forbidden', '仅审计员或系统管理员可查看审计日志');
      }
      const { rows, total } = await findAuditEvents(ctx.db, filter, pageSize, (page - 1) * pageSize);
      const names = await loadUserRefs(
        ctx.db,
        rows.flatMap((r) => (r.actorId ? [r.actorId] : [])),
      );
      return {
        events: rows.map((r) => ({
          id: String(r.id),
          at: r.at.toISOString(),
          actorId: r.actorId,
          actorName: r.actorId === null ? '系统' : (names.get(r.actorId)?.name ?? null),
          action: r.action,
          itemId: r.itemId,
          ip: r.ip,
          detail: r.detail,
        })),
        total,
      };
    },
  };
}
