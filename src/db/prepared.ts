/**
 * Named prepared statements for PostgreSQL. node-postgres sends a statement without a name as an
 * unnamed prepared statement, which PostgreSQL parses and plans again on every execution; a named
 * one is parsed once per connection and its plan can be cached. The application's statements are
 * fixed-shape (Drizzle builds the same text for the same query), so naming the ones that repeat
 * costs nothing in the code above and took PostgreSQL's share of a completion from 3.16 ms to the
 * replay's (see docs/benchmarks.md, "completion/replay").
 *
 * A name is given to a text from its `minUses`-th execution on (one-off statements stay unnamed),
 * and to at most `max` distinct texts per process: every connection may hold each named statement,
 * so the cap bounds what the server keeps per connection when the texts vary (IN lists of many
 * lengths, filter combinations).
 */
import pg from 'pg';

export interface StatementNamer {
  /** The name to prepare `text` under, or undefined to send it unnamed. */
  nameFor(text: string): string | undefined;
  /** Distinct texts named so far. */
  readonly named: number;
}

export function statementNamer(options: { minUses?: number; max?: number } = {}): StatementNamer {
  const minUses = options.minUses ?? 2;
  const max = options.max ?? 500;
  const names = new Map<string, string>();
  // Texts seen but not yet named, with their count; bounded like the names.
  const seen = new Map<string, number>();
  return {
    nameFor(text) {
      const known = names.get(text);
      if (known) return known;
      if (names.size >= max) return undefined;
      const uses = (seen.get(text) ?? 0) + 1;
      if (uses < minUses) {
        if (seen.size >= max * 4) seen.clear();
        seen.set(text, uses);
        return undefined;
      }
      seen.delete(text);
      const name = `duban_${names.size + 1}`;
      names.set(text, name);
      return name;
    },
    get named() {
      return names.size;
    },
  };
}

type QueryConfigLike = { text?: unknown; name?: unknown; submit?: unknown };

/** A pg.Client that prepares repeated statements under a name (see statementNamer). */
export function namingClient(namer: StatementNamer): typeof pg.Client {
  return class NamingClient extends pg.Client {
    // biome-ignore lint/suspicious/noExplicitAny: pg's query has a dozen overloads; this passes them through.
    override query(config: any, values?: any, callback?: any): any {
      const query = super.query as unknown as (this: pg.Client, ...args: unknown[]) => unknown;
      const c = config as QueryConfigLike | string;
      // A Submittable (pg-copy-streams' COPY of attachment chunks) goes through as it is: spread into
      // a plain config it would lose its submit() and come back as a Promise.
      if (
        c &&
        typeof c === 'object' &&
        typeof c.text === 'string' &&
        c.name === undefined &&
        typeof c.submit !== 'function'
      ) {
        const name = namer.nameFor(c.text);
        if (name) return query.call(this, { ...c, name }, values, callback);
      }
      return query.call(this, config, values, callback);
    }
  };
}

/** A statement of a pipeline: a constant text and its parameters (strings or NULL, sent as text). */
export interface PipelineStatement {
  text: string;
  values: readonly (string | null)[];
}

/** What pg's Connection offers that the pipeline writes with (pg 8; not in @types/pg). */
interface WireConnection {
  parsedStatements: Record<string, string>;
  parse(config: { text: string; name: string; types: unknown[] }): void;
  bind(config: { portal: string; statement: string; values: readonly (string | null)[] }): void;
  describe(config: { type: 'P'; name: string }): void;
  execute(config: { portal: string; rows: number }): void;
  sync(): void;
}

/**
 * What PipelineQuery takes from node-postgres beyond its public API (pg 8): a Query's `prepare` and
 * `requiresPreparation`, which the client calls to write a query in the extended protocol, and the
 * Connection's message writers. Checked when the pool opens (client.ts), so that a release that
 * moves them stops the server at start instead of failing its first command.
 */
export function assertPipelineSupport(): void {
  const query = pg.Query.prototype as unknown as Record<string, unknown>;
  const connection = (pg as unknown as { Connection?: { prototype: Record<string, unknown> } }).Connection
    ?.prototype;
  const missing = [
    ...['prepare', 'requiresPreparation']
      .filter((m) => typeof query[m] !== 'function')
      .map((m) => `Query.${m}`),
    ...['parse', 'bind', 'describe', 'execute', 'sync']
      .filter((m) => typeof connection?.[m] !== 'function')
      .map((m) => `Connection.${m}`),
  ];
  if (missing.length > 0)
    throw new Error(
      `node-postgres's internals are not what src/db/prepared.ts (PipelineQuery) was written for: no ${missing.join(', ')}`,
    );
}

/** Names of the pipelines' statements, process-wide (a fixed, small set of constant texts). */
const pipelineNames = new Map<string, string>();
const pipelineName = (text: string) => {
  let name = pipelineNames.get(text);
  if (!name) {
    name = `duban_tx_${pipelineNames.size + 1}`;
    pipelineNames.set(text, name);
  }
  return name;
};
const BEGIN = 'begin';
const PIPELINE_AT_BEGIN = 'begin; /* and the first statements of a transaction, in one Sync */';
const PIPELINE_AT_COMMIT = '/* the last statements of a transaction, in one Sync */ commit';
const COMMIT = 'commit';
/** Distinct pipeline texts named per process; any more go as unnamed statements (parsed each time). */
const MAX_PIPELINE_NAMES = 200;

/**
 * BEGIN and the first statements of a transaction in one round trip (or the last ones and COMMIT): the extended protocol lets a
 * client send several Parse/Bind/Execute sequences before one Sync, and PostgreSQL runs them in order
 * (BEGIN opens the transaction block, which stays open after the Sync). node-postgres waits for each
 * query's ReadyForQuery before it sends the next, so BEGIN, the session's lookup and the item's lock
 * of a completion were three round trips (three writes, three wake-ups on each side); here they are
 * one. Each statement is prepared under a name once per connection, like the others (./prepared).
 * Answers each statement's rows, BEGIN's (empty) first.
 *
 * An error of any of them (PostgreSQL skips the rest up to the Sync) leaves it unknown which names
 * the connection now holds: the caller must then discard the connection (see client.ts).
 */
export class PipelineQuery extends pg.Query {
  private readonly statements: readonly PipelineStatement[];

  constructor(
    statements: readonly PipelineStatement[],
    callback: (error: Error | undefined, rows: unknown[][] | undefined) => void,
    /** 'begin': BEGIN, then the statements; 'commit': the statements, then COMMIT. */
    at: 'begin' | 'commit' = 'begin',
  ) {
    const all =
      at === 'begin'
        ? [{ text: BEGIN, values: [] }, ...statements]
        : [...statements, { text: COMMIT, values: [] }];
    // The text is only a label here (prepare() writes each statement itself): joining the statements'
    // texts, a few KB, cost a copy per pipeline.
    super({ text: at === 'begin' ? PIPELINE_AT_BEGIN : PIPELINE_AT_COMMIT }, ((
      error: Error | undefined,
      results: { rows: unknown[] }[] | { rows: unknown[] } | undefined,
    ) => {
      if (error) return callback(error, undefined);
      const list = Array.isArray(results) ? results : results ? [results] : [];
      if (list.length !== all.length)
        return callback(
          new Error(`pipeline: ${list.length} results for ${all.length} statements`),
          undefined,
        );
      callback(
        undefined,
        list.map((r) => r.rows),
      );
    }) as never);
    this.statements = all;
  }

  requiresPreparation(): boolean {
    return true;
  }

  prepare(connection: WireConnection): void {
    const parsed: [string, string][] = [];
    for (const { text, values } of this.statements) {
      const name =
        pipelineNames.has(text) || pipelineNames.size < MAX_PIPELINE_NAMES ? pipelineName(text) : '';
      if (name === '' || connection.parsedStatements[name] === undefined) {
        connection.parse({ text, name, types: [] });
        if (name !== '') parsed.push([name, text]);
      }
      connection.bind({ portal: '', statement: name, values });
      // BEGIN and COMMIT have no rows to describe.
      if (text !== BEGIN && text !== COMMIT) connection.describe({ type: 'P', name: '' });
      connection.execute({ portal: '', rows: 0 });
    }
    connection.sync();
    // Noted now, so that a second pipeline on this connection does not parse them again; should any
    // statement fail, the caller discards the connection, and with it this record.
    for (const [name, text] of parsed) connection.parsedStatements[name] = text;
  }
}
