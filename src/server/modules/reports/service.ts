import type { ReportRequest } from '../../../contract/reports';
import { checkCloseEvidence } from '../../../domain/attachments';
import { light } from '../../../domain/deadlines';
import { AppError, validation } from '../../../domain/errors';
import { isReportHandler } from '../../../domain/permissions';
import { fileReport } from '../../../domain/reports';
import type { Outcome, ReportKind, TaskInput } from '../../../domain/types';
import { dateInZone } from '../../../platform/dates';
import type { AppContext } from '../../context';
import { isUuid } from '../../guards';
import type { SessionUser } from '../../session';
import { bindToTask, unboundOf } from '../attachments/repository';
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

    async file(actor: SessionUser, itemId: string, input: ReportRequest) {
      const userIds = Array.isArray(input.assistHandlerIds)
        ? input.assistHandlerIds.filter((id) => typeof id === 'string')
        : [];
      const { attachmentIds = [], ...report } = input;
      const wanted = [...new Set(attachmentIds)];
      let usable = 0;
      const { transition, names } = await runner.run(
        actor,
        { itemId },
        userIds,
        (state, context) => {
          const result = fileReport(state, actor, report, context);
          // Files named by the report: the caller's own, on this item, not yet part of anything (§13).
          if (usable < wanted.length) {
            throw validation({ attachmentIds: '只能附上本人已上传到本事项、尚未提交的附件' });
          }
          checkCloseEvidence(report, wanted.length, ctx.config.requireCloseEvidence);
          return result;
        },
        {
          prepare: async (tx) => {
            usable = wanted.every(isUuid) ? (await unboundOf(tx, itemId, actor.id, wanted)).length : -1;
          },
          after: async (tx, result) => {
            const submission = result.created.find((t) => t.state === 'done');
            if (submission) await bindToTask(tx, wanted, submission.id);
          },
        },
      );
      return {
        flowId: transition.flowId,
        created: presentCreated(transition.created, names),
      };
    },
  };
}

export type ReportsService = ReturnType<typeof createReportsService>;
