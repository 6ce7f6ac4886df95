/** 情况汇总 as the API answers it (api-contract.md: summary). */
import type { SummaryRow } from './repository';

interface Counts {
  total: number;
  open: number;
  closed: number;
  completed: number;
  terminated: number;
  overdue: number;
  onTime: number;
  onTimeOriginal: number;
  extensions: number;
}

const ZERO: Counts = {
  total: 0,
  open: 0,
  closed: 0,
  completed: 0,
  terminated: 0,
  overdue: 0,
  onTime: 0,
  onTimeOriginal: 0,
  extensions: 0,
};

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/**
 * Figures with their rates (spec §12): completion = completed ÷ (total − terminated); on time =
 * completed on or before dueAt ÷ completed, and against originalDueAt; null where the divisor is 0.
 */
function figures(c: Counts) {
  return {
    ...c,
    completionRate: ratio(c.completed, c.total - c.terminated),
    onTimeRate: ratio(c.onTime, c.completed),
    onTimeOriginalRate: ratio(c.onTimeOriginal, c.completed),
  };
}

const countsOf = (r: SummaryRow): Counts => ({
  total: r.total,
  open: r.open,
  closed: r.closed,
  completed: r.completed,
  terminated: r.terminated,
  overdue: r.overdue,
  onTime: r.on_time,
  onTimeOriginal: r.on_time_original,
  extensions: r.extensions,
});

/** Months from `first` to `last` (`YYYY-MM`), so that a chart's axis has no gaps. */
function monthRange(first: string, last: string): string[] {
  const months: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  for (let guard = 0; guard < 1200; guard++) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    months.push(month);
    if (month >= last) break;
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return months;
}

/**
 * 情况汇总: every department (zeros included, in the organisation's order), totals, counts per
 * source (the dictionary's order, then sources outside it) and per month assigned (no gaps).
 */
export function presentSummary(
  rows: readonly SummaryRow[],
  departments: readonly { id: string; name: string }[],
  dictionary: readonly string[],
  today: string,
) {
  const byDepartment = new Map<string, Counts>();
  const bySource = new Map<string, number>();
  const byMonth = new Map<string, { total: number; closed: number; completed: number; terminated: number }>();
  for (const r of rows) {
    if (r.grouping === 0 && r.lead_department_id) byDepartment.set(r.lead_department_id, countsOf(r));
    if (r.grouping === 1 && r.month) {
      byMonth.set(r.month, {
        total: r.total,
        closed: r.closed,
        completed: r.completed,
        terminated: r.terminated,
      });
    }
    if (r.grouping === 2 && r.source !== null) bySource.set(r.source, r.total);
  }
  const totals = { ...ZERO };
  for (const c of byDepartment.values()) {
    for (const key of Object.keys(totals) as (keyof Counts)[]) totals[key] += c[key];
  }
  const extraSources = [...bySource.keys()].filter((s) => !dictionary.includes(s)).sort();
  const months = [...byMonth.keys()].sort();
  return {
    departments: departments.map((d) => ({
      departmentId: d.id,
      departmentName: d.name,
      ...figures(byDepartment.get(d.id) ?? ZERO),
    })),
    totals: figures(totals),
    bySource: [...dictionary, ...extraSources].map((source) => ({
      source,
      total: bySource.get(source) ?? 0,
    })),
    byMonth:
      months.length === 0
        ? []
        : monthRange(months[0] as string, months.at(-1) as string).map((month) => ({
            month,
            ...(byMonth.get(month) ?? { total: 0, closed: 0, completed: 0, terminated: 0 }),
          })),
    today,
  };
}

/** Adds 拒签 counts (spec §13) to a presented summary: per department, zeros included, and in total. */
export function withRefusals(
  summary: ReturnType<typeof presentSummary>,
  rows: readonly { department_id: string; refusals: number }[],
) {
  const counts = new Map(rows.map((r) => [r.department_id, r.refusals]));
  return {
    ...summary,
    departments: summary.departments.map((d) => ({ ...d, refusals: counts.get(d.departmentId) ?? 0 })),
    totals: { ...summary.totals, refusals: rows.reduce((sum, r) => sum + r.refusals, 0) },
  };
}
