/**
 * All settings in one place. Nothing else in Duban reads `process.env`; a bad value stops
 * start-up with a message naming the variable.
 */
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** postgres://… to use a PostgreSQL server; undefined = embedded PGlite in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Connections per instance to a PostgreSQL server. */
  dbPoolSize: number;
  bootstrapAdminPassword: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Directory of the built web UI (Vite output). */
  webDir: string;
  /** IANA time zone whose calendar date is "today" for deadlines and reminders. */
  timeZone: string;
  session: {
    idleMinutes: number;
    absoluteHours: number;
    /** Set the Secure flag on the session cookie (enable behind HTTPS). */
    secureCookie: boolean;
    /** How long a read-only request may use a session read before (0 = always read it). */
    cacheSeconds: number;
  };
  lockout: {
    maxFailures: number;
    windowMinutes: number;
    lockMinutes: number;
  };
  password: {
    minLength: number;
    requireLetterAndDigit: boolean;
  };
  /** Trust X-Forwarded-* from a load balancer (for client addresses in the audit log). */
  trustProxy: boolean;
  jobs: {
    enabled: boolean;
    /** Day of month (1–28) on which 每月督办 reminders go out. */
    monthlyDay: number;
    /** How often each instance looks for due reminders. */
    intervalSeconds: number;
  };
  smtp: {
    /** e.g. smtp://user:pass@mail.example.gov.cn:587; undefined = e-mail off. */
    url: string | undefined;
    from: string;
  };
}

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`配置错误 / invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function str(env: Env, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Reads and checks the configuration; throws ConfigError on the first bad value. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const databaseUrl = str(env, 'DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must start with postgres:// or postgresql://');
  }
  const logLevel = str(env, 'LOG_LEVEL') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  }
  const timeZone = str(env, 'TIME_ZONE') ?? 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone });
  } catch {
    throw new ConfigError('TIME_ZONE', `is not a known time zone: "${timeZone}"`);
  }
  const smtpUrl = str(env, 'SMTP_URL');
  if (smtpUrl !== undefined && !/^smtps?:\/\//.test(smtpUrl)) {
    throw new ConfigError('SMTP_URL', 'must start with smtp:// or smtps://');
  }
  const bootstrapAdminPassword = str(env, 'BOOTSTRAP_ADMIN_PASSWORD');
  const config: Config = {
    port: int(env, 'PORT', 3000, 0, 65535),
    host: str(env, 'HOST') ?? '127.0.0.1',
    databaseUrl,
    dataDir: path.resolve(cwd, str(env, 'DATA_DIR') ?? './data'),
    dbPoolSize: int(env, 'DB_POOL_SIZE', 10, 1, 500),
    bootstrapAdminPassword,
    logLevel: logLevel as Config['logLevel'],
    webDir: path.resolve(cwd, str(env, 'WEB_DIR') ?? './dist/web'),
    timeZone,
    session: {
      idleMinutes: int(env, 'SESSION_IDLE_MINUTES', 30, 1, 7 * 24 * 60),
      absoluteHours: int(env, 'SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30),
      secureCookie: bool(env, 'COOKIE_SECURE', false),
      cacheSeconds: int(env, 'SESSION_CACHE_SECONDS', 2, 0, 60),
    },
    lockout: {
      maxFailures: int(env, 'LOGIN_MAX_FAILURES', 5, 1, 100),
      windowMinutes: int(env, 'LOGIN_FAILURE_WINDOW_MINUTES', 15, 1, 24 * 60),
      lockMinutes: int(env, 'LOGIN_LOCK_MINUTES', 15, 1, 24 * 60),
    },
    password: {
      minLength: int(env, 'PASSWORD_MIN_LENGTH', 8, 6, 128),
      requireLetterAndDigit: bool(env, 'PASSWORD_REQUIRE_LETTER_DIGIT', true),
    },
    trustProxy: bool(env, 'TRUST_PROXY', false),
    jobs: {
      enabled: bool(env, 'JOBS_ENABLED', true),
      monthlyDay: int(env, 'MONTHLY_SUPERVISION_DAY', 1, 1, 28),
      intervalSeconds: int(env, 'JOBS_INTERVAL_SECONDS', 300, 1, 24 * 3600),
    },
    smtp: {
      url: smtpUrl,
      from: str(env, 'SMTP_FROM') ?? 'Duban 督办 <duban@localhost>',
    },
  };
  if (config.session.idleMinutes > config.session.absoluteHours * 60) {
    throw new ConfigError('SESSION_IDLE_MINUTES', 'must not exceed SESSION_ABSOLUTE_HOURS');
  }
  return config;
}
