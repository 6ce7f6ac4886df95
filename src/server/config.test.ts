import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('config', () => {
  it('has the contract defaults', () => {
    const config = loadConfig({}, '/srv/duban');
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: '/srv/duban/data',
      bootstrapAdminPassword: undefined,
      timeZone: 'Asia/Shanghai',
      session: { idleMinutes: 30, absoluteHours: 12, secureCookie: false },
      lockout: { maxFailures: 5, windowMinutes: 15, lockMinutes: 15 },
      password: { minLength: 8, requireLetterAndDigit: true },
      jobs: { enabled: true, monthlyDay: 1 },
      smtp: { url: undefined },
    });
  });

  it('reads every setting', () => {
    const config = loadConfig(
      {
        PORT: '0',
        HOST: '0.0.0.0',
        DATABASE_URL: 'postgres://u@db/duban',
        DATA_DIR: '/var/lib/duban',
        BOOTSTRAP_ADMIN_PASSWORD: 'Start1234',
        SESSION_IDLE_MINUTES: '10',
        SESSION_ABSOLUTE_HOURS: '8',
        LOGIN_MAX_FAILURES: '3',
        LOGIN_LOCK_MINUTES: '60',
        PASSWORD_MIN_LENGTH: '12',
        PASSWORD_REQUIRE_LETTER_DIGIT: 'false',
        MONTHLY_SUPERVISION_DAY: '25',
        TIME_ZONE: 'Asia/Urumqi',
        SMTP_URL: 'smtp://mail.example.gov.cn:25',
        COOKIE_SECURE: 'yes',
      },
      '/x',
    );
    expect(config).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      databaseUrl: 'postgres://u@db/duban',
      dataDir: '/var/lib/duban',
      bootstrapAdminPassword: 'Start1234',
      session: { idleMinutes: 10, absoluteHours: 8, secureCookie: true },
      lockout: { maxFailures: 3, lockMinutes: 60 },
      password: { minLength: 12, requireLetterAndDigit: false },
      jobs: { monthlyDay: 25 },
      timeZone: 'Asia/Urumqi',
      smtp: { url: 'smtp://mail.example.gov.cn:25' },
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ SESSION_IDLE_MINUTES: '0' }, 'SESSION_IDLE_MINUTES'],
    [{ SESSION_IDLE_MINUTES: '1000', SESSION_ABSOLUTE_HOURS: '1' }, 'SESSION_IDLE_MINUTES'],
    [{ LOGIN_MAX_FAILURES: '-1' }, 'LOGIN_MAX_FAILURES'],
    [{ MONTHLY_SUPERVISION_DAY: '31' }, 'MONTHLY_SUPERVISION_DAY'],
    [{ COOKIE_SECURE: 'maybe' }, 'COOKIE_SECURE'],
    [{ TIME_ZONE: 'Mars/Olympus' }, 'TIME_ZONE'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SMTP_URL: 'http://x' }, 'SMTP_URL'],
  ])('%j stops start-up naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(variable);
  });
});
