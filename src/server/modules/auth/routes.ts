import {
  AuthProvidersAnswer,
  LoginAnswer,
  LoginBody,
  MeAnswer,
  PasswordChangeBody,
  SessionAnswer,
} from '../../../contract/auth';
import { actorOf, SESSION_COOKIE } from '../../plugins/auth';
import type { SessionUser } from '../../session';
import type { AppInstance } from '../../types';
import type { AuthService } from './service';

/**
 * The signed-in user as GET /api/me answers them: the fields named one by one (an object rest
 * spread of the actor was the heaviest line of that route in a CPU profile).
 */
const meAnswer = (actor: SessionUser) => ({
  id: actor.id,
  username: actor.username,
  name: actor.name,
  departmentId: actor.departmentId,
  position: actor.position,
  roles: [...actor.roles],
  mustChangePassword: actor.mustChangePassword === true,
});

/** The session cookie, the same for every way of signing in. */
export const sessionCookie = (secure: boolean, maxAge: number) => ({
  httpOnly: true,
  sameSite: 'lax' as const,
  secure,
  path: '/',
  maxAge,
});

/** What the login page offers: GET /api/auth/providers. */
export interface Providers {
  local: true;
  ldap: boolean;
  oidc: { name: string } | null;
}

export function authRoutes(
  app: AppInstance,
  auth: AuthService,
  secureCookie: boolean,
  loginsPerMinute: number,
  providers: Providers,
) {
  app.get(
    '/api/auth/providers',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: '登录方式：本地密码、单位目录（LDAP）、统一身份认证（OIDC）',
        response: { 200: AuthProvidersAnswer },
      },
    },
    () => providers,
  );

  app.post(
    '/api/auth/login',
    {
      config: {
        public: true,
        csrfExempt: true,
        // Per client address, whatever the username or outcome (a password sprayer's ceiling); the
        // lockouts count failures per username on top of it.
        rateLimit: { max: loginsPerMinute, timeWindow: 60_000, keyGenerator: (request) => request.ip },
      },
      schema: {
        tags: ['auth'],
        summary: '登录',
        body: LoginBody,
        response: { 200: LoginAnswer },
      },
    },
    async (request, reply) => {
      const { token, user, mustChangePassword } = await auth.login(
        request.body.username,
        request.body.password,
        {
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
        },
      );
      reply.setCookie(SESSION_COOKIE, token, sessionCookie(secureCookie, auth.cookieMaxAgeSeconds));
      return { user, mustChangePassword };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { public: true, beforePasswordChange: true },
      schema: { tags: ['auth'], summary: '退出登录' },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await auth.logout(token, request.actor);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/me/password',
    {
      config: { beforePasswordChange: true },
      schema: {
        tags: ['auth'],
        summary: '修改自己的密码（须填当前密码；其他会话随之结束）',
        body: PasswordChangeBody,
      },
    },
    async (request, reply) => {
      const { currentPassword, newPassword } = request.body;
      await auth.changePassword(
        actorOf(request),
        request.cookies[SESSION_COOKIE] ?? '',
        currentPassword,
        newPassword,
      );
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/me',
    {
      config: { beforePasswordChange: true },
      schema: { tags: ['auth'], summary: '当前用户', response: { 200: MeAnswer } },
    },
    async (request) => meAnswer(actorOf(request)),
  );

  // What the web UI asks first: a visitor without a session gets 200 `{user: null}`, not the 401
  // of /api/me, which the browser would log as an error on the 登录 page (Lighthouse best practices).
  app.get(
    '/api/auth/session',
    {
      config: { public: true, beforePasswordChange: true },
      schema: {
        tags: ['auth'],
        summary: '当前会话：已登录时为当前用户，否则为 null（不回 401）',
        response: { 200: SessionAnswer },
      },
    },
    async (request) => {
      if (!request.actor) return { user: null };
      return { user: meAnswer(request.actor) };
    },
  );
}
