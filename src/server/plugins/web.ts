/**
 * Serves the built web UI (Vite output) from the API's port, with the single-page app's HTML for
 * every other GET outside /api. Before the UI is built, a Chinese placeholder.
 *
 * The build makes two HTML pages: `login.html`, with the 登录 card painted before any script
 * (scripts/first-paint.ts), for /login and for a browser that has no session cookie (the app sends
 * it to /login), /login itself rendered by the server when the build has its render; for a first
 * screen's address (督办空间, 待办/已办, 督办查询, an item, 新建督办) its own page, `index-<screen>.html`,
 * whose head links the frame's and the page's code (scripts/first-requests.ts); and `index.html` for
 * everyone else. A first screen's page is rendered with the user's data when the
 * build has the server's render (plugins/first-screen.ts).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import {
  firstScreen,
  LOGIN_SERVER_RENDER_HTML,
  LOGIN_URL,
  screenHtml,
  serverRenderHtml,
} from '../../web/lib/routes';
import { SESSION_COOKIE } from './auth';
import { firstScreenRenderer } from './first-screen';

const PLACEHOLDER = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>督办系统</title></head>
<body style="font-family: system-ui, 'PingFang SC', 'Microsoft YaHei', sans-serif; padding: 48px; color: #1f1f1f">
<h1>督办系统</h1>
<p>服务已启动，但网页界面尚未构建。请运行 <code>npm run build</code> 后刷新本页。</p>
<p>接口文档：<a href="/api/docs">/api/docs</a></p>
</body></html>`;

/**
 * `renderTimeoutMs`: how long a first screen may take to render (plugins/first-screen.ts); none, and
 * the server sends the static pages only.
 */
export async function registerWeb(
  app: FastifyInstance,
  webDir: string,
  renderTimeoutMs: number | undefined,
): Promise<void> {
  const built = existsSync(path.join(webDir, 'index.html'));
  // A build from before the login shell existed has index.html only.
  const loginHtml = existsSync(path.join(webDir, 'login.html')) ? 'login.html' : 'index.html';
  // A first screen's own page, when the build made one (scripts/first-requests.ts).
  const screenPages = new Set(
    built ? readdirSync(webDir).filter((file) => /^(index|ssr)-[\w-]+\.html$/.test(file)) : [],
  );
  /** A first screen's own static page and its page for the server's render, where the build made them. */
  const screenFiles = (url: string) => {
    const screen = firstScreen(url.split('?')[0] ?? '/');
    if (!screen) return {};
    const own = (file: string) => (screenPages.has(file) ? file : undefined);
    return { page: own(screenHtml(screen.page)), rendered: own(serverRenderHtml(screen.page)) };
  };
  const loginRendered = screenPages.has(LOGIN_SERVER_RENDER_HTML);
  const renderer =
    built && renderTimeoutMs !== undefined ? firstScreenRenderer(app, webDir, renderTimeoutMs) : undefined;
  if (built) {
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      index: false,
      // index.html.br / .gz and each asset's .br / .gz, written by the build (vite.config.ts),
      // go out as they are when the browser accepts them.
      preCompressed: true,
      // Hashed assets never change; index.html must always be fetched fresh.
      setHeaders(reply, filePath) {
        reply.header(
          'cache-control',
          filePath.includes(`${path.sep}assets${path.sep}`)
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
        );
      },
    });
  }
  app.get('/*', { schema: { hide: true }, config: { public: true } }, async (request, reply) => {
    if (request.url.startsWith('/api/')) {
      return reply
        .status(404)
        .send({ error: { code: 'not_found', message: `没有此接口：${request.method} ${request.url}` } });
    }
    if (!built) return reply.type('text/html; charset=utf-8').send(PLACEHOLDER);
    const signedOut = request.url.startsWith('/login') || !request.cookies[SESSION_COOKIE];
    reply.header('cache-control', 'no-cache').header('vary', 'Cookie');
    if (signedOut) {
      // 登录 itself, to a browser without a session: rendered, to be hydrated. Not for another
      // address (the app sends the browser on to 登录) nor with a query (an OIDC error: rare, and
      // each would be a render of its own): the static page.
      const html =
        loginRendered && request.url === LOGIN_URL && !request.cookies[SESSION_COOKIE]
          ? await renderer?.renderLogin(request)
          : undefined;
      if (html) return reply.type('text/html; charset=utf-8').send(html);
      renderer?.warm();
      return reply.sendFile(loginHtml);
    }
    const { page, rendered } = screenFiles(request.url);
    const html = rendered && (await renderer?.renderFirstScreen(request, rendered));
    // The user's own data, like an attachment: kept by no cache, the browser's included.
    if (html)
      return reply.header('cache-control', 'private, no-store').type('text/html; charset=utf-8').send(html);
    return reply.sendFile(page ?? 'index.html');
  });
}
