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
import {
  countersAnswer,
  countRefusalCounters,
  countRefusals,
  summarize,
  summarizeCounters,
  syncCounterTimeZone,
} from './repository';

export function assertCanSummarize(actor: SessionUser) {
  if (!canSeeAll(actor)) throw forbidden('只有领导、督办管理员和督办员可以查看情况汇总');
}

export function createSummaryService(ctx: AppContext, calendars: CalendarService) {
  const { db } = ctx;
  /** Checked once per process (all instances share TIME_ZONE); a failure is retried next time. */
  let zoneSynced: Promise<void> | undefined;
  const syncZone = () => {
    zoneSynced ??= syncCounterTimeZone(db, ctx.config.timeZone).catch((error: unknown) => {
      zoneSynced = undefined;
      throw error;
    });
    return zoneSynced;
  };
  return {
    assertCanSummarize,

    /**
     * GET /api/summary: 情况汇总 over all items matching the filters — from the counters when the
     * filters are on their columns (the page sends none), else by a scan of the matching items.
     */
    async summary(actor: SessionUser, query: FilterQuery) {
      assertCanSummarize(actor);
      const { dates } = await calendars.viewContext();
      const today = dates.today;
      const filter = filterOf(query);
      const where = itemConditions(filter, { kind: 'all' }, dates);
      const counted = countersAnswer(filter);
      if (counted) await syncZone();
      const [rows, departments, sources, refusals] = await Promise.all([
        counted ? summarizeCounters(db, filter, dates) : summarize(db, where, dates),
        listDepartments(db),
        listSources(db),
        counted ? countRefusalCounters(db, filter) : countRefusals(db, where),
      ]);
      return withRefusals(presentSummary(rows, departments, sources, today), refusals);
    },
  };
}

export type SummaryService = ReturnType<typeof createSummaryService>;
