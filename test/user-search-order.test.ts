/**
 * 选人 reads its match ranks apart (issue 14 point 7): the answer must stay the one a single ordering
 * gives — every match, ranked exact name or username, then a prefix of the name, username or
 * pinyin, then the rest, each rank in department, head/deputy/staff, name and id order — paged
 * the same. Compared here, query by query, with that ordering computed in the test from the rows
 * as stored, on a directory made to hit every branch: names and usernames with spaces, an x, 汉字
 * and capitals, disabled people, and departments whose names the typed text holds.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/client';
import { queryRows } from '../src/db/client';
import type { Position } from '../src/domain/types';
import { newId } from '../src/platform/ids';
import { pinyinKey } from '../src/server/modules/org/pinyin';
import * as repo from '../src/server/modules/org/repository';
import { createTestDatabase } from './db';

interface Stored {
  id: string;
  name: string;
  username: string;
  pinyin: string;
  departmentId: string;
  position: Position;
  disabled: boolean;
  nameOrder: number;
}

let handle: DatabaseHandle;
let people: Stored[] = [];
const departmentNames = new Map<string, string>();

/** A small deterministic generator (mulberry32): the same directory on every run. */
function generator(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DEPARTMENTS = ['办公室', '财务处', '王府井办事处', 'Zhang Lab', 'x组', '综合财务科'];
// Names chosen for the branches: exact names and usernames, prefixes of each word, word starts
// after a space (rank 2 for one or two letters), an x (search_pairs' separator), given names typed
// as two 汉字 (anywhere), capitals, and names that equal a department's.
const FIXED: [name: string, username: string][] = [
  ['张三', 'zhangsan'],
  ['张三丰', 'zsf'],
  ['Zhang Wei', 'zwei'],
  ['anna zhou', 'anna'],
  ['Wang Xiao Ming', 'wxm2'],
  ['王小明', 'wangxm'],
  ['王 小明', 'wang xm'],
  ['周x部', 'xbu'],
  ['x', 'xx'],
  ['Xu', 'z'],
  ['小明', 'xiaoming'],
  ['zz', 'zz1'],
  ['Z Z', 'zz2'],
  ['王伟', 'wangwei'],
  ['王伟民', 'wwm'],
  ['李王伟', 'liww'],
  ['财务', 'caiwu'],
  ['Ma Zhang', 'mzhang'],
  ['阿 Zha', 'a zha'],
  ['办公', 'bg'],
];
const SURNAMES = ['张', '王', '李', '赵', '周', '吴', 'Zhang', 'Wang', 'Li'];
const GIVEN = ['伟', '小明', '三', '丽', '部长', 'x', '财', 'Wei', 'Ming', ' Zhou', '办'];

beforeAll(async () => {
  handle = await createTestDatabase();
  const random = generator(14_7);
  const now = new Date('2026-11-30T00:00:00Z');
  const departments = DEPARTMENTS.map((name, i) => ({ id: newId(), name, parentId: null, sortOrder: i }));
  await repo.insertDepartments(
    handle.db,
    departments.map((d) => ({ ...d, createdAt: now })),
  );
  for (const d of departments) departmentNames.set(d.id, d.name);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const rows = [
    ...FIXED,
    ...Array.from({ length: 90 }, (_, i): [string, string] => {
      const name = `${pick(SURNAMES)}${pick(GIVEN)}${random() < 0.3 ? pick(GIVEN) : ''}`;
      return [name, `u${i}${pick(['', 'zhang', 'wang', 'x', ' z'])}`];
    }),
  ];
  await repo.insertUsers(
    handle.db,
    rows.map(([name, username]) => ({
      id: newId(),
      name,
      username,
      departmentId: pick(departments).id,
      position: pick(['head', 'deputy', 'staff', 'staff'] as const),
      email: null,
      phone: null,
      source: 'local' as const,
      passwordHash: null,
      mustChangePassword: false,
      pinyin: pinyinKey(name),
      roles: [],
    })),
    now,
  );
  // One in six disabled: left out unless includeDisabled.
  await handle.db.execute(
    sql`update users set disabled = true where mod(get_byte(uuid_send(id), 15), 6) = 0`,
  );
  people = await queryRows<Stored>(
    handle.db,
    sql`select id, name, username, pinyin, department_id as "departmentId", position, disabled,
          (dense_rank() over (order by name))::int as "nameOrder"
        from users`,
  );
});
afterAll(() => handle?.close());

const HAN = /\p{Script=Han}/u;
const POSITION = { head: 0, deputy: 1, staff: 2 } as const;

/** The match and its rank as defined (docs/query-plans.md, 选人), or undefined when `q` misses. */
function rankOf(p: Stored, q: string): number | undefined {
  const text = `${p.name} ${p.username} ${p.pinyin}`.toLowerCase();
  const chars = [...q];
  let matched: boolean;
  if (chars.length === 2 && HAN.test(q)) {
    const pairs = [...`${p.name} ${p.username}`.toLowerCase()].map((c) => `${c}x`).join('');
    matched = pairs.includes(`${chars[0]}x${chars[1]}`);
  } else if (chars.length >= 3 || (chars.length === 2 && HAN.test(q))) {
    matched = text.includes(q);
  } else {
    matched = text.startsWith(q) || text.includes(` ${q}`);
  }
  const department = (departmentNames.get(p.departmentId) ?? '').toLowerCase().includes(q);
  if (!matched && !department) return undefined;
  const name = p.name.toLowerCase();
  const username = p.username.toLowerCase();
  if (name === q || username === q) return 0;
  if (name.startsWith(q) || username.startsWith(q) || p.pinyin.startsWith(q) || p.pinyin.includes(` ${q}`)) {
    return 1;
  }
  return 2;
}

function reference(filter: repo.UserFilter): { id: string; rank: number }[] {
  const q = repo.normaliseQuery(filter.q ?? '');
  const rows = people
    .filter((p) => filter.includeDisabled || !p.disabled)
    .filter((p) => !filter.departmentId || p.departmentId === filter.departmentId)
    .map((p) => ({ p, rank: q ? rankOf(p, q) : 0 }))
    .filter((r): r is { p: Stored; rank: number } => r.rank !== undefined);
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  rows.sort(
    (a, b) =>
      a.rank - b.rank ||
      compare(a.p.departmentId, b.p.departmentId) ||
      POSITION[a.p.position] - POSITION[b.p.position] ||
      a.p.nameOrder - b.p.nameOrder ||
      compare(a.p.id, b.p.id),
  );
  const all = rows.map((r) => ({ id: r.p.id, rank: r.rank }));
  if (filter.limit === undefined) return all;
  const offset = filter.offset ?? 0;
  return all.slice(offset, offset + filter.limit);
}

/**
 * What a person types: the first one to three characters of the words of the directory, and a few
 * inner parts — every one of one character, one in four of the others (a deterministic sample:
 * each text costs seven searches), and the texts chosen for the branches.
 */
function typedTexts(): string[] {
  const texts = new Set<string>();
  for (const p of people) {
    for (const word of `${p.name} ${p.username} ${p.pinyin}`.split(' ')) {
      for (const n of [1, 2, 3]) if (word.length >= n) texts.add(word.slice(0, n));
      if (word.length >= 4) texts.add(word.slice(1, 4));
    }
  }
  for (const d of DEPARTMENTS) texts.add(d.slice(1, 3));
  const sample = [...texts].sort().filter((text, i) => [...text].length === 1 || i % 4 === 0);
  const chosen = [
    '%',
    '_',
    'x',
    'X',
    ' z ',
    'zz',
    'zh',
    'zha',
    'zzz',
    'nobody',
    '财务',
    '务处',
    'lab',
    '王伟',
    '小明',
    '王府',
  ];
  return [...new Set([...chosen, ...sample])];
}

describe('选人: the ranks read apart give the single ordering’s answer', () => {
  it('for every typed text, unpaged and page by page, with and without the disabled', {
    timeout: 120_000,
  }, async () => {
    const texts = typedTexts();
    expect(texts.length).toBeGreaterThan(60);
    const seen = { rank0: 0, rank2: 0, rank2Spaced: 0, rank2Department: 0, empty: 0 };
    for (const q of texts) {
      const whole = reference({ q });
      const got = await repo.listUsers(handle.db, { q });
      expect(
        got.map((u) => u.id),
        `q=${JSON.stringify(q)}`,
      ).toEqual(whole.map((r) => r.id));
      for (const r of whole) {
        const p = people.find((x) => x.id === r.id) as Stored;
        if (r.rank === 0) seen.rank0++;
        if (r.rank === 2) {
          seen.rank2++;
          if (/ /.test(p.name) || / /.test(p.username)) seen.rank2Spaced++;
          if ((departmentNames.get(p.departmentId) ?? '').toLowerCase().includes(repo.normaliseQuery(q)))
            seen.rank2Department++;
        }
      }
      if (whole.length === 0) seen.empty++;
      for (const filter of [
        { q, limit: 3, offset: 0 },
        { q, limit: 3, offset: 3 },
        { q, limit: 21, offset: 0 },
        { q, limit: 4, offset: 5, includeDisabled: true },
      ]) {
        const page = await repo.listUsers(handle.db, filter);
        expect(
          page.map((u) => u.id),
          `${JSON.stringify(filter)}`,
        ).toEqual(reference(filter).map((r) => r.id));
      }
    }
    // The directory reaches every rank and both kinds of rank 2 (a word after a space, a
    // department's people), so that a wrong split could not pass unseen.
    expect(seen.rank0).toBeGreaterThan(0);
    expect(seen.rank2Spaced).toBeGreaterThan(0);
    expect(seen.rank2Department).toBeGreaterThan(0);
    expect(seen.empty).toBeGreaterThan(0);
  });

  it('within one department, and without a text', async () => {
    const departmentId = people.find((p) => departmentNames.get(p.departmentId) === '财务处')?.departmentId;
    expect(departmentId).toBeDefined();
    for (const q of ['z', 'w', '王', 'x', '财务', 'zhang', undefined]) {
      for (const filter of [
        { q, departmentId },
        { q, departmentId, limit: 2, offset: 1 },
        { q, limit: 6, offset: 2 },
        { q, includeDisabled: true },
      ]) {
        const got = await repo.listUsers(handle.db, filter);
        expect(
          got.map((u) => u.id),
          JSON.stringify(filter),
        ).toEqual(reference(filter).map((r) => r.id));
      }
    }
  });
});
