import { light } from '../../../domain/deadlines';
import { AppError } from '../../../domain/errors';
import { isReportHandler } from '../../../domain/permissions';
import { fileReport } from '../../../domain/reports';
import type { Outcome, ReportInput, ReportKind, TaskInput } from '../../../domain/types';
import type { AppContext } from '../../context';
import { dateInZone } from '../../dates';
import type { SessionUser } from '../../session';
import type { CalendarService } from '../calendar/service';
import type { CommandRunner } from '../items/commands';
import { presentCreated } from '../items/presenter';
import { listEligibleItems } from './repository';

/** The fields of a handling result that a new report may carry forward (not the opinion, not the decision). */
function lastReportOf(input: Record<string, unknown> | null):
  | (Pick<TaskInput, 'implementation' | 'reason' | 'measures' | 'assistHandlerIds' | 'promisedAt'> & {
      outcome: Outcome;
    })
  | null {
  if (!input || typeof input.outcome !== 'string') return null;
  const keys = ['implementation', 'reason', 'measures', 'assistHandlerIds', 'promisedAt'] as const;
  return {
    outcome: input.outcome as Outcome,
    ...Object.fromEntries(keys.filter((k) => input[k] !== undefined).map((k) => [k, input[k]])),
  };
}

/** 督办反馈: 主办反馈 and 协办反馈 filed by an item's handlers. */
export function createReportsService(ctx: AppContext, runner: CommandRunner, calendars: CalendarService) {
  return {
    async eligible(actor: SessionUser, kind: 'lead' | 'assist') {
      const today = dateInZone(ctx.clock(), ctx.config.timeZone);
      const rules = await calendars.rules();
      const rows = await listEligibleItems(ctx.db, actor.id, kind);
      return {
        items: rows.map((r) => ({
          id: r.id,
          number: r.number,
          title: r.title,
          source: r.source,
          leadDepartmentId: r.lead_department_id,
          assistDepartmentIds: r.assist_department_ids,
          assignedAt: r.assigned_at,
          dueAt: r.due_at,
          content: r.content,
          status: r.status,
          result: r.result,
          promisedAt: r.promised_at,
          handlerRole: r.role,
          light: light({ status: r.status, dueAt: r.due_at }, today, rules),
          lastReport: lastReportOf(r.last_report),
        })),
      };
    },

    /** Before a body error: 404 unseen, then 403 unless a handler of the kind (of any kind, if the kind is bad). */
    async assertCanReport(actor: SessionUser, itemId: string, kind: unknown) {
      const { state } = await runner.load(actor, itemId);
      const kinds: ReportKind[] = kind === 'lead' || kind === 'assist' ? [kind] : ['lead', 'assist'];
      if (!kinds.some((k) => isReportHandler(state, actor.id, k))) {
        throw new AppError('forbidden', '只有本事项的办理人可以反馈');
      }
    },

    async file(actor: SessionUser, itemId: string, input: ReportInput) {
      const userIds = Array.isArray(input.assistHandlerIds)
        ? input.assistHandlerIds.filter((id) => typeof id === 'string')
        : [];
      const { transition } = await runner.run(actor, { itemId }, userIds, (state, context) =>
        fileReport(state, actor, input, context),
      );
      return {
        flowId: transition.flowId,
        created: presentCreated(transition.created),
      };
    },
  };
}

export type ReportsService = ReturnType<typeof createReportsService>;
