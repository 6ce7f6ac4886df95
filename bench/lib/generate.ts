/**
 * Stamps compiled templates into items: per item a template, a cast of real users, dates, texts and
 * fresh ids, streamed into one COPY per table.
 */
import { DEFAULT_SOURCES } from '../../src/server/bootstrap';
import { CopyStream } from './copy';
import type { IdSource } from './ids';
import type { Department, Org } from './org';
import { type Random, WeightedPicker } from './random';
import {
  type CompiledTemplate,
  copyEscape,
  ITEM_TABLE_NAMES,
  ITEM_TABLES,
  type ItemTable,
  type StampValues,
  stamp,
} from './stamp';

const DAY = 86_400_000;
const TIME_ZONE_OFFSET = 8 * 3_600_000; // Asia/Shanghai, no daylight saving

const TOPICS = [
  '老旧小区改造',
  '营商环境优化',
  '安全生产专项整治',
  '政务服务一网通办',
  '垃圾分类推进',
  '耕地保护督察整改',
  '财政预算执行',
  '干部教育培训',
  '信访积案化解',
  '重点项目建设',
  '数字政府建设',
  '食品安全监管',
  '防汛抗旱准备',
  '科技成果转化',
  '就业创业扶持',
  '公共卫生应急',
  '生态环境问题整改',
  '审计发现问题整改',
  '档案数字化',
  '办公用房清理',
  '节能降耗',
  '人才引进政策',
  '乡村振兴重点任务',
  '招商引资签约项目',
  '城市更新试点',
  '消防安全隐患排查',
  '政府采购内控',
  '网络安全等级保护',
  '保密自查自评',
  '民生实事项目',
];
const ASKS = [
  '请按要求落实，于办结时间前报送办理情况，并按月报送进展。',
  '请制定工作方案，明确责任人和时间节点，按期完成并报送结果。',
  '请牵头会同相关单位研究解决，办理情况及时报督办科。',
  '请逐项对照整改，建立台账，办结后报送整改报告。',
];
/** A keyword that about 1 in 60 items' content carries, for the keyword search measurement. */
export const RARE_KEYWORD = '专项审计回头看';

export interface Counts {
  items: number;
  rows: Record<ItemTable, number>;
}

export interface DateModel {
  /** Today in Asia/Shanghai, YYYY-MM-DD. */
  today: string;
  now: number;
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayMs = (date: string) => Date.parse(`${date}T00:00:00Z`);

export class ItemWriter {
  private readonly streams: Record<ItemTable, CopyStream>;
  private readonly counters: Map<number, number>;
  private readonly sources: WeightedPicker<string>;
  readonly counts: Counts;

  constructor(
    url: string,
    private readonly ids: IdSource,
    private readonly random: Random,
    private readonly org: Org,
    private readonly dates: DateModel,
    withHistory: boolean,
    counters: Map<number, number>,
  ) {
    this.counters = counters;
    this.streams = {} as Record<ItemTable, CopyStream>;
    for (const table of ITEM_TABLE_NAMES) {
      if (!withHistory && (table === 'notifications' || table === 'audit_events')) continue;
      this.streams[table] = new CopyStream(url, table, ITEM_TABLES[table]);
    }
    this.sources = new WeightedPicker(DEFAULT_SOURCES, [3, 4, 3, 3, 1]);
    this.counts = {
      items: 0,
      rows: Object.fromEntries(ITEM_TABLE_NAMES.map((t) => [t, 0])) as Counts['rows'],
    };
  }

  /** The cast of an item led by `lead`: real users in the slots of CAST_SLOTS. */
  cast(lead: Department, assistFrom: readonly Department[]): string[] {
    const r = this.random;
    const x1 = pickOther(r, assistFrom, [lead]);
    const x2 = pickOther(r, assistFrom, [lead, x1]);
    const s = r.pick(lead.staff);
    let s2 = r.pick(lead.staff);
    for (let i = 0; s2 === s && i < 5; i++) s2 = r.pick(lead.staff);
    return [
      r.pick(this.org.supervisors),
      r.pick(this.org.admins),
      lead.head,
      r.pick(lead.deputies),
      s,
      s2,
      r.pick(x1.staff),
      r.pick(x2.staff),
      this.org.office.id,
      lead.id,
      x1.id,
      x2.id,
    ];
  }

  /** Writes one item of `template` with the given cast; resolves when the pipes have room. */
  async write(template: CompiledTemplate, cast: readonly string[]): Promise<void> {
    const values = this.values(template, cast);
    const waits: Promise<void>[] = [];
    for (const table of ITEM_TABLE_NAMES) {
      const stream = this.streams[table];
      if (!stream) continue;
      const rows = template.rowCounts[table];
      this.counts.rows[table] += rows;
      const wait = stream.write(stamp(template.segments[table], values), rows);
      if (wait) waits.push(wait);
    }
    this.counts.items++;
    if (waits.length > 0) await Promise.all(waits);
  }

  async end(): Promise<void> {
    await Promise.all(Object.values(this.streams).map((s) => s.end()));
  }

  private values(template: CompiledTemplate, cast: readonly string[]): StampValues {
    const r = this.random;
    const today = dayMs(this.dates.today);
    const dueSpan = r.int(30, 180);
    let assigned: number;
    let due: number;
    if (template.status === 'open') {
      due = today + r.int(-30, 150) * DAY;
      assigned = due - dueSpan * DAY;
      if (assigned > today - 2 * DAY) assigned = today - r.int(2, 20) * DAY;
    } else {
      assigned = today - r.int(30, 720) * DAY;
      due = assigned + dueSpan * DAY;
    }
    const promised = assigned + Math.round(dueSpan * r.between(0.7, 1)) * DAY;
    // Registration on the day assigned, between 09:00 and 17:00 Shanghai time.
    const start = assigned - TIME_ZONE_OFFSET + 9 * 3_600_000 + r.int(0, 8 * 3_600_000);
    const latest = this.dates.now - 3_600_000;
    let end =
      template.status === 'open'
        ? start + (latest - start) * r.between(0.5, 0.98)
        : start + dueSpan * DAY * r.between(0.3, 1.3);
    end = Math.min(Math.max(end, start + template.commands * 60_000), latest);
    const times: string[] = [''];
    const steps = Math.max(template.commands - 1, 1);
    for (let k = 1; k <= template.commands; k++) {
      times.push(new Date(start + Math.round(((end - start) * (k - 1)) / steps)).toISOString());
    }
    const year = new Date(assigned).getUTCFullYear();
    const seq = (this.counters.get(year) ?? 0) + 1;
    this.counters.set(year, seq);
    const topic = r.pick(TOPICS);
    const title = `${r.chance(0.5) ? `${year}年` : ''}${topic}${r.pick(['工作', '专项行动', '落实情况', '整改', '推进'])}`;
    const extra = r.chance(1 / 60) ? `重点开展${RARE_KEYWORD}。` : '';
    const content = `关于${topic}：${r.pick(ASKS)}${extra}`;
    const entities: string[] = [];
    for (let i = 0; i < template.entities; i++) entities.push(this.ids.next());
    return {
      cast,
      entities,
      times,
      dates: [isoDate(assigned), isoDate(due), isoDate(promised)],
      texts: [
        `DB-${year}-${String(seq).padStart(4, '0')}`,
        copyEscape(title),
        copyEscape(content),
        copyEscape(this.sources.pick(r)),
      ],
    };
  }
}

function pickOther(random: Random, from: readonly Department[], not: readonly Department[]): Department {
  for (;;) {
    const d = random.pick(from);
    if (!not.includes(d)) return d;
  }
}
