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
  /**
   * Whether the server renders the signed-in first screens with the user's data
   * (plugins/first-screen.ts); off, those pages are the build's static HTML and the browser asks
   * for their data.
   */
  serverRender: boolean;
  /** How long a page may wait for its render before the static page goes out instead. */
  serverRenderTimeoutMs: number;
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
    /** Per (username, client address). */
    maxFailures: number;
    /** Per username across all addresses. */
    maxFailuresGlobal: number;
    windowMinutes: number;
    lockMinutes: number;
    /** Login attempts (any outcome) per client address per minute; at least 60 (API contract). */
    ratePerMinute: number;
  };
  password: {
    minLength: number;
    requireLetterAndDigit: boolean;
  };
  /** Trust X-Forwarded-* from a load balancer (for client addresses in the audit log). */
  trustProxy: boolean;
  /** Bearer token for GET /metrics; undefined = no metrics endpoint. */
  metricsToken: string | undefined;
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
  /** Largest uploaded file (attachments, imports), in MiB. */
  attachmentMaxMb: number;
  /** 申请办结 needs at least one attachment on its task (spec §13). */
  requireCloseEvidence: boolean;
  /** Sign-in and sync from the office's LDAP/AD directory; undefined = off. */
  ldap: LdapConfig | undefined;
  /** Single sign-on through an OIDC provider (统一身份认证); undefined = off. */
  oidc: OidcConfig | undefined;
  /** Deadlines, reminders and 催办 (spec §11). */
  deadlines: DeadlineConfig;
  /** The login page's contact line (咨询热线, HELP_CONTACT); undefined = not shown. */
  helpContact: string | undefined;
}

export interface DeadlineConfig {
  /** DEADLINE_DAYS: count working days (default) or calendar days. */
  days: 'working' | 'natural';
  /** Yellow light within this many working days of the effective due date. */
  dueSoonDays: number;
  /** The `due` reminder this many working days before the effective due date. */
  dueRemindDays: number;
  /** Overdue reminders repeat every this many overdue working days. */
  overdueRepeatDays: number;
  /** On this overdue working day the lead head and the registrar are told (escalated). */
  escalateHeadDays: number;
  /** On this overdue working day every leader is told (escalated). */
  escalateLeaderDays: number;
  /** At most one 催办 per item per this many minutes (429 otherwise). */
  urgeMinIntervalMinutes: number;
  /** QUIET_HOURS: minutes after midnight [start, end) when outside channels (e-mail) hold reminders. */
  quietHours: { start: number; end: number } | undefined;
}

export interface LdapConfig {
  /** ldap://host:389 or ldaps://host:636 */
  url: string;
  /** Upgrade an ldap:// connection with StartTLS before binding. */
  startTls: boolean;
  /** PEM file of the CA that signed the directory's certificate (default: the system's CAs). */
  caFile: string | undefined;
  /** The service account that searches the directory (unset = anonymous search). */
  bindDn: string | undefined;
  bindPassword: string | undefined;
  /** Where users (and, without a department attribute, the OUs that are departments) are searched. */
  baseDn: string;
  /** Which entries are Duban users, e.g. (objectClass=inetOrgPerson). */
  userFilter: string;
  /** Minutes between directory syncs (0 = only on demand). */
  syncMinutes: number;
  attributes: {
    username: string;
    name: string;
    email: string;
    phone: string;
    /** Unset: the department is the user's OU path below baseDn; set: this attribute holds it. */
    department: string | undefined;
    /** Unset: new users are 具体负责人 and existing ones keep theirs. */
    position: string | undefined;
  };
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  /** The login button says `${name}登录`. */
  name: string;
  /** The claim that holds a Duban username. */
  usernameClaim: string;
  /** The callback URL registered at the provider; unset = derived from the request. */
  redirectUri: string | undefined;
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

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function loadLdap(env: Env): LdapConfig | undefined {
  const url = str(env, 'LDAP_URL');
  if (url === undefined) return undefined;
  if (!/^ldaps?:\/\/[^/]+\/?$/.test(url)) {
    throw new ConfigError('LDAP_URL', `must be ldap://host[:port] or ldaps://host[:port], got "${url}"`);
  }
  const startTls = bool(env, 'LDAP_STARTTLS', false);
  if (startTls && url.startsWith('ldaps://')) {
    throw new ConfigError('LDAP_STARTTLS', 'is for ldap:// URLs; ldaps:// is encrypted already');
  }
  const baseDn = str(env, 'LDAP_BASE_DN');
  if (baseDn === undefined) throw new ConfigError('LDAP_BASE_DN', 'is required when LDAP_URL is set');
  const bindDn = str(env, 'LDAP_BIND_DN');
  const bindPassword = env.LDAP_BIND_PASSWORD === '' ? undefined : env.LDAP_BIND_PASSWORD;
  if (bindDn !== undefined && bindPassword === undefined) {
    throw new ConfigError('LDAP_BIND_PASSWORD', 'is required when LDAP_BIND_DN is set');
  }
  const userFilter = str(env, 'LDAP_USER_FILTER') ?? '(objectClass=inetOrgPerson)';
  if (!/^\(.*\)$/.test(userFilter)) {
    throw new ConfigError('LDAP_USER_FILTER', `must be an LDAP filter in parentheses, got "${userFilter}"`);
  }
  const attribute = (name: string, fallback: string) => {
    const value = str(env, name) ?? fallback;
    if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(value))
      throw new ConfigError(name, `is not an attribute name: "${value}"`);
    return value;
  };
  const optionalAttribute = (name: string) =>
    str(env, name) === undefined ? undefined : attribute(name, '');
  return {
    url: url.replace(/\/$/, ''),
    startTls,
    caFile: str(env, 'LDAP_TLS_CA_FILE'),
    bindDn,
    bindPassword,
    baseDn,
    userFilter,
    syncMinutes: int(env, 'LDAP_SYNC_MINUTES', 60, 0, 7 * 24 * 60),
    attributes: {
      username: attribute('LDAP_ATTR_USERNAME', 'uid'),
      name: attribute('LDAP_ATTR_NAME', 'cn'),
      email: attribute('LDAP_ATTR_EMAIL', 'mail'),
      phone: attribute('LDAP_ATTR_PHONE', 'mobile'),
      department: optionalAttribute('LDAP_ATTR_DEPARTMENT'),
      position: optionalAttribute('LDAP_ATTR_POSITION'),
    },
  };
}

function httpsUrl(env: Env, name: string): string | undefined {
  const raw = str(env, name);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `is not a URL: "${raw}"`);
  }
  // Plain http only to this machine (a provider started by the tests, a local proxy).
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new ConfigError(name, `must be an https:// URL, got "${raw}"`);
  }
  return raw;
}

function loadOidc(env: Env): OidcConfig | undefined {
  const issuer = httpsUrl(env, 'OIDC_ISSUER');
  if (issuer === undefined) return undefined;
  const clientId = str(env, 'OIDC_CLIENT_ID');
  if (clientId === undefined) throw new ConfigError('OIDC_CLIENT_ID', 'is required when OIDC_ISSUER is set');
  const usernameClaim = str(env, 'OIDC_USERNAME_CLAIM') ?? 'preferred_username';
  return {
    issuer,
    clientId,
    clientSecret: str(env, 'OIDC_CLIENT_SECRET'),
    name: str(env, 'OIDC_NAME') ?? '统一身份认证',
    usernameClaim,
    redirectUri: httpsUrl(env, 'OIDC_REDIRECT_URI'),
  };
}

function minutesOf(text: string): number | undefined {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!match) return undefined;
  const h = Number(match[1]);
  const m = Number(match[2]);
  return h <= 23 && m <= 59 ? h * 60 + m : undefined;
}

function loadDeadlines(env: Env): DeadlineConfig {
  const days = str(env, 'DEADLINE_DAYS') ?? 'working';
  if (days !== 'working' && days !== 'natural') {
    throw new ConfigError('DEADLINE_DAYS', `must be working or natural, got "${days}"`);
  }
  const quiet = str(env, 'QUIET_HOURS');
  let quietHours: DeadlineConfig['quietHours'];
  if (quiet !== undefined) {
    const [from, to, extra] = quiet.split('-').map((p) => p.trim());
    const start = from === undefined ? undefined : minutesOf(from);
    const end = to === undefined ? undefined : minutesOf(to);
    if (start === undefined || end === undefined || extra !== undefined || start === end) {
      throw new ConfigError('QUIET_HOURS', `must be HH:MM-HH:MM (e.g. 22:00-07:30), got "${quiet}"`);
    }
    quietHours = { start, end };
  }
  const escalateHeadDays = int(env, 'ESCALATE_HEAD_DAYS', 3, 1, 365);
  const escalateLeaderDays = int(env, 'ESCALATE_LEADER_DAYS', 10, 1, 365);
  return {
    days,
    dueSoonDays: int(env, 'DUE_SOON_DAYS', 5, 0, 365),
    dueRemindDays: int(env, 'DUE_REMIND_DAYS', 3, 0, 365),
    overdueRepeatDays: int(env, 'OVERDUE_REPEAT_DAYS', 5, 1, 365),
    escalateHeadDays,
    escalateLeaderDays,
    urgeMinIntervalMinutes: int(env, 'URGE_MIN_INTERVAL_MINUTES', 240, 0, 7 * 24 * 60),
    quietHours,
  };
}

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
    serverRender: bool(env, 'SERVER_RENDER', true),
    serverRenderTimeoutMs: int(env, 'SERVER_RENDER_TIMEOUT_MS', 1500, 100, 60_000),
    timeZone,
    session: {
      idleMinutes: int(env, 'SESSION_IDLE_MINUTES', 30, 1, 7 * 24 * 60),
      absoluteHours: int(env, 'SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30),
      secureCookie: bool(env, 'COOKIE_SECURE', false),
      cacheSeconds: int(env, 'SESSION_CACHE_SECONDS', 2, 0, 60),
    },
    lockout: {
      maxFailures: int(env, 'LOGIN_MAX_FAILURES', 5, 1, 100),
      maxFailuresGlobal: int(env, 'LOGIN_MAX_FAILURES_GLOBAL', 50, 1, 10_000),
      windowMinutes: int(env, 'LOGIN_FAILURE_WINDOW_MINUTES', 15, 1, 24 * 60),
      lockMinutes: int(env, 'LOGIN_LOCK_MINUTES', 15, 1, 24 * 60),
      ratePerMinute: int(env, 'LOGIN_RATE_LIMIT_PER_MINUTE', 60, 60, 100_000),
    },
    password: {
      minLength: int(env, 'PASSWORD_MIN_LENGTH', 8, 6, 128),
      requireLetterAndDigit: bool(env, 'PASSWORD_REQUIRE_LETTER_DIGIT', true),
    },
    trustProxy: bool(env, 'TRUST_PROXY', false),
    metricsToken: str(env, 'METRICS_TOKEN'),
    jobs: {
      enabled: bool(env, 'JOBS_ENABLED', true),
      monthlyDay: int(env, 'MONTHLY_SUPERVISION_DAY', 1, 1, 28),
      intervalSeconds: int(env, 'JOBS_INTERVAL_SECONDS', 300, 1, 24 * 3600),
    },
    smtp: {
      url: smtpUrl,
      from: str(env, 'SMTP_FROM') ?? 'Duban 督办 <duban@localhost>',
    },
    attachmentMaxMb: int(env, 'ATTACHMENT_MAX_MB', 20, 1, 1024),
    requireCloseEvidence: bool(env, 'REQUIRE_CLOSE_EVIDENCE', false),
    ldap: loadLdap(env),
    oidc: loadOidc(env),
    deadlines: loadDeadlines(env),
    helpContact: str(env, 'HELP_CONTACT'),
  };
  if (config.session.idleMinutes > config.session.absoluteHours * 60) {
    throw new ConfigError('SESSION_IDLE_MINUTES', 'must not exceed SESSION_ABSOLUTE_HOURS');
  }
  return config;
}
