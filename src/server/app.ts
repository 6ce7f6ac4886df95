/**
 * Builds the Fastify application: plugins, hooks, and every module's routes. No listening, no
 * process handling (see main.ts), so tests drive it with `app.inject`.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import ajvFormats from 'ajv-formats';
import { sql } from 'drizzle-orm';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { Type } from 'typebox';
import type { Database } from '../db/client';
import { AppError } from '../domain/errors';
import { createScheduler, type Scheduler } from '../jobs/scheduler';
import type { Clock } from '../platform/clock';
import { createMailer, type Mailer } from '../platform/mailer';
import type { Config } from './config';
import type { AppContext } from './context';
import { registerErrorHandling } from './errors';
import { attachmentRoutes } from './modules/attachments/routes';
import { createAttachmentsService } from './modules/attachments/service';
import { auditRoutes } from './modules/audit/routes';
import { createAuditService } from './modules/audit/service';
import { authRoutes } from './modules/auth/routes';
import { type AuthService, createAuthService } from './modules/auth/service';
import { calendarRoutes } from './modules/calendar/routes';
import { createCalendarService } from './modules/calendar/service';
import { directoryRoutes } from './modules/directory/routes';
import { createDirectoryService } from './modules/directory/service';
import { createCommandRunner } from './modules/items/commands';
import { createItemListService } from './modules/items/list';
import { itemRoutes } from './modules/items/routes';
import { createItemsService } from './modules/items/service';
import { ledgerRoutes } from './modules/ledger/routes';
import { createLedgerService } from './modules/ledger/service';
import { notificationRoutes } from './modules/notifications/routes';
import { createNotificationsService } from './modules/notifications/service';
import { oidcRoutes } from './modules/oidc/routes';
import { createOidcService } from './modules/oidc/service';
import { createOrgImportService, type ImportHooks } from './modules/org/import';
import { orgImportRoutes } from './modules/org/import-routes';
import { orgRoutes } from './modules/org/routes';
import { createOrgService } from './modules/org/service';
import { peopleRoutes } from './modules/people/routes';
import { createPeopleService } from './modules/people/service';
import { reportRoutes } from './modules/reports/routes';
import { createReportsService } from './modules/reports/service';
import { summaryRoutes } from './modules/summary/routes';
import { createSummaryService } from './modules/summary/service';
import { taskRoutes } from './modules/tasks/routes';
import { createTasksService } from './modules/tasks/service';
import { describeRoute, documentErrors } from './openapi';
import { registerAuthHooks } from './plugins/auth';
import { registerEdge } from './plugins/edge';
import { boundedDateFormats } from './plugins/input';
import { SnapshotStore } from './plugins/rate-limit-store';
import { registerWeb } from './plugins/web';
import { lazySchemas } from './schemas';
import type { AppInstance } from './types';

/** How long a health check waits for the database before calling it unavailable. */
const HEALTH_TIMEOUT_MS = 3000;

export interface AppOptions {
  config: Config;
  db: Database;
  clock?: Clock;
  /** A ready pino logger (main.ts) or false for none (tests). */
  logger?: FastifyBaseLogger | false;
  /** E-mail transport; by default built from config.smtp (off unless SMTP_URL is set). */
  mailer?: Mailer;
  /** Where tests watch long-running work (an import's password hashing). */
  importHooks?: Pick<ImportHooks, 'onPasswordsHashed'>;
}

export function createServices(ctx: AppContext, mailer: Mailer, importHooks: AppOptions['importHooks'] = {}) {
  const calendar = createCalendarService(ctx);
  const runner = createCommandRunner(ctx, mailer, calendar.rules);
  const attachments = createAttachmentsService(ctx, runner);
  // The directory tells the session cache about the users it changed; auth checks passwords with it.
  let auth: AuthService | undefined;
  const onUserChanged = (userId: string) => auth?.forgetUser(userId);
  const directory = createDirectoryService(ctx, { onUserChanged });
  auth = createAuthService(ctx, directory.enabled ? directory : undefined);
  const people = createPeopleService(ctx, runner);
  return {
    calendar,
    people,
    auth,
    directory,
    oidc: createOidcService(ctx, auth),
    org: createOrgService(ctx, { onUserChanged, beforeDisable: people.beforeDisable }),
    orgImport: createOrgImportService(ctx, { ...importHooks, onUserChanged }),
    audit: createAuditService(ctx),
    items: createItemsService(ctx, runner, attachments),
    tasks: createTasksService(ctx, runner, calendar, attachments),
    reports: createReportsService(ctx, runner, calendar),
    attachments,
    notifications: createNotificationsService(ctx),
    itemList: createItemListService(ctx, calendar),
    ledger: createLedgerService(ctx, runner, calendar),
    summary: createSummaryService(ctx, calendar),
  };
}

export type Services = ReturnType<typeof createServices>;

export async function buildApp(
  options: AppOptions,
): Promise<{ app: AppInstance; services: Services; scheduler: Scheduler }> {
  const { config, db } = options;
  const clock = options.clock ?? (() => new Date());
  // Each route's schemas are compiled on first use, the rest once the server listens (schemas.ts).
  const schemas = lazySchemas();
  const app = Fastify({
    schemaController: { compilersFactory: schemas.compilersFactory },
    loggerInstance: options.logger || undefined,
    trustProxy: config.trustProxy,
    // Validation names every offending field at once (contract: "collect all errors").
    // Dates lie in 1900–2999 (plugins/input.ts). (Not strictNumbers: with coercion it lets `1e400`
    // through as Infinity; integer parameters carry a maximum instead.)
    ajv: {
      customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: true },
      // ajv-formats first (named, so Fastify does not add it again after ours), then the bounds.
      plugins: [ajvFormats as unknown as typeof boundedDateFormats, boundedDateFormats],
    },
    // JSON bodies up to 1 MiB (contract); a larger one is a 413 before it is read. Uploads are
    // multipart, limited per route by ATTACHMENT_MAX_MB instead.
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const mailer = options.mailer ?? createMailer(config.smtp, app.log);
  const services = createServices({ db, config, clock, log: app.log }, mailer, options.importHooks);

  registerErrorHandling(app);
  app.addHook('onListen', (done) => {
    setImmediate(() => {
      schemas.compileAll().catch((error) => app.log.error({ err: error }, 'compiling the route schemas'));
    });
    done();
  });
  // Security headers and compression: before every route (see plugins/edge.ts).
  const metrics = await registerEdge(app, {
    https: config.session.secureCookie,
    metricsToken: config.metricsToken,
    db,
  });
  await app.register(fastifyCookie);
  // Per-address request limits, only on the routes that ask for one (the login: LOGIN_RATE_LIMIT_PER_MINUTE).
  await app.register(fastifyRateLimit, {
    global: false,
    store: SnapshotStore,
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', `请求过于频繁，请 ${Math.ceil(context.ttl / 1000)} 秒后再试`),
  });
  registerAuthHooks(app, services.auth);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Duban 督办 API',
        version: '1',
        description: '督办系统 HTTP API。会话 Cookie 认证；修改类请求须带请求头 X-Requested-With: duban。',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'duban_sid' } } },
      security: [{ session: [] }],
    },
    transform: describeRoute,
    transformObject: documentErrors,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list' },
    // The docs page's own CSP (hashes of its inline parts) replaces the site's on those routes.
    staticCSP: true,
  });

  // Health (contract): 200 while the database answers, 503 `unavailable` while it does not —
  // and 200 again by itself once it is back (nothing is cached). Readiness (for a load balancer):
  // the same check, and 503 from the moment the server starts shutting down, so that traffic
  // moves elsewhere before the connections close.
  let draining = false;
  app.addHook('preClose', async () => {
    draining = true;
  });
  const databaseAnswers = async (): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        db.execute(sql`select 1`),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('database check timed out')), HEALTH_TIMEOUT_MS);
        }),
      ]);
      return true;
    } catch (error) {
      app.log.warn({ err: error }, 'health check: the database does not answer');
      return false;
    } finally {
      clearTimeout(timer);
    }
  };
  const HealthAnswer = Type.Object({ status: Type.String() });
  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: '健康检查：数据库可用时 200，不可用时 503 unavailable',
        response: { 200: HealthAnswer },
      },
    },
    async () => {
      if (!(await databaseAnswers())) throw new AppError('unavailable', '数据库暂时无法连接');
      return { status: 'ok' };
    },
  );
  app.get(
    '/api/health/ready',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: '就绪检查（负载均衡用）：可接收请求时 200，数据库不可用或正在关闭时 503',
        response: { 200: HealthAnswer },
      },
    },
    async () => {
      if (draining) throw new AppError('unavailable', '服务正在关闭');
      if (!(await databaseAnswers())) throw new AppError('unavailable', '数据库暂时无法连接');
      return { status: 'ready' };
    },
  );
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  authRoutes(app, services.auth, config.session.secureCookie, config.lockout.ratePerMinute, {
    local: true,
    ldap: config.ldap !== undefined,
    oidc: config.oidc ? { name: config.oidc.name } : null,
  });
  orgRoutes(app, services.org);
  orgImportRoutes(app, services.orgImport, config.attachmentMaxMb);
  directoryRoutes(app, services.directory);
  oidcRoutes(app, services.oidc, services.auth, {
    secureCookie: config.session.secureCookie,
    redirectUri: config.oidc?.redirectUri,
  });
  auditRoutes(app, services.audit, config.timeZone);
  itemRoutes(app, services.items, services.itemList);
  ledgerRoutes(app, services.ledger);
  summaryRoutes(app, services.summary);
  peopleRoutes(app, services.people);
  taskRoutes(app, services.tasks, services.people);
  reportRoutes(app, services.reports);
  notificationRoutes(app, services.notifications);
  calendarRoutes(app, services.calendar, config.helpContact);
  attachmentRoutes(app, services.attachments, config.attachmentMaxMb);

  await registerWeb(app, config.webDir, config.serverRender ? config.serverRenderTimeoutMs : undefined);

  // Started by main.ts when JOBS_ENABLED; tests call runOnce() with their own clock.
  const { days: _days, urgeMinIntervalMinutes: _urge, quietHours, ...ladder } = config.deadlines;
  const scheduler = createScheduler(db, clock, mailer, app.log, {
    timeZone: config.timeZone,
    monthlyDay: config.jobs.monthlyDay,
    intervalSeconds: config.jobs.intervalSeconds,
    reminderRules: async () => ({ ...(await services.calendar.rules()), ...ladder }),
    quietHours,
    syncDirectory: () => services.directory.syncScheduled(),
    onRun: metrics.jobRun,
    purgeExpiredSessions: async () => {
      await services.auth.purgeExpiredSessions();
      await services.orgImport.purgeExpiredFiles();
      await services.attachments.purgeStale();
    },
  });
  app.addHook('onClose', () => scheduler.stop());
  return { app, services, scheduler };
}
