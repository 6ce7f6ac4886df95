/**
 * EXPLAIN ANALYZE of the hot statements exactly as the application issues them: the services run on a
 * Drizzle instance whose logger records every statement with its parameters (the completion inside a
 * transaction that is rolled back), then each statement is replayed under EXPLAIN (ANALYZE, BUFFERS)
 * in order, inside another transaction that is rolled back too. The scratch data is left unchanged.
 */

import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import pino from 'pino';
import type { Database } from '../../src/db/client';
import * as schema from '../../src/db/schema';
import type { TaskInput } from '../../src/domain/types';
import { noMailer } from '../../src/platform/mailer';
import { createServices, type Services } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import type { SessionUser } from '../../src/server/session';

export interface ExplainedStatement {
  sql: string;
  params: unknown[];
  plan: string;
  /** Execution Time of the replay, ms. */
  executionMs: number | undefined;
}

export interface ExplainedOperation {
  label: string;
  statements: ExplainedStatement[];
}

class Rollback extends Error {}

export async function loadActor(pool: pg.Pool, userId: string): Promise<SessionUser> {
  const { rows } = await pool.query<{
    id: string;
    username: string;
    name: string;
    department_id: string;
    position: SessionUser['position'];
    roles: SessionUser['roles'] | null;
  }>(
    `select u.id, u.username, u.name, u.department_id, u.position,
       (select array_agg(r.role order by r.role) from role_grants r where r.user_id = u.id) as roles
     from users u where u.id = $1`,
    [userId],
  );
  const row = rows[0];
  if (!row) throw new Error(`no user ${userId}`);
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    departmentId: row.department_id,
    position: row.position,
    roles: row.roles ?? [],
    ip: '127.0.0.1',
  };
}

export class Explainer {
  private captured: { sql: string; params: unknown[] }[] | undefined;
  private readonly db: Database;

  constructor(private readonly pool: pg.Pool) {
    this.db = drizzle(pool, {
      schema,
      logger: {
        logQuery: (sql, params) => {
          this.captured?.push({ sql, params: [...params] });
        },
      },
    }) as unknown as Database;
  }

  private services(db: Database): Services {
    return createServices(
      {
        db,
        config: loadConfig({ LOG_LEVEL: 'silent' }),
        clock: () => new Date(),
        log: pino({ level: 'silent' }),
      },
      noMailer,
    );
  }

  /** Records the statements of `work`; in a transaction that is rolled back unless `readOnly`. */
  private async capture(work: (services: Services) => Promise<unknown>, readOnly: boolean) {
    const captured: { sql: string; params: unknown[] }[] = [];
    if (readOnly) {
      this.captured = captured;
      try {
        await work(this.services(this.db));
      } finally {
        this.captured = undefined;
      }
      return captured;
    }
    await this.db
      .transaction(async (tx) => {
        this.captured = captured;
        try {
          await work(this.services(tx as unknown as Database));
        } finally {
          this.captured = undefined;
        }
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
    return captured;
  }

  /**
   * The data statements (select/insert/update/delete/with) `work` issues, with their parameters, in
   * order; the work runs in a transaction that is rolled back, so the data is unchanged.
   */
  async statementsOf(
    work: (services: Services) => Promise<unknown>,
  ): Promise<{ sql: string; params: unknown[] }[]> {
    return (await this.capture(work, false)).filter((s) =>
      /^\s*(select|insert|update|delete|with)\b/i.test(s.sql),
    );
  }

  async explain(
    label: string,
    work: (services: Services) => Promise<unknown>,
    readOnly = false,
  ): Promise<ExplainedOperation> {
    const statements = readOnly
      ? (await this.capture(work, true)).filter((s) =>
          /^\s*(select|insert|update|delete|with)\b/i.test(s.sql),
        )
      : await this.statementsOf(work);
    const client = await this.pool.connect();
    const explained: ExplainedStatement[] = [];
    try {
      await client.query('begin');
      for (const statement of statements) {
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(
          `explain (analyze, buffers) ${statement.sql}`,
          statement.params,
        );
        const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
        const time = /Execution Time: ([\d.]+) ms/.exec(plan);
        explained.push({ ...statement, plan, executionMs: time ? Number(time[1]) : undefined });
      }
    } finally {
      await client.query('rollback');
      client.release();
    }
    return { label, statements: explained };
  }

  /** Convenience wrappers for the hot paths. */
  todoList(actor: SessionUser, scale: string) {
    return this.explain(
      `待办事项 GET /api/tasks?state=pending&pageSize=20 (${scale})`,
      (s) => s.tasks.list(actor, 'pending', 1, 20),
      true,
    );
  }

  departmentList(actor: SessionUser, scale: string) {
    type Query = Parameters<Services['itemList']['list']>[1];
    return this.explain(
      `督办查询 GET /api/items?scope=department&pageSize=20 (${scale})`,
      (s) => s.itemList.list(actor, { scope: 'department' } as Query, 1, 20),
      true,
    );
  }

  completion(actor: SessionUser, taskId: string, body: TaskInput, label: string) {
    return this.explain(`POST /api/tasks/:id/complete (${label})`, (s) =>
      s.tasks.complete(actor, taskId, body),
    );
  }
}

export function explainMarkdown(operations: readonly ExplainedOperation[]): string {
  const out: string[] = [];
  for (const op of operations) {
    out.push(`### ${op.label}`, '');
    op.statements.forEach((s, i) => {
      out.push(`${i + 1}. \`${s.sql.replace(/\s+/g, ' ').trim()}\``, '', '```', s.plan, '```', '');
    });
  }
  return out.join('\n');
}
