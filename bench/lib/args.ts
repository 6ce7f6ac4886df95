/** Command-line options of `npm run bench`. */
export interface BenchOptions {
  /** Background items (on top of the hot fixtures). */
  items: number;
  /** Concurrent HTTP clients of the completion run, and pgbench clients. */
  clients: number;
  /** Duration of the completion run and of pgbench. */
  seconds: number;
  /** Duration of each autocannon run of the overhead comparison. */
  overheadSeconds: number;
  /** Requests per list measurement (after a warm-up). */
  samples: number;
  databaseUrl: string;
  /** Keep the scratch databases (and print their URLs), and the replay's bench_replay table in the large one. */
  keep: boolean;
  /** Skip notification and audit rows in the generated data. */
  noHistory: boolean;
  /** Write a V8 CPU profile of the server child into bench/results/. */
  cpuProf: boolean;
  /** Write a V8 CPU profile of the server covering the completion run's measured window only. */
  profileCompletions: boolean;
  /**
   * Run only these phases: 'completions' = the data load, the completion run, the replay and pgbench
   * (the figures of the completion ratios); 'overhead' = the organisation and the overhead
   * comparison (GET /api/me against the hello route), no items; undefined = every phase.
   */
  only: 'completions' | 'overhead' | undefined;
  /** Write a V8 CPU profile of the server over the overhead comparison's GET /api/me slices. */
  profileOverhead: boolean;
  /** Connections of the server's pool (DB_POOL_SIZE); default: the server's own default. */
  poolSize: number | undefined;
  /** pgbench scale factor; default: the client count. */
  pgbenchScale: number | undefined;
  /** Completions recorded and replayed through pgbench (the database's floor). */
  replay: number;
  /** Seed of the data generator. */
  seed: number;
  /** Items of the big department (督办查询 50k/5k ratio), written into the large database only. */
  bigList: number;
}

const HELP = `npm run bench -- [options]

  --items N            background items (default 100000), about 10 tasks each
  --clients K          concurrent clients for completions and pgbench tpcb-like (default 16; the
                       replay has as many connections as the server's pool, see --pool)
  --seconds S          duration of the completion run and of pgbench (default 30)
  --overhead-seconds S duration of each autocannon run (default 10)
  --samples N          requests per list measurement (default 200)
  --database-url URL   PostgreSQL server (default DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres)
  --pool N             the server's DB_POOL_SIZE, and the replay's connections (default: DB_POOL_SIZE
                       or the server's default, 10)
  --pgbench-scale N    pgbench -s (default: the client count)
  --replay N           completions recorded and replayed by pgbench as the floor (default 6000)
  --seed N             data generator seed (default 1)
  --big-list N         items of the big department in the large database (default 50000)
  --no-history         no notification and audit rows
  --cpu-prof           write a CPU profile of the server into bench/results/
  --profile-completions write a CPU profile of the server during the completion run's measured
                       window only (bench/results/<run>-completions.cpuprofile)
  --only completions   only the completion run, the replay and pgbench (skips lists, views, ledger,
                       EXPLAIN, overhead, embedded and org import)
  --only overhead      only the organisation and the overhead comparison (no items, no other phase)
  --profile-overhead   write a CPU profile of the server over the overhead comparison's GET /api/me
                       slices (bench/results/<run>-overhead.cpuprofile; in a whole run also the
                       server started afresh's, <run>-overhead-afresh.cpuprofile)
  --keep               keep the scratch databases, and the replay's rows (bench_replay) with its
                       pgbench command (printed); the replay commits them, so a rerun needs a copy
                       of the database as it was before the replay
`;

function positive(name: string, raw: string | undefined): number {
  const value = Number(raw);
  if (!raw || !Number.isInteger(value) || value <= 0) {
    throw new Error(`${name} needs a positive whole number, got ${raw ?? 'nothing'}`);
  }
  return value;
}

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  const options: BenchOptions = {
    items: 100_000,
    clients: 16,
    seconds: 30,
    overheadSeconds: 10,
    samples: 200,
    databaseUrl: env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    keep: false,
    noHistory: false,
    cpuProf: false,
    profileCompletions: false,
    profileOverhead: false,
    only: undefined,
    poolSize: undefined,
    pgbenchScale: undefined,
    replay: 6000,
    seed: 1,
    bigList: 50_000,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes('=') ? (arg.split('=', 2) as [string, string]) : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--items':
        options.items = positive(flag, value());
        break;
      case '--clients':
        options.clients = positive(flag, value());
        break;
      case '--seconds':
        options.seconds = positive(flag, value());
        break;
      case '--overhead-seconds':
        options.overheadSeconds = positive(flag, value());
        break;
      case '--samples':
        options.samples = positive(flag, value());
        break;
      case '--database-url':
        options.databaseUrl = value() ?? '';
        break;
      case '--pool':
        options.poolSize = positive(flag, value());
        break;
      case '--pgbench-scale':
        options.pgbenchScale = positive(flag, value());
        break;
      case '--replay':
        options.replay = positive(flag, value());
        break;
      case '--seed':
        options.seed = positive(flag, value());
        break;
      case '--big-list':
        options.bigList = positive(flag, value());
        break;
      case '--no-history':
        options.noHistory = true;
        break;
      case '--cpu-prof':
        options.cpuProf = true;
        break;
      case '--profile-completions':
        options.profileCompletions = true;
        break;
      case '--profile-overhead':
        options.profileOverhead = true;
        break;
      case '--only': {
        const phase = value();
        if (phase !== 'completions' && phase !== 'overhead')
          throw new Error(`--only takes "completions" or "overhead", got ${phase ?? 'nothing'}`);
        options.only = phase;
        break;
      }
      case '--keep':
        options.keep = true;
        break;
      case '--help':
      case '-h':
        process.stdout.write(HELP);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${arg}\n\n${HELP}`);
    }
  }
  if (!/^postgres(ql)?:\/\//.test(options.databaseUrl)) {
    throw new Error(`--database-url must be postgres://…, got "${options.databaseUrl}"`);
  }
  return options;
}
