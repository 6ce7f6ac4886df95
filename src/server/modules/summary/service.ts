/** 情况汇总 (spec §8): figures over every item matching the list's filters. */
import { forbidden } from '../../../domain/errors';
import { canSeeAll } from '../../../domain/permissions';
import type { AppContext } from '../../context';
import type { SessionUser } from '../../session';
import type { CalendarService } from '../calendar/service';
import { type FilterQuery, filterOf } from '../items/list';
import { itemConditions } from '../items/list-repository';
import { listDepartments, listSources } from '../org/repository';
import { presentSummary, withRefusals } from './presenter';
import { countRefusals, summarize } from './repository';

export function assertCanSummarize(actor: SessionUser) {
  if (!canSeeAll(actor)) throw forbidden('只有领导、督办管理员和督办员可以查看情况汇总');
}

export function createSummaryService(ctx: AppContext, calendars: CalendarService) {
  const { db } = ctx;
  return {
    assertCanSummarize,

    /** GET /api/summary: 情况汇总 over all items matching the filters. */
    async summary(actor: SessionUser, query: FilterQuery) {
      assertCanSummarize(actor);
      const { dates } = await calendars.viewContext();
      const today = dates.today;
      const where = itemConditions(filterOf(query), { kind: 'all' }, dates);
      const [rows, departments, sources, refusals] = await Promise.all([
        summarize(db, where, dates),
        listDepartments(db),
        listSources(db),
        countRefusals(db, where),
      ]);
      return withRefusals(presentSummary(rows, departments, sources, today), refusals);
    },
  };
}

export type SummaryService = ReturnType<typeof createSummaryService>;
