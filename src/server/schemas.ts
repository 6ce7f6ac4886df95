/**
 * Route schemas compiled when first used instead of while the server starts.
 *
 * Fastify compiles every route's validators (Ajv) and answer serializers (fast-json-stringify) before
 * it listens: ~280 ms of a ~1.5 s start on PostgreSQL, for some 250 schemas of which a request uses
 * one or two. Here the same compilers (Fastify's defaults, built with the same options) are wrapped
 * so that each schema is compiled on its first use; once the server listens, the ones not used yet
 * are compiled in the background, one per turn of the event loop, so that requests go first and a
 * route's first request seldom pays for its compilation.
 */
import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type Factories = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type BuildValidator = NonNullable<Factories['buildValidator']>;
type BuildSerializer = NonNullable<Factories['buildSerializer']>;

// Fastify's own default compilers, from the copy Fastify itself loads.
const requireFromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));
const defaultValidators = requireFromFastify('@fastify/ajv-compiler') as () => BuildValidator;
const defaultSerializers = requireFromFastify(
  '@fastify/fast-json-stringify-compiler',
) as () => BuildSerializer;

// biome-ignore lint/suspicious/noExplicitAny: a compiled schema's own signature (Ajv's or fast-json-stringify's).
type Compiled = ((...args: any[]) => any) & { errors?: unknown };

/** The properties of a compiled validator that Fastify reads (lib/validation.js). */
const VALIDATOR_FIELDS = ['schemaEnv', 'errors'] as const;

export interface LazySchemas {
  /** For Fastify's `schemaController` option. */
  compilersFactory: { buildValidator: BuildValidator; buildSerializer: BuildSerializer };
  /** Schemas registered but not compiled yet. */
  pending(): number;
  /** Compiles every schema not compiled yet, one per turn of the event loop. */
  compileAll(): Promise<void>;
}

export function lazySchemas(): LazySchemas {
  const waiting = new Set<() => void>();

  /** `compile()` run on the first call of the answer, or by compileAll. */
  const lazily = (compile: () => Compiled, forwarded: readonly string[] = []): Compiled => {
    let compiled: Compiled | undefined;
    const ensure = (): Compiled => {
      if (!compiled) {
        waiting.delete(ensure);
        compiled = compile();
      }
      return compiled;
    };
    waiting.add(ensure);
    const run = function (this: unknown, ...args: unknown[]) {
      return (compiled ?? ensure()).apply(this, args);
    } as Compiled;
    // What Fastify reads of an Ajv validator: `schemaEnv` before the call (whether to hand it the
    // request, so that it can replace a coerced root value: a body `5` for an array is `["5"]`) and
    // `errors` after a failed one.
    for (const name of forwarded) {
      Object.defineProperty(run, name, { get: () => (ensure() as unknown as Record<string, unknown>)[name] });
    }
    return run;
  };

  const validators = defaultValidators();
  const serializers = defaultSerializers();
  return {
    compilersFactory: {
      buildValidator: (...args: Parameters<BuildValidator>) => {
        const compiler = validators(...args);
        type Validate = ReturnType<typeof compiler>;
        return (route) => lazily(() => compiler(route) as Compiled, VALIDATOR_FIELDS) as unknown as Validate;
      },
      buildSerializer: (...args: Parameters<BuildSerializer>) => {
        const compiler = serializers(...args);
        return (route) => lazily(() => compiler(route) as Compiled);
      },
    },
    pending: () => waiting.size,
    async compileAll() {
      for (const ensure of [...waiting]) {
        await new Promise((resolve) => setImmediate(resolve));
        try {
          ensure();
        } catch {
          // The route's own request reports it (compiling again), as its validation or answer error.
        }
      }
    },
  };
}
