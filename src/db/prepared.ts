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
