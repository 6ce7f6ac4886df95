/**
 * Authentication and CSRF, as onRequest hooks so that they answer before body validation
 * (the contract's order: 401, then 403 for a missing CSRF header, then everything else).
 */
import type { FastifyContextConfig, FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { AppError } from '../../domain/errors';
import type { AuthService } from '../modules/auth/service';
import { type SessionProof, type SessionUser, StaleSession } from '../session';

export const SESSION_COOKIE = 'duban_sid';
export const CSRF_HEADER = 'x-requested-with';
export const CSRF_VALUE = 'duban';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user; null on public routes without a session. */
    actor: SessionUser | null;
    /** A write's session taken from the cache, still to be proven (see `sessionInTransaction`). */
    sessionProof: PendingProof | null;
  }
  interface FastifyContextConfig {
    /** Reachable without a session (login, health, docs). */
    public?: boolean;
    /** Exempt from the CSRF header rule (login: there is no session to ride on yet). */
    csrfExempt?: boolean;
    /** Open to a session whose one-time password is not changed yet (GET /api/me, logout, the change). */
    beforePasswordChange?: boolean;
    /**
     * Access check run before the body's validation error is reported, so that a caller who may
     * not see or do something learns 404/403 rather than details of a body they may not send.
     */
    access?: (request: FastifyRequest) => Promise<void> | void;
    /**
     * A write whose handler proves its session inside its command's transaction (`provenWrite`):
     * its session may come from the session cache, and the command's transaction reads it afresh as
     * its first statement, in BEGIN's round trip, instead of a lookup of its own before.
     */
    sessionInTransaction?: boolean;
  }
}

/** A proof still to run, and how to fall back to reading the session from the database. */
export interface PendingProof extends SessionProof {
  /** Authenticates the request from the database as any write, with the contract's checks. */
  reauthenticate(): Promise<SessionUser>;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A field of the params or body as sent. An `access` check runs when validation has failed, so it
 * reads what arrived, which the route's schema types do not describe.
 */
export function rawField(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  return Object.entries(value).find(([name]) => name === key)?.[1];
}

/** The `:id` of the path as sent (path parameters are strings; '' when absent, found by no one). */
export const rawId = (request: FastifyRequest): string => {
  const id = rawField(request.params, 'id');
  return typeof id === 'string' ? id : '';
};

/**
 * Runs a `sessionInTransaction` route's work: `fn` gets the actor and, when the session came from
 * the cache, the proof to run first in its transaction. Should the proof fail (StaleSession: the
 * session ended or changed since it was cached), the transaction has rolled back; the request is
 * then authenticated from the database (401 or 403 as for any write) and `fn` runs again without one.
 */
export async function provenWrite<T>(
  request: FastifyRequest,
  fn: (actor: SessionUser, proof: SessionProof | undefined) => Promise<T>,
): Promise<T> {
  const proof = request.sessionProof;
  if (!proof) return fn(actorOf(request), undefined);
  try {
    return await fn(actorOf(request), proof);
  } catch (error) {
    if (!(error instanceof StaleSession)) throw error;
    return fn(await proof.reauthenticate(), undefined);
  }
}

/** The signed-in user of a protected route (the hook has already answered 401 otherwise). */
export function actorOf(request: FastifyRequest): SessionUser {
  if (!request.actor) throw new AppError('unauthenticated', '请先登录');
  return request.actor;
}

export function registerAuthHooks(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionProof', null);

  /** The contract's checks on an API route once the actor is known: the error to answer with, or undefined. */
  const refusal = (request: FastifyRequest, config: FastifyContextConfig): AppError | undefined => {
    if (!request.actor && !config.public)
      return new AppError('unauthenticated', '未登录或登录已过期，请重新登录');
    // The header rule protects what a session cookie could be made to do from another site.
    const needsHeader = request.actor !== null && !SAFE_METHODS.has(request.method) && !config.csrfExempt;
    if (needsHeader && request.headers[CSRF_HEADER] !== CSRF_VALUE) {
      return new AppError('forbidden', `缺少请求头 X-Requested-With: ${CSRF_VALUE}`);
    }
    // After 401 and the CSRF 403 (contract): a one-time password must be changed before anything.
    if (request.actor?.mustChangePassword && !config.public && !config.beforePasswordChange) {
      return new AppError('password_change_required', '请先修改初始密码');
    }
    return undefined;
  };

  /** The request's actor read from the database (a write's), with the contract's checks. */
  const reauthenticate = async (
    request: FastifyRequest,
    token: string,
    config: FastifyContextConfig,
  ): Promise<SessionUser> => {
    request.sessionProof = null;
    request.actor = await auth.authenticate(token, request.ip, false);
    const refused = refusal(request, config);
    if (refused) throw refused;
    return actorOf(request);
  };

  /**
   * The authentication hook of one API route, given its config (read from the route once rather
   * than from `request.routeOptions` per request, which builds a new 13-field object each time).
   * A callback hook rather than an async one: a read answered from the session cache (most GETs)
   * goes on without a promise; the others wait for the database.
   */
  const authenticating =
    (routeConfig: () => FastifyContextConfig): onRequestHookHandler =>
    (request, _reply, done) => {
      const config = routeConfig();
      const token = request.cookies[SESSION_COOKIE];
      const readOnly = SAFE_METHODS.has(request.method);
      const cached = token && readOnly ? auth.cachedUser(token, request.ip) : undefined;
      if (!token || cached) {
        if (cached) request.actor = cached;
        done(refusal(request, config));
        return;
      }
      // A write that proves its session in its own transaction may start from the cache.
      const provable =
        !readOnly && config.sessionInTransaction === true ? auth.provableUser(token, request.ip) : undefined;
      if (provable) {
        request.actor = provable.actor;
        request.sessionProof = {
          ...provable.proof,
          reauthenticate: () => reauthenticate(request, token, config),
        };
        done(refusal(request, config));
        return;
      }
      auth.authenticate(token, request.ip, readOnly).then(
        (actor) => {
          request.actor = actor;
          done(refusal(request, config));
        },
        (error: Error) => done(error),
      );
    };

  // Every route collects validation errors instead of answering at once; this hook then runs the
  // route's access check first (see `access` above) and reports the validation error after it.
  app.addHook('onRoute', (route) => {
    route.attachValidation = true;
    // The API documentation is public.
    if (route.url.startsWith('/api/docs')) route.config = { ...route.config, public: true };
    // Only API routes are protected: the web UI's static files, /metrics (its own token) and unknown
    // paths have no session to check, so no hook at all. The route's own hooks run after this one,
    // as they ran after the global hook this was before (the login's rate limit).
    if (route.url.startsWith('/api/')) {
      let config: FastifyContextConfig | undefined;
      const hook = authenticating(() => {
        config ??= route.config ?? {};
        return config;
      });
      const own =
        route.onRequest === undefined
          ? []
          : Array.isArray(route.onRequest)
            ? route.onRequest
            : [route.onRequest];
      route.onRequest = [hook, ...own];
    }
  });
  app.addHook('preHandler', (request, _reply, done) => {
    const failure = request.validationError;
    if (!failure) {
      done();
      return;
    }
    const access = request.routeOptions.config.access;
    // The access check's own refusal (thrown or rejected) wins over the validation error. A session
    // still to be proven is read from the database first: the handler, which would prove it, is not
    // reached.
    const proof = request.sessionProof;
    Promise.resolve()
      .then(() => proof?.reauthenticate())
      .then(() => access?.(request))
      .then(
        () => done(failure),
        (error: Error) => done(error),
      );
  });
}
