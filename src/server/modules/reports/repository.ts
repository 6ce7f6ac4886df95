import { sql } from 'drizzle-orm';
import { type Database, queryRows } from '../../../db/client';
import type { Outcome } from '../../../domain/types';

export interface EligibleRow {
  id: string;
  number: string;
  title: string;
  source: string;
  lead_department_id: string;
  assist_department_ids: string[];
  assigned_at: string;
  due_at: string;
  content: string;
  status: 'open' | 'closed';
  result: Outcome | null;
  promised_at: string | null;
  role: string;
  /** The caller's own last submitted handling result on the item (spec §12: the form starts from it). */
  last_report: Record<string, unknown> | null;
}

/**
 * The 关联 picker: open items where the user is a current handler of the kind (lead roles or
 * assist) and whose registration flow has ended (spec §6).
 */
export function listEligibleItems(db: Database, userId: string, kind: 'lead' | 'assist') {
  const roles = kind === 'lead' ? sql`('head', 'deputy', 'staff')` : sql`('assist')`;
  return queryRows<EligibleRow>(
    db,
    sql`
      select i.id, i.number, i.title, i.source, i.lead_department_id, i.assist_department_ids, i.assigned_at,
        i.due_at, i.content, i.status, i.result, i.promised_at, h.role, last.input as last_report
      from item_handlers h
      join items i on i.id = h.item_id
      left join lateral (
        select t.input from tasks t
        where t.item_id = i.id and t.assignee_id = ${userId} and t.state = 'done'
          and t.input->>'outcome' is not null
          ${kind === 'assist' ? sql`and t.input->>'outcome' in ('apply_close', 'not_done')` : sql``}
        order by t.completed_at desc, t.seq desc limit 1
      ) last on true
      where h.user_id = ${userId} and h.role in ${roles} and i.status = 'open'
        and not exists (
          select 1 from flows f where f.item_id = i.id and f.kind = 'registration' and f.status = 'active')
      order by i.assigned_at desc, i.number desc`,
  );
}
