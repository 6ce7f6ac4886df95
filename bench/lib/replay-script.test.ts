import { describe, expect, it } from 'vitest';
import { asText, buildReplayScript, type Statement, scriptText, superSequence } from './replay-script';
import { type LogEntry, parseLog, readingAt, steadyWindow } from './replay-window';

const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;

/** A recording as the server sent it: `$n` bound to its parameter (NULL when null). */
function rendered(s: Statement): string {
  return s.sql.trim().replace(/\$(\d+)\b/g, (_, n: string) => {
    const v = s.params[Number(n) - 1];
    return v === null || v === undefined ? 'NULL' : quote(asText(v));
  });
}

/**
 * What pgbench runs for one row: the script's meta-commands (\if, \else, \endif) evaluated with the
 * row's variables, each SQL command's `:name` replaced by the variable's value. BEGIN, COMMIT and
 * ROLLBACK are left out (every row has them).
 */
function simulate(script: string, vars: Record<string, string | number | null>): string[] {
  const lines = script.split('\n');
  const run: string[] = [];
  const active: boolean[] = [];
  const on = () => active.every(Boolean);
  let command: string[] = [];
  for (const line of lines) {
    if (command.length === 0) {
      if (line === '' || line.startsWith('--') || line.startsWith('\\set')) continue;
      if (line.endsWith('\\gset')) continue;
      const cond = /^\\if :(\w+)$/.exec(line);
      if (cond) {
        const v = vars[cond[1] as string];
        if (v !== 0 && v !== 1) throw new Error(`flag ${cond[1]} is ${v}`);
        active.push(v === 1);
        continue;
      }
      if (line === '\\else') {
        active.push(!active.pop());
        continue;
      }
      if (line === '\\endif') {
        active.pop();
        continue;
      }
      if (line.startsWith('\\')) throw new Error(`unexpected meta-command ${line}`);
    }
    command.push(line);
    if (!line.endsWith(';')) continue;
    const text = command.join('\n').slice(0, -1);
    command = [];
    if (!on() || /^(BEGIN|COMMIT|ROLLBACK)$/.test(text)) continue;
    run.push(
      text.replace(/(?<!:):([a-z]\w*)/gi, (_, name: string) => {
        const v = vars[name];
        if (v === null || v === undefined) throw new Error(`variable ${name} is not set`);
        return quote(String(v));
      }),
    );
  }
  if (active.length > 0 || command.length > 0) throw new Error('unbalanced script');
  return run;
}

function rowsRunAsRecorded(recordings: Statement[][]) {
  const built = buildReplayScript(recordings);
  const script = scriptText(built, 'bench_replay');
  const columns = [...built.flags, ...built.params];
  recordings.forEach((recording, i) => {
    const row = built.rows[i] as (string | number | null)[];
    const vars = Object.fromEntries(columns.map((c, k) => [c, row[k] ?? null]));
    expect(simulate(script, { w: 0, ...vars })).toEqual(recording.map(rendered));
  });
  return { built, script };
}

const session = (hash: string): Statement => ({
  sql: 'select s.user_id from sessions s where s.token_hash = $1',
  params: [hash],
});
const lock = (task: string): Statement => ({
  sql: 'select to_json(i) from items i where i.id = (select item_id from tasks where id = $1::uuid) for update',
  params: [task],
});
const aggregate = (task: string, day: string): Statement => ({
  sql: 'select x from tasks t where t.id = $1::uuid and $2::date > now()',
  params: [task, day],
});
const save = (json: unknown[]): Statement => ({
  sql: 'with w1 as (update tasks t set state = x.state from json_populate_recordset(null::tasks, $1::json) x) select 1',
  params: [json],
});
const names = (ids: string[]): Statement => ({
  sql: 'select id, name from users where id = any($1::uuid[])',
  params: [ids],
});
const notify = (user: string, message: string | null): Statement => ({
  sql: 'insert into notifications (user_id, message) values ($1, $2)',
  params: [user, message],
});

describe('buildReplayScript', () => {
  it('runs every recording’s statements, in order, with each distinct statement once', () => {
    const recordings = [
      [session('h1'), lock('t1'), aggregate('t1', '2026-01-01'), names(['u1']), save([{ id: 't1' }])],
      [session('h2'), lock('t2'), aggregate('t2', '2026-01-02'), save([{ id: 't2' }])],
      [session('h3'), lock('t3'), aggregate('t3', '2026-01-03'), notify('u3', 'hi'), save([{ id: 't3' }])],
      [session('h1'), lock('t4'), aggregate('t4', '2026-01-04'), names(['u1', 'u2']), save([{ id: "t'4" }])],
    ];
    const { built, script } = rowsRunAsRecorded(recordings);
    expect(built.shapes).toBe(3);
    expect(built.slots).toBe(6);
    expect(built.distinct).toBe(6);
    // Each statement's text once in the script.
    for (const s of [session(''), lock(''), save([])]) {
      const head = s.sql.slice(0, 30);
      expect(script.split(head).length - 1).toBe(1);
    }
    // The statements every recording runs are not guarded: two flags (names, notify).
    expect(built.flags).toEqual(['g1', 'g2']);
  });

  it('lets statements that never run together share parameter columns', () => {
    const recordings = [
      [session('h1'), names(['u1']), save([1])],
      [session('h2'), notify('u2', 'm'), save([2])],
    ];
    const { built } = rowsRunAsRecorded(recordings);
    // session 1, names or notify 2 (shared), save 1.
    expect(built.params.length).toBe(4);
  });

  it('repeats a statement only where the recordings order it differently', () => {
    const a = lock('t1');
    const b = names(['u1']);
    const recordings = [
      [session('h1'), lock('t1'), names(['u1'])],
      [session('h2'), names(['u2']), lock('t2')],
    ];
    const { built } = rowsRunAsRecorded(recordings);
    expect(built.slots).toBe(4);
    expect(built.distinct).toBe(3);
    expect(a.sql).not.toBe(b.sql);
  });

  it('runs a statement twice for a recording that runs it twice', () => {
    const recordings = [
      [session('h1'), notify('u1', 'a'), save([1]), notify('u2', 'b')],
      [session('h2'), save([2])],
    ];
    const { built } = rowsRunAsRecorded(recordings);
    expect(built.slots).toBe(4);
    expect(built.distinct).toBe(3);
  });

  it('sends a NULL parameter as a NULL literal, another NULL pattern being another statement', () => {
    const recordings = [
      [session('h1'), notify('u1', null)],
      [session('h2'), notify('u2', 'text')],
      [session('h3'), { sql: 'select $1::int, $2::text', params: [undefined, 7] }],
    ];
    const { built, script } = rowsRunAsRecorded(recordings);
    expect(script).toContain('insert into notifications (user_id, message) values (:c2, NULL);');
    expect(built.distinct).toBe(4);
    // The row of the NULL recording leaves the message's column empty.
    expect(built.rows[0]).not.toContain('text');
  });

  it('sends arrays, objects and dates as node-postgres does', () => {
    const at = new Date('2026-01-02T03:04:05.000Z');
    const recordings = [[{ sql: 'select $1, $2, $3, $4', params: [['a', 'b"c', null], { x: 1 }, at, 5] }]];
    const { built } = rowsRunAsRecorded(recordings);
    expect(built.rows[0]).toEqual(['{"a","b\\"c",NULL}', '{"x":1}', '2026-01-02T03:04:05.000Z', '5']);
  });
});

describe('superSequence', () => {
  it('is every sequence’s supersequence, each element once when the orders agree', () => {
    // a < b < c everywhere: a merge of [a, c] and [b] alone could put b after c.
    const sup = superSequence([['a', 'c'], ['b'], ['b', 'c'], ['a', 'b']]);
    expect(sup).toEqual(['a', 'b', 'c']);
  });

  it('repeats what the orders disagree on, and no more', () => {
    const sup = superSequence([
      ['x', 'a', 'b', 'y'],
      ['x', 'b', 'a', 'y'],
    ]);
    expect(sup).toHaveLength(5);
  });
});

describe('steadyWindow', () => {
  /** `count` transactions of `ms` each, back to back from `from` (ms), the first numbered `first`. */
  const client = (id: number, from: number, ms: number, count: number): LogEntry[] =>
    Array.from({ length: count }, (_, i) => ({
      client: id,
      transaction: i + 1,
      latencyUs: ms * 1000,
      endUs: (from + (i + 1) * ms) * 1000,
    }));

  it('counts the span when every client is past its warm-up and none has finished', () => {
    // Client 0: 10 ms each from 0; client 1: 20 ms each from 5 ms. Two warm-up transactions each.
    const entries = [...client(0, 0, 10, 100), ...client(1, 5, 20, 50)];
    const w = steadyWindow(entries, 2);
    expect(w.method).toBe('all clients');
    // Warm-ups end at 20 ms and 45 ms; the last transactions at 1000 ms and 1005 ms.
    expect(w.startUs).toBe(45_000);
    expect(w.endUs).toBe(1_000_000);
    // Client 0: transactions ending 50…1000 ms (96); client 1: 65…985 ms (47).
    expect(w.transactions).toBe(96 + 47);
    expect(w.tps).toBeCloseTo((96 + 47) / 0.955, 6);
    expect(w.latencyAverageMs).toBeCloseTo((96 * 10 + 47 * 20) / 143, 6);
  });

  it('trims the first and last tenth when one client ends long before another', () => {
    const entries = [...client(0, 0, 10, 10), ...client(1, 0, 10, 200)];
    const w = steadyWindow(entries, 0);
    expect(w.method).toBe('trimmed');
    expect(w.startUs).toBe(200_000);
    expect(w.endUs).toBe(1_800_000);
    expect(w.transactions).toBe(160);
  });

  it('reads pgbench’s log lines, without the failed and skipped ones', () => {
    const log = [
      '0 1 9070 0 1796176675 456333',
      '0 2 failed 0 1796176675 456893',
      '1 1 115 0 1796176675 460971 3',
      '',
    ];
    expect(parseLog(log.join('\n'))).toEqual([
      { client: 0, transaction: 1, latencyUs: 9070, endUs: 1796176675456333 },
      { client: 1, transaction: 1, latencyUs: 115, endUs: 1796176675460971 },
    ]);
  });
});

describe('readingAt', () => {
  it('interpolates a cumulative reading between samples', () => {
    const samples = [
      { atUs: 0, value: 1 },
      { atUs: 100, value: 2 },
      { atUs: 300, value: 6 },
    ];
    expect(readingAt(samples, -5)).toBe(1);
    expect(readingAt(samples, 50)).toBe(1.5);
    expect(readingAt(samples, 200)).toBe(4);
    expect(readingAt(samples, 400)).toBe(6);
  });
});
