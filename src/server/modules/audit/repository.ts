import { and, count, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { auditEvents } from '../../../db/schema';

export interface AuditEventInput {
  at: Date;
  actorId: string | null;
  action: string;
  itemId?: string | null;
  ip?: string | null;
  detail?: Record<string, unknown>;
}

export async function insertAuditEvents(db: Database, events: AuditEventInput[]): Promise<void> {
  if (events.length === 0) return;
  await db.insert(auditEvents).values(
    events.map((e) => ({
      at: e.at,
      actorId: e.actorId,
      action: e.action,
      itemId: e.itemId ?? null,
      ip: e.ip ?? null,
      detail: e.detail ?? {},
    })),
  );
}

export type AuditEventRow = typeof auditEvents.$inferSelect;

export interface AuditFilter {
  actorId?: string | undefined;
  action?: string | undefined;
  itemId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

function where(filter: AuditFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.actorId) conditions.push(eq(auditEvents.actorId, filter.actorId));
  if (filter.action) conditions.push(eq(auditEvents.action, filter.action));
  if (filter.itemId) conditions.push(eq(auditEvents.itemId, filter.itemId));
  if (filter.from) conditions.push(gte(auditEvents.at, filter.from));
  if (filter.to) conditions.push(lte(auditEvents.at, filter.to));
  return conditions.length > 0 ? and(...conditions) : undefined;
}

export async function findAuditEvents(db: Database, filter: AuditFilter, limit: number, offset: number) {
  const condition = where(filter);
  const [rows, totals] = await Promise.all([
    db
      .select()
      .from(auditEvents)
      .where(condition)
      .orderBy(desc(auditEvents.at), desc(auditEvents.id))
      .limit(limit)
      .offset(offset),
    db.select({ total: count() }).from(auditEvents).where(condition),
  ]);
  return { rows, total: totals[0]?.total ?? 0 };
}
