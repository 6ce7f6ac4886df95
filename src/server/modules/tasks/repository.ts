import { sql } from 'drizzle-orm';
import { type Database, queryRows } from '../../../db/client';
import type { FlowKind, TaskKind } from '../../../domain/types';

export interface TaskListRow {
  id: string;
  // tasks.kind and flows.kind are the domain's unions (the schema's enums).
  kind: TaskKind;
  state: 'pending' | 'done';
  item_id: string;
  item_number: string;
  item_title: string;
  item_status: 'open' | 'closed';
  item_due_at: string;
  flow_id: string;
  flow_kind: FlowKind;
  sender_id: string | null;
  sender_name: string | null;
  created_at: Date | string;
  completed_at: Date | string | null;
  returned: boolean;
  read_at: Date | string | null;
  on_behalf_of_id: string | null;
  on_behalf_of_name: string | null;
}

/**
 * The state as a literal, not a parameter: the partial indexes tasks_pending_idx and tasks_done_idx
 * hold one state each, and a plan the server caches for a named statement (a generic plan) can use
 * them only if the predicate is in the text.
 */
const stateIs = (state: 'pending' | 'done') =>
  state === 'pending' ? sql`state = 'pending'` : sql`state = 'done'`;

/**
 * 待办事项 / 已办事项 of one user, newest first (pending by arrival, done by completion; the id breaks
 * ties), one page. The page is an ordered range of tasks_pending_idx / tasks_done_idx read backwards,
 * and only its rows are joined to their item, flow and sender (no query per row).
 */
export function listTasksOf(
  db: Database,
  userId: string,
  state: 'pending' | 'done',
  limit: number,
  offset: number,
) {
  const order = state === 'pending' ? sql`t.created_at desc, t.id desc` : sql`t.completed_at desc, t.id desc`;
  return queryRows<TaskListRow>(
    db,
    sql`
      select t.id, t.kind, t.state, t.item_id, i.number as item_number, i.title as item_title,
        i.status as item_status, i.due_at as item_due_at, t.flow_id, f.kind as flow_kind, t.sender_id,
        s.name as sender_name, t.created_at, t.completed_at, t.returned, t.read_at, t.on_behalf_of_id,
        o.name as on_behalf_of_name
      from (
        select t.id, t.kind, t.state, t.item_id, t.flow_id, t.sender_id, t.created_at, t.completed_at, t.returned,
          t.read_at, t.on_behalf_of_id
        from tasks t where t.assignee_id = ${userId} and t.${stateIs(state)}
        order by ${order} limit ${limit} offset ${offset}
      ) t
      join items i on i.id = t.item_id
      join flows f on f.id = t.flow_id
      left join users s on s.id = t.sender_id
      left join users o on o.id = t.on_behalf_of_id
      order by ${order}`,
  );
}

export async function countTasksOf(db: Database, userId: string, state: 'pending' | 'done'): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from tasks where assignee_id = ${userId} and ${stateIs(state)}`,
  );
  return row?.n ?? 0;
}

export async function findTaskItemId(db: Database, taskId: string): Promise<string | undefined> {
  const [row] = await queryRows<{ item_id: string }>(db, sql`select item_id from tasks where id = ${taskId}`);
  return row?.item_id;
}
