/**
 * The ledger (督办台账): the Excel export of the list (same filters, scope and order, no paging), and
 * the supervisors' import, which registers each row exactly as 新建督办 does.
 */
import { PassThrough } from 'node:stream';
import { sql } from 'drizzle-orm';
import { AppError, forbidden, validation } from '../../../domain/errors';
import { register } from '../../../domain/items';
import { canRegister } from '../../../domain/permissions';
import type { CommandContext, RegisterInput } from '../../../domain/types';
import { dateInZone } from '../../../platform/dates';
import { newId } from '../../../platform/ids';
import type { AppContext } from '../../context';
import type { SessionUser } from '../../session';
import { insertAuditEvents } from '../audit/repository';
import type { CalendarService } from '../calendar/service';
import type { CommandRunner } from '../items/commands';
import { type FilterQuery, filterOf, groupBy, type Scope, sortOf, visibilityOf } from '../items/list';
import { type Cursor, exportBatch, itemConditions } from '../items/list-repository';
import { listDepartments, listSources } from '../org/repository';
import {
  buildTemplate,
  fieldLabel,
  readImportSheet,
  type SheetRow,
  WorkbookProblem,
  writeExport,
} from './excel';
import { exportLine } from './presenter';
import { listUsersForLookup, type UserLookupRow } from './repository';

/** Rows per export query: small enough to keep memory flat, large enough to keep round trips few. */
const EXPORT_BATCH = 500;
export const IMPORT_MAX_ROWS = 1000;
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

export interface ImportRowResult {
  row: number;
  status: 'created' | 'failed';
  title: string | null;
  itemId?: string;
  number?: string;
  fields?: Record<string, string>;
  message?: string;
}

/** Names of the 台账 resolved to ids, loaded once per import. */
interface Lookup {
  departmentIdByName: Map<string, string>;
  departmentIds: Set<string>;
  userByUsername: Map<string, UserLookupRow>;
  usersByName: Map<string, UserLookupRow[]>;
  userById: Map<string, UserLookupRow>;
  /** Departments with an enabled 部处负责人: there the head must be one (spec §12). */
  headDepartmentIds: Set<string>;
}

function buildLookup(users: readonly UserLookupRow[], departments: readonly { id: string; name: string }[]) {
  return {
    departmentIdByName: new Map(departments.map((d) => [d.name.trim(), d.id])),
    departmentIds: new Set(departments.map((d) => d.id)),
    userByUsername: new Map(users.map((u) => [u.username.toLowerCase(), u])),
    usersByName: groupBy(users, (u) => u.name.trim()),
    userById: new Map(users.map((u) => [u.id, u])),
    headDepartmentIds: new Set(
      users.filter((u) => u.position === 'head' && !u.disabled).map((u) => u.departmentId),
    ),
  } satisfies Lookup;
}

/** The head of a row: a username first (unique), else a name, disambiguated by the lead department. */
function resolveHead(text: string, leadDepartmentId: string | undefined, lookup: Lookup) {
  const byUsername = lookup.userByUsername.get(text.toLowerCase());
  if (byUsername) return { id: byUsername.id };
  const named = lookup.usersByName.get(text) ?? [];
  if (named.length === 1) return { id: named[0]?.id };
  if (named.length === 0) return { error: `主办单位部处负责人“${text}”不存在（请填写姓名或用户名）` };
  const inLead = named.filter((u) => u.departmentId === leadDepartmentId && !u.disabled);
  if (inLead.length === 1) return { id: inLead[0]?.id };
  const heads = inLead.filter((u) => u.position === 'head');
  if (heads.length === 1) return { id: heads[0]?.id };
  return { error: `有 ${named.length} 位人员名为“${text}”，请填写用户名` };
}

const NAME_SEPARATORS = /[、，,；;\s]+/;

/** A 台账 row as the body of 新建督办, plus the names that matched nothing. */
function resolveRow(values: SheetRow['values'], lookup: Lookup) {
  const errors: Record<string, string> = {};
  const input: Partial<RegisterInput> = {
    title: values.title,
    source: values.source,
    assignedAt: values.assignedAt,
    dueAt: values.dueAt,
    content: values.content,
    assistDepartmentIds: [],
  };
  if (values.leadDepartment) {
    const id = lookup.departmentIdByName.get(values.leadDepartment);
    if (id) input.leadDepartmentId = id;
    else errors.leadDepartmentId = `承办（主办）单位“${values.leadDepartment}”不存在`;
  }
  if (values.assistDepartments) {
    const names = values.assistDepartments.split(NAME_SEPARATORS).filter(Boolean);
    const unknown = names.filter((n) => !lookup.departmentIdByName.has(n));
    if (unknown.length > 0) errors.assistDepartmentIds = `协办单位不存在：${unknown.join('、')}`;
    else
      input.assistDepartmentIds = [...new Set(names.map((n) => lookup.departmentIdByName.get(n) as string))];
  }
  if (values.head) {
    const head = resolveHead(values.head, input.leadDepartmentId, lookup);
    if (head.id) input.headId = head.id;
    else if (head.error) errors.headId = head.error;
  }
  return { input: input as RegisterInput, errors };
}

const messageOf = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([field, message]) =>
      message.includes(fieldLabel(field)) ? message : `${fieldLabel(field)}：${message}`,
    )
    .join('；');

export function createLedgerService(ctx: AppContext, runner: CommandRunner, calendars: CalendarService) {
  const { db, config } = ctx;

  function assertCanImport(actor: SessionUser) {
    if (!canRegister(actor)) throw forbidden('只有督办员可以导入督办台账');
  }

  /**
   * Checks a 台账 row with the registration's own rules, without touching the database (the domain
   * is pure), so that the answer names every problem of the row at once, lookups included.
   */
  function precheck(actor: SessionUser, input: RegisterInput, lookup: Lookup, now: Date) {
    const context: CommandContext = {
      now,
      today: dateInZone(now, config.timeZone),
      newId,
      user: (id) => lookup.userById.get(id),
      departmentExists: (id) => lookup.departmentIds.has(id),
      departmentHasHead: (id) => lookup.headDepartmentIds.has(id),
    };
    try {
      register(input, actor, 'DB-0000-0000', context);
      return {};
    } catch (error) {
      if (error instanceof AppError && error.code === 'validation') return error.fields ?? {};
      throw error;
    }
  }

  async function importRow(actor: SessionUser, sheetRow: SheetRow, lookup: Lookup): Promise<ImportRowResult> {
    const title = sheetRow.values.title ?? null;
    const failed = (fields: Record<string, string>, message = messageOf(fields)): ImportRowResult => ({
      row: sheetRow.row,
      status: 'failed',
      title,
      fields,
      message,
    });
    const { input, errors } = resolveRow(sheetRow.values, lookup);
    // A name that matched nothing says more than the registration's "请选择…" for the same field.
    const fields = { ...precheck(actor, input, lookup, ctx.clock()), ...errors };
    if (Object.keys(fields).length > 0) return failed(fields);
    try {
      // The same command as POST /api/items, in its own transaction: a row is registered whole or not
      // at all. Its commit does not wait for the disk (a flush per row was ~60 % of the database's time
      // for 1,000 rows); the import's audit event, committed synchronously before the answer, flushes
      // every row's WAL with its own.
      const { transition } = await runner.create(
        actor,
        [input.headId],
        (number, context) => register(input, actor, number, context),
        { deferFlush: true },
      );
      const { item } = transition.state;
      return { row: sheetRow.row, status: 'created', title, itemId: item.id, number: item.number };
    } catch (error) {
      if (error instanceof AppError && error.code !== 'internal') {
        return failed(error.fields ?? {}, error.fields ? messageOf(error.fields) : error.message);
      }
      ctx.log.error({ err: error, row: sheetRow.row }, 'import row failed');
      return failed({}, '登记失败（服务器内部错误），请稍后重试该行');
    }
  }

  return {
    /**
     * GET /api/items/export.xlsx: the list's rows (same filters, scope and order, no paging) as a
     * workbook, streamed. Permission is checked before the first byte; the rows are read in keyset
     * batches while the workbook is written, so memory stays flat however many items there are.
     */
    async exportWorkbook(
      actor: SessionUser,
      query: FilterQuery & { scope?: Scope | undefined; sort?: string | undefined },
    ) {
      const visibility = visibilityOf(actor, query.scope);
      const { dates, rules } = await calendars.viewContext();
      const today = dates.today;
      const where = itemConditions(filterOf(query), visibility, dates);
      const sort = sortOf(query.sort);
      const departments = new Map((await listDepartments(db)).map((d) => [d.id, d.name]));
      const timeZone = config.timeZone;

      // A batch's estimated cost (the planner costs the lateral joins for every matching row, not
      // for the batch) is above jit_above_cost at 100k items: PostgreSQL compiled each batch's query
      // with LLVM, ~50 ms of its CPU per 500 rows for a query that runs in ~25. JIT off for it alone.
      const readBatch = (cursor: Cursor | undefined) =>
        db.transaction(async (tx) => {
          await tx.execute(sql`set local jit = off`);
          return exportBatch(tx, where, sort, cursor, EXPORT_BATCH, timeZone);
        });
      // The first batch is read before any header goes out: a query that fails, fails as an error
      // answer (400/500), not as a download cut short after a 200.
      const first = await readBatch(undefined);
      async function* batches() {
        let cursor: Cursor | undefined;
        for (let read = 0; ; read++) {
          const rows = read === 0 ? first : await readBatch(cursor);
          if (rows.length > 0) yield rows.map((r) => exportLine(r, departments, today, rules));
          const last = rows.at(-1);
          if (!last || rows.length < EXPORT_BATCH) return;
          cursor = { sortKey: last.sort_key, id: last.id };
        }
      }

      const stream = new PassThrough();
      writeExport(stream, batches()).catch((error: unknown) => {
        // Headers are gone by now: all that is left is to cut the download short and say why in the log.
        ctx.log.error({ err: error }, 'export failed');
        stream.destroy(error instanceof Error ? error : new Error(String(error)));
      });
      const stamp = today.replaceAll('-', '');
      return { fileName: `督办事项-${stamp}.xlsx`, asciiName: `duban-items-${stamp}.xlsx`, stream };
    },

    assertCanImport,

    /** GET /api/items/import-template.xlsx */
    async importTemplate(actor: SessionUser) {
      assertCanImport(actor);
      const [departments, sources] = await Promise.all([listDepartments(db), listSources(db)]);
      return {
        fileName: '督办台账导入模板.xlsx',
        asciiName: 'duban-import-template.xlsx',
        data: await buildTemplate(
          departments.map((d) => d.name),
          sources,
        ),
      };
    },

    /**
     * POST /api/items/import: registers every valid row of the 台账, each in its own transaction
     * (exactly as 新建督办: number, flow, the head's task, notification, audit), and answers per row
     * what was created or why not. A problem with the file itself (not an .xlsx, a required column
     * missing, too many rows) is a 400 and imports nothing.
     */
    async importItems(actor: SessionUser, fileName: string, data: Buffer) {
      assertCanImport(actor);
      let sheetRows: SheetRow[];
      try {
        sheetRows = await readImportSheet(data, IMPORT_MAX_ROWS);
      } catch (error) {
        if (error instanceof WorkbookProblem) throw validation({ file: error.message }, error.message);
        throw error;
      }
      const [users, departments] = await Promise.all([listUsersForLookup(db), listDepartments(db)]);
      const lookup = buildLookup(users, departments);
      const rows: ImportRowResult[] = [];
      for (const sheetRow of sheetRows) rows.push(await importRow(actor, sheetRow, lookup));

      const created = rows.filter((r) => r.status === 'created');
      await insertAuditEvents(db, [
        {
          at: ctx.clock(),
          actorId: actor.id,
          ip: actor.ip,
          action: 'item.import',
          detail: {
            fileName,
            rows: rows.length,
            created: created.map((r) => r.number),
            failed: rows.filter((r) => r.status === 'failed').map((r) => r.row),
          },
        },
      ]);
      return { total: rows.length, created: created.length, failed: rows.length - created.length, rows };
    },
  };
}

export type LedgerService = ReturnType<typeof createLedgerService>;
