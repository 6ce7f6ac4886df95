import { AppError } from '../../../domain/errors';
import type { Actor } from '../../../domain/types';
import type { AppContext } from '../../context';
import { type AuditFilter, findAuditEvents } from './repository';

/** 安全审计: auditors and sysadmins read every event. */
export function createAuditService(ctx: AppContext) {
  return {
    async list(actor: Actor, filter: AuditFilter, page: number, pageSize: number) {
      if (!actor.roles.includes('auditor') && !actor.roles.includes('sysadmin')) {
        throw new AppError('forbidden', '仅审计员或系统管理员可查看审计日志');
      }
      const { rows, total } = await findAuditEvents(ctx.db, filter, pageSize, (page - 1) * pageSize);
      return {
        events: rows.map((r) => ({
          id: String(r.id),
          at: r.at.toISOString(),
          actorId: r.actorId,
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
