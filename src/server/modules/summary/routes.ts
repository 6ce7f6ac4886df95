import { SummaryAnswer, SummaryQuery } from '../../../contract/summary';
import { actorOf } from '../../plugins/auth';
import type { AppInstance } from '../../types';
import type { SummaryService } from './service';

export function summaryRoutes(app: AppInstance, summary: SummaryService) {
  app.get(
    '/api/summary',
    {
      config: { access: (request) => summary.assertCanSummarize(actorOf(request)) },
      schema: {
        tags: ['items'],
        summary:
          '情况汇总（领导、督办管理员、督办员）：各主办单位及合计的件数、办结率、按期办结率；按来源、按交办月份',
        querystring: SummaryQuery,
        response: { 200: SummaryAnswer },
      },
    },
    (request) => summary.summary(actorOf(request), request.query),
  );
}
