/**
 * The pgbench script of the replay (bench/lib/replay.ts): one sequence of statements in which each
 * distinct statement appears once (more than once only where the recordings order it differently,
 * or where one recording runs it more than once), each guarded by a per-row flag, so that a row runs
 * exactly the statements of its recording, in its order.
 *
 * One block per shape (`\if :shape = n`, the former script) repeated every statement in every
 * shape's block, and pgbench -M prepared prepares each command of the script (when a connection first
 * reaches it): the same text was prepared once per shape on every connection, and each copy made its
 * own five custom plans before a generic one — planning that the server's long-lived pool connections,
 * with one named statement per text (src/db/prepared.ts), no longer do. Here a statement's text is
 * prepared once per connection, as the server's is.
 *
 * A row of bench_replay holds a flag per group of statements (`g1`…: 1 when the row's recording runs
 * them) and the parameters (`c1`…, text, sent untyped as node-postgres sends them). Parameters of
 * statements that never run in the same recording share columns. pgbench variables cannot be NULL: a
 * NULL parameter is a NULL literal in the statement's text, and a statement with another set of NULL
 * parameters is another statement.
 */

export type Statement = { sql: string; params: unknown[] };

export interface ReplayScript {
  /** The script's statements and meta-commands, after the row fetch (see scriptText). */
  body: string[];
  /** Flag columns (smallint, 0 or 1) then parameter columns (text), in the row fetch's order. */
  flags: string[];
  params: string[];
  /** One row per recording, in the recordings' order: the values of `flags` then `params`. */
  rows: (string | number | null)[][];
  /** Statements in the script, and distinct statements among them. */
  slots: number;
  distinct: number;
  /** Distinct statement sequences among the recordings. */
  shapes: number;
  /** The shape of each recording (index into the shapes, by first appearance). */
  shapeOf: number[];
}

/** A parameter as node-postgres would send it, as text (arrays as PostgreSQL array literals). */
export function asText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    const items = value.map((v) =>
      v === null || v === undefined ? 'NULL' : `"${asText(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`,
    );
    return `{${items.join(',')}}`;
  }
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

const isNull = (value: unknown) => value === null || value === undefined;

/** A statement's identity in the script: its text and which of its parameters are NULL. */
export function statementKey(s: Statement): string {
  return `${s.sql.trim()}\u0000${s.params.map((p) => (isNull(p) ? 'n' : 'v')).join('')}`;
}

/** `$3` → `:<columns[2]>`; a NULL parameter becomes a NULL literal. */
function templateOf(s: Statement, columns: readonly string[]): string {
  return s.sql.trim().replace(/\$(\d+)\b/g, (_, n: string) => {
    const i = Number(n) - 1;
    return isNull(s.params[i]) ? 'NULL' : `:${columns[i]}`;
  });
}

/**
 * A short sequence of which every given sequence is a subsequence. When the sequences agree on the
 * order of the elements they share (the precedence graph of their neighbours has no cycle), its
 * topological order: every element once, which is the shortest. Otherwise the sequences are merged
 * pairwise, each merge a shortest common supersequence of the two (an element then appears once more
 * for each order it is met in that the merge cannot reconcile). Ties go to the element met first
 * (`sequences` in the order given), which keeps the result stable.
 */
export function superSequence(sequences: readonly (readonly string[])[]): string[] {
  const rank = new Map<string, number>();
  for (const seq of sequences) for (const k of seq) if (!rank.has(k)) rank.set(k, rank.size);
  const next = new Map<string, Set<string>>();
  const indegree = new Map<string, number>([...rank.keys()].map((k) => [k, 0]));
  for (const seq of sequences)
    for (let i = 1; i < seq.length; i++) {
      const [a, b] = [seq[i - 1] as string, seq[i] as string];
      const out = next.get(a) ?? new Set<string>();
      if (!out.has(b)) {
        out.add(b);
        indegree.set(b, (indegree.get(b) ?? 0) + 1);
      }
      next.set(a, out);
    }
  // Kahn's algorithm, the lowest rank first among the ready elements.
  const ready = [...indegree].filter(([, d]) => d === 0).map(([k]) => k);
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => (rank.get(a) as number) - (rank.get(b) as number));
    const k = ready.shift() as string;
    order.push(k);
    for (const b of next.get(k) ?? []) {
      const d = (indegree.get(b) as number) - 1;
      indegree.set(b, d);
      if (d === 0) ready.push(b);
    }
  }
  if (order.length === rank.size) return order;
  let merged: string[] = [];
  for (const seq of sequences) merged = mergeTwo(merged, seq, rank);
  return merged;
}

/** A shortest common supersequence of two sequences (LCS table, then the walk back). */
function mergeTwo(a: readonly string[], b: readonly string[], rank: Map<string, number>): string[] {
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      (lcs[i] as number[])[j] =
        a[i] === b[j]
          ? ((lcs[i + 1] as number[])[j + 1] as number) + 1
          : Math.max((lcs[i + 1] as number[])[j] as number, (lcs[i] as number[])[j + 1] as number);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const [x, y] = [a[i] as string, b[j] as string];
    if (x === y) {
      out.push(x);
      i++;
      j++;
      continue;
    }
    const down = (lcs[i + 1] as number[])[j] as number;
    const right = (lcs[i] as number[])[j + 1] as number;
    const takeA = down > right || (down === right && (rank.get(x) as number) <= (rank.get(y) as number));
    if (takeA) out.push(a[i++] as string);
    else out.push(b[j++] as string);
  }
  return [...out, ...a.slice(i), ...b.slice(j)];
}

/** Where each element of `seq` sits in `sup` (leftmost embedding); throws if it is not a subsequence. */
export function embed(seq: readonly string[], sup: readonly string[]): number[] {
  const at: number[] = [];
  let p = 0;
  for (const k of seq) {
    while (p < sup.length && sup[p] !== k) p++;
    if (p === sup.length) throw new Error('not a subsequence');
    at.push(p++);
  }
  return at;
}

/**
 * The script and the rows of `recordings` (each the statements of one completion's transaction, in
 * order). A statement one recording runs twice is two statements of the script (its occurrences are
 * told apart), since the row must run both.
 */
export function buildReplayScript(recordings: readonly (readonly Statement[])[]): ReplayScript {
  // Each recording as a sequence of occurrence keys (statement key, and how many times it came before).
  const keysOf = (statements: readonly Statement[]) => {
    const seen = new Map<string, number>();
    return statements.map((s) => {
      const key = statementKey(s);
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      return `${key}\u0001${n}`;
    });
  };
  const shapeIndex = new Map<string, number>();
  const shapes: string[][] = [];
  const counts: number[] = [];
  const shapeOf = recordings.map((r) => {
    const keys = keysOf(r);
    const id = keys.join('\u0002');
    let n = shapeIndex.get(id);
    if (n === undefined) {
      n = shapes.length;
      shapeIndex.set(id, n);
      shapes.push(keys);
      counts.push(0);
    }
    counts[n] = (counts[n] as number) + 1;
    return n;
  });
  // The most frequent shapes first: their order wins the ties.
  const byFrequency = shapes.map((_, i) => i).sort((a, b) => (counts[b] as number) - (counts[a] as number));
  const sequence = superSequence(byFrequency.map((i) => shapes[i] as string[]));
  const embeddings = shapes.map((keys) => embed(keys, sequence));
  // Which shapes run each slot.
  const users = sequence.map(() => new Set<number>());
  embeddings.forEach((at, shape) => {
    for (const p of at) users[p]?.add(shape);
  });
  const sameUsers = (a: Set<number>, b: Set<number>) => a.size === b.size && [...a].every((x) => b.has(x));

  // A statement's text, from any recording that runs it (every one has the same text and NULLs).
  const sample: (Statement | undefined)[] = sequence.map(() => undefined);
  recordings.forEach((r, i) => {
    const at = embeddings[shapeOf[i] as number] as number[];
    r.forEach((s, j) => {
      sample[at[j] as number] ??= s;
    });
  });

  // Parameter columns: the lowest free ones, free meaning not used by a slot some shape runs too.
  const slotColumns: number[][] = [];
  let width = 0;
  for (const [p, s] of sample.entries()) {
    const taken = new Set<number>();
    for (let q = 0; q < p; q++)
      if ([...(users[q] as Set<number>)].some((x) => users[p]?.has(x)))
        for (const c of slotColumns[q] as number[]) taken.add(c);
    const columns: number[] = [];
    for (const v of (s as Statement).params) {
      if (isNull(v)) {
        columns.push(-1);
        continue;
      }
      let c = 0;
      while (taken.has(c)) c++;
      taken.add(c);
      columns.push(c);
      width = Math.max(width, c + 1);
    }
    slotColumns.push(columns);
  }
  const param = (c: number) => `c${c + 1}`;

  // Consecutive slots run by the same shapes share one flag; slots every shape runs need none.
  const body: string[] = [];
  const flagOf: (number | undefined)[] = [];
  let flags = 0;
  let open = false;
  for (const [p, s] of sample.entries()) {
    const who = users[p] as Set<number>;
    const same = p > 0 && sameUsers(who, users[p - 1] as Set<number>);
    if (!same) {
      if (open) body.push('\\endif');
      open = who.size < shapes.length;
      if (open) body.push(`\\if :g${++flags}`);
    }
    flagOf.push(open ? flags - 1 : undefined);
    body.push(`${templateOf(s as Statement, (slotColumns[p] as number[]).map(param))};`);
  }
  if (open) body.push('\\endif');

  const rows = recordings.map((r, i) => {
    const shape = shapeOf[i] as number;
    const at = embeddings[shape] as number[];
    const row: (string | number | null)[] = new Array(flags + width).fill(null);
    for (let f = 0; f < flags; f++) row[f] = 0;
    for (const [p, f] of flagOf.entries()) if (f !== undefined && users[p]?.has(shape)) row[f] = 1;
    r.forEach((s, j) => {
      const columns = slotColumns[at[j] as number] as number[];
      s.params.forEach((v, k) => {
        const c = columns[k] as number;
        if (c >= 0) row[flags + c] = typeof v === 'number' ? String(v) : asText(v);
      });
    });
    return row;
  });
  return {
    body,
    flags: Array.from({ length: flags }, (_, f) => `g${f + 1}`),
    params: Array.from({ length: width }, (_, c) => param(c)),
    rows,
    slots: sequence.length,
    distinct: new Set(sequence.map((k) => k.slice(0, k.lastIndexOf('\u0001')))).size,
    shapes: shapes.length,
    shapeOf,
  };
}

/**
 * The whole pgbench script: the client's next row (`k`, counted by the script itself; run with
 * `-D k=0`), its flags and parameters by \gset, then the recording between BEGIN and COMMIT — or
 * ROLLBACK for a warm-up row (`w`), which leaves the data as it was.
 */
export function scriptText(built: Pick<ReplayScript, 'body' | 'flags' | 'params'>, table: string): string {
  const columns = ['w', ...built.flags, ...built.params].join(', ');
  return [
    `-- Rows of ${table}: one per client (client_id) and transaction (k); run with -D k=0.`,
    '\\set k :k + 1',
    `SELECT ${columns} FROM ${table} WHERE client = :client_id AND k = :k \\gset`,
    'BEGIN;',
    ...built.body,
    '\\if :w',
    'ROLLBACK;',
    '\\else',
    'COMMIT;',
    '\\endif',
    '',
  ].join('\n');
}
