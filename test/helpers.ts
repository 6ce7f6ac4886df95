/**
 * HTTP test harness: the real Fastify app on a real database of the file's own, a clock the test
 * moves, and signed-in clients that keep their cookie.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { DatabaseHandle } from '../src/db/client';
import type { Position, Role } from '../src/domain/types';
import type { Scheduler } from '../src/jobs/scheduler';
import { newId } from '../src/platform/ids';
import type { Mailer } from '../src/platform/mailer';
import { type AppOptions, buildApp, type Services } from '../src/server/app';
import { bootstrap } from '../src/server/bootstrap';
import { type Config, loadConfig } from '../src/server/config';
import { pinyinKey } from '../src/server/modules/org/pinyin';
import * as org from '../src/server/modules/org/repository';
import { hashPassword } from '../src/server/passwords';
import type { AppInstance } from '../src/server/types';
import { createTestDatabase } from './db';

export const ADMIN_PASSWORD = 'Admin12345';
/** Every user a factory creates has this password. */
export const PASSWORD = 'Passw0rd1';

export class TestClock {
  private at: number;
  constructor(start = '2026-03-02T01:00:00.000Z') {
    this.at = Date.parse(start);
  }
  now = (): Date => new Date(this.at);
  advance(ms: number): void {
    this.at += ms;
  }
  advanceMinutes(minutes: number): void {
    this.advance(minutes * 60_000);
  }
  set(iso: string): void {
    this.at = Date.parse(iso);
  }
}

export interface Client {
  username: string;
  id: string;
  request(
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

export interface TestApp {
  app: AppInstance;
  services: Services;
  scheduler: Scheduler;
  db: DatabaseHandle & { url?: string };
  clock: TestClock;
  config: Config;
  /** Signs in through the API and returns a client that sends the cookie and the CSRF header. */
  login(username: string, password?: string): Promise<Client>;
  /** The admin created on first start (password ADMIN_PASSWORD). */
  admin(): Promise<Client>;
  close(): Promise<void>;
}

export async function createTestApp(
  overrides: Partial<Config> = {},
  options: { mailer?: Mailer; importHooks?: AppOptions['importHooks'] } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  const clock = new TestClock();
  const base = loadConfig({ LOG_LEVEL: 'silent' });
  // Every test signs its users in from one address (app.inject): the per-address login limit is the
  // subject of its own test (login-rate.test.ts), not a ceiling on the others.
  const config: Config = { ...base, lockout: { ...base.lockout, ratePerMinute: 100_000 }, ...overrides };
  await bootstrap(db.db, clock.now(), ADMIN_PASSWORD);
  const { app, services, scheduler } = await buildApp({
    config,
    db: db.db,
    clock: clock.now,
    logger: false,
    ...(options.mailer ? { mailer: options.mailer } : {}),
    ...(options.importHooks ? { importHooks: options.importHooks } : {}),
  });
  await app.ready();

  async function login(username: string, password = PASSWORD): Promise<Client> {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'duban_sid');
    if (!cookie) throw new Error('no session cookie');
    const id = (res.json() as { user: { id: string } }).user.id;
    const request = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
      app.inject({
        method: method as 'GET',
        url,
        cookies: { duban_sid: cookie.value },
        headers: { 'x-requested-with': 'duban', ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      });
    return {
      username,
      id,
      request,
      get: (url) => request('GET', url),
      post: (url, body) => request('POST', url, body ?? {}),
      patch: (url, body) => request('PATCH', url, body ?? {}),
      put: (url, body) => request('PUT', url, body ?? {}),
    };
  }

  return {
    app,
    services,
    scheduler,
    db,
    clock,
    config,
    login,
    admin: () => login('admin', ADMIN_PASSWORD),
    async close() {
      await app.close();
      await db.close();
    },
  };
}

let passwordHash: Promise<string> | undefined;

/** Factories write rows directly (one shared argon2 hash) so that setting up an organisation is fast. */
export async function createDepartment(t: TestApp, name: string, parentId: string | null = null) {
  const row = { id: newId(), name, parentId, sortOrder: 0 };
  await org.insertDepartment(t.db.db, { ...row, createdAt: t.clock.now() });
  return row;
}

export async function createUser(
  t: TestApp,
  input: { username: string; name?: string; departmentId: string; position?: Position; roles?: Role[] },
) {
  passwordHash ??= hashPassword(PASSWORD);
  const name = input.name ?? input.username;
  const row = {
    id: newId(),
    username: input.username,
    name,
    departmentId: input.departmentId,
    position: input.position ?? 'staff',
    disabled: false,
    roles: input.roles ?? [],
  };
  await org.insertUser(t.db.db, {
    ...row,
    pinyin: pinyinKey(name),
    passwordHash: await passwordHash,
    createdAt: t.clock.now(),
  });
  return row;
}

/** A multipart/form-data body with one file field named `file`. */
export function multipart(
  fileName: string,
  data: Buffer,
  contentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
) {
  const boundary = `----duban${Date.now()}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`;
  return {
    body: Buffer.concat([Buffer.from(head), data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** The error body of the contract. */
export function errorOf(res: LightMyRequestResponse): {
  code: string;
  message: string;
  fields?: Record<string, string>;
} {
  return (res.json() as { error: { code: string; message: string; fields?: Record<string, string> } }).error;
}

export { newId };
