/** The urge log (催办记录, spec §11): one row per 催办 with its recipients; the latest gates the interval. */
import { desc, eq, sql } from 'drizzle-orm';
import { type Database, queryRows } from '../../../db/client';
import { itemUrges } from '../../../db/schema';

export type UrgeRow = typeof itemUrges.$inferInsert;

export async function lastUrge(db: Database, itemId: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: itemUrges.at })
    .from(itemUrges)
    .where(eq(itemUrges.itemId, itemId))
    .orderBy(desc(itemUrges.at))
    .limit(1);
  return row?.at ?? null;
}

export async function insertUrge(db: Database, row: UrgeRow): Promise<void> {
  await db.insert(itemUrges).values(row);
}

/** Every urge on the item, newest first: who, when, message, recipients (with names). */
export async function listUrges(db: Database, itemId: string) {
  const rows = await queryRows<{
    at: Date | string;
    by_id: string;
    by_name: string | null;
    message: string | null;
    recipient_ids: string[];
    recipient_names: string[] | null;
  }>(
    db,
    // JSON rather than arrays: the same parsing on the embedded database and on a server.
    sql`select u.at, u.by_id, b.name as by_name, u.message, to_json(u.recipient_ids) as recipient_ids,
        (select json_agg(r.name order by r.name) from users r where r.id = any(u.recipient_ids)) as recipient_names
      from item_urges u left join users b on b.id = u.by_id
      where u.item_id = ${itemId} order by u.at desc`,
  );
  return rows.map((r) => ({
    at: new Date(r.at).toISOString(),
    byId: r.by_id,
    byName: r.by_name,
    message: r.message,
    recipientIds: r.recipient_ids ?? [],
    recipientNames: r.recipient_names ?? [],
  }));
}
