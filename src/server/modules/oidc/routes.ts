import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { SESSION_COOKIE } from '../../plugins/auth';
import type { AppInstance } from '../../types';
import { sessionCookie } from '../auth/routes';
import type { AuthService } from '../auth/service';
import { decodePending, encodePending, type OidcService } from './service';

const PENDING_COOKIE = 'duban_oidc';
const CALLBACK = '/api/auth/oidc/callback';

/** 统一身份认证: to the provider and back. Both answer redirects (the browser follows them). */
export function oidcRoutes(
  app: AppInstance,
  oidc: OidcService,
  auth: AuthService,
  options: { secureCookie: boolean; redirectUri: string | undefined },
) {
  const redirectUri = (request: FastifyRequest) =>
    options.redirectUri ?? `${request.protocol}://${request.host}${CALLBACK}`;
  const pendingCookie = {
    httpOnly: true,
    // Lax: the provider's redirect back is a top-level GET from another site, which must carry it.
    sameSite: 'lax' as const,
    secure: options.secureCookie,
    path: '/api/auth/oidc',
  };
  const hidden = { hide: !oidc.enabled };

  app.get(
    '/api/auth/oidc/start',
    {
      config: { public: true },
      schema: {
        ...hidden,
        tags: ['auth'],
        summary: '统一身份认证登录：302 到身份认证服务（授权码 + PKCE，校验 state 和 nonce）',
      },
    },
    async (request, reply) => {
      if (!oidc.enabled)
        return reply.status(404).send({ error: { code: 'not_found', message: '未配置统一身份认证' } });
      const started = await oidc.start(redirectUri(request));
      if ('failure' in started) return reply.redirect(`/login?error=${started.failure}`);
      reply.setCookie(PENDING_COOKIE, encodePending(started.pending), { ...pendingCookie, maxAge: 600 });
      return reply.redirect(started.url);
    },
  );

  app.get(
    CALLBACK,
    {
      config: { public: true },
      schema: {
        ...hidden,
        tags: ['auth'],
        summary: '统一身份认证回调：登录对应的已启用用户并转到首页；否则回到登录页并说明原因（从不新建用户）',
        querystring: Type.Object({}, { additionalProperties: true }),
      },
    },
    async (request, reply) => {
      const pending = decodePending(request.cookies[PENDING_COOKIE]);
      reply.clearCookie(PENDING_COOKIE, pendingCookie);
      const url = new URL(redirectUri(request));
      url.search = new URL(request.url, 'http://x').search;
      const result = await oidc.callback(url, pending, {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      if (!result.ok) return reply.redirect(`/login?error=${result.failure}`);
      reply.setCookie(
        SESSION_COOKIE,
        result.session.token,
        sessionCookie(options.secureCookie, auth.cookieMaxAgeSeconds),
      );
      return reply.redirect('/');
    },
  );
}
