/**
 * 督办查询 and the lists of everything (spec §8): GET /api/items. The scope, filters and sort are
 * shared with the ledger's export and the summary, so that a link's filters mean the same everywhere.
 */
import type { SortField } from '../../../contract/item-list';
import { forbidden } from '../../../domain/errors';
import { canSeeAll } from '../../../domain/permissions';
import type { AppContext } from '../../context';
import type { SessionUser } from '../../session';
import type { CalendarService } from '../calendar/service';
import { listDepartments } from '../org/repository';
import { presentListRow } from './list-presenter';
import {
  countItems,
  countVisibleItems,
  filterConditions,
  type HandlerNameRow,
  type ItemFilter,
  isUnfiltered,
  itemConditions,
  listDepartmentItems,
  listHandlerNames,
  listItems,
  type Sort,
  type Visibility,
} from './list-repository';

const DEFAULT_SORT: Sort = { field: 'assignedAt', descending: true };
export const SEE_ALL_ONLY = '只有领导、督办管理员和督办员可以查看全部督办事项';

export type Scope = 'department' | 'all' | 'registered';
export type FilterQuery = { [K in keyof ItemFilter]?: ItemFilter[K] } & { outcome?: ItemFilter['result'] };

export function filterOf(query: FilterQuery & { outcome?: ItemFilter['result'] }): ItemFilter {
  const q = query.q?.trim();
  return {
    status: query.status,
    closeKind: query.closeKind,
    // `outcome` (v1.1) names the last handling's outcome; `result` stays as its alias.
    result: query.outcome ?? query.result,
    extended: query.extended,
    notReportedThisMonth: query.notReportedThisMonth,
    leadDepartmentId: query.leadDepartmentId,
    source: query.source?.trim() || undefined,
    overdue: query.overdue,
    assignedFrom: query.assignedFrom,
    assignedTo: query.assignedTo,
    dueFrom: query.dueFrom,
    dueTo: query.dueTo,
    q: q || undefined,
  };
}

export function sortOf(sort: string | undefined): Sort {
  if (!sort) return DEFAULT_SORT;
  const descending = sort.startsWith('-');
  return { field: (descending ? sort.slice(1) : sort) as SortField, descending };
}

export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const list = map.get(key(row));
    if (list) list.push(row);
    else map.set(key(row), [row]);
  }
  return map;
}

/** Which items a scope shows the actor; 403 for `all` or `registered` to whoever may not see them all. */
export function visibilityOf(actor: SessionUser, scope: Scope | undefined): Visibility {
  if (scope === 'all') {
    if (!canSeeAll(actor)) throw forbidden(SEE_ALL_ONLY);
    return { kind: 'all' };
  }
  if (scope === 'registered') {
    // 我登记的: what a 督办员 registered, wherever it now is (their scope is all items anyway).
    if (!canSeeAll(actor)) throw forbidden(SEE_ALL_ONLY);
    return { kind: 'registered', userId: actor.id };
  }
  return { kind: 'department', departmentId: actor.departmentId, userId: actor.id };
}

/** For the access check before query validation (403 before 400): the scope as sent. */
export function assertScope(actor: SessionUser, scope: unknown) {
  if ((scope === 'all' || scope === 'registered') && !canSeeAll(actor)) throw forbidden(SEE_ALL_ONLY);
}

export function createItemListService(ctx: AppContext, calendars: CalendarService) {
  const { db } = ctx;
  return {
    /**
     * GET /api/items: 督办查询 (scope department) or every item (scope all), filtered, sorted and
     * paged, each with its light, lead department name and handlers (three queries per page).
     */
    async list(
      actor: SessionUser,
      query: FilterQuery & { scope?: Scope | undefined; sort?: string | undefined },
      page: number,
      pageSize: number,
    ) {
      const visibility = visibilityOf(actor, query.scope);
      const { dates, rules } = await calendars.viewContext();
      const today = dates.today;
      const filter = filterOf(query);
      const where = itemConditions(filter, visibility, dates);
      const sort = sortOf(query.sort);
      const offset = (page - 1) * pageSize;
      // 督办查询 in its default order walks item_access in index order (a time independent of the
      // department's size); other orders sort the department's items.
      const pageQuery =
        visibility.kind === 'department' && sort.field === 'assignedAt'
          ? listDepartmentItems(
              db,
              visibility,
              filterConditions(filter, dates),
              sort.descending,
              pageSize,
              offset,
            )
          : listItems(db, where, sort, pageSize, offset);
      const totalQuery =
        visibility.kind === 'department' && isUnfiltered(filter)
          ? countVisibleItems(db, visibility)
          : countItems(db, where);
      const [rows, total, departments] = await Promise.all([
        pageQuery,
        totalQuery,
        listDepartments(db).then((all) => new Map(all.map((d) => [d.id, d.name]))),
      ]);
      const handlers = groupBy(
        await listHandlerNames(
          db,
          rows.map((r) => r.id),
        ),
        (h) => h.item_id,
      );
      const none: HandlerNameRow[] = [];
      return {
        items: rows.map((r) => presentListRow(r, handlers.get(r.id) ?? none, departments, today, rules)),
        total,
        page,
        pageSize,
      };
    },
  };
}

export type ItemListService = ReturnType<typeof createItemListService>;
