/**
 * 情况汇总 (GET /api/summary, issue 14 point 3) at two scales side by side: one server on the small
 * database and one on the large, requests strictly alternating (small, large, small, …) so that the
 * shared machine's load falls on both alike, the same number of samples each. Each answer is first
 * checked against the database: its total must be every item (the counters are what is measured,
 * and empty counters answer fast).
 */

import { HttpClient } from './http';
import { type ListMeasurement, measureInterleaved } from './lists';
import { BENCH_PASSWORD } from './org';
import { round } from './stats';

export interface SummaryScale extends ListMeasurement {
  /** Items in the database (what the answer's total must be). */
  items: number;
  /**
   * Departments leading at least one item: the counters grow with them (departments × sources ×
   * states), not with the items, so a ratio between databases of unequal breadth shows both.
   */
  activeDepartments: number;
}

export interface SummaryComparison {
  small: SummaryScale;
  large: SummaryScale;
  /** large ÷ small. */
  ratioP50: number;
  ratioP95: number;
}

export async function measureSummaryScales(
  small: { url: string; items: number },
  large: { url: string; items: number },
  samples: number,
): Promise<SummaryComparison> {
  const scales = [small, large];
  const clients: HttpClient[] = [];
  const active: number[] = [];
  try {
    for (const scale of scales) {
      const client = new HttpClient(scale.url);
      await client.login('leader1', BENCH_PASSWORD);
      clients.push(client);
      const answer = await client.get('/api/summary');
      const body = JSON.parse(answer.body) as {
        totals?: { total?: number };
        departments?: { total: number }[];
      };
      const total = body.totals?.total;
      active.push(body.departments?.filter((d) => d.total > 0).length ?? 0);
      if (answer.status !== 200 || total !== scale.items) {
        throw new Error(
          `GET /api/summary on ${scale.url}: status ${answer.status}, total ${total}, expected ${scale.items} items`,
        );
      }
    }
    const [s, l] = (await measureInterleaved(
      clients.map((client) => ({ client, path: '/api/summary' })),
      samples,
      samples,
    )) as [ListMeasurement, ListMeasurement];
    return {
      small: { ...s, items: small.items, activeDepartments: active[0] ?? 0 },
      large: { ...l, items: large.items, activeDepartments: active[1] ?? 0 },
      ratioP50: round(l.p50 / s.p50, 2),
      ratioP95: round(l.p95 / s.p95, 2),
    };
  } finally {
    for (const client of clients) client.close();
  }
}
