/**
 * A signed-in first screen rendered by the server (issue 12, point 1): the page's HTML with the
 * user's data in it, so that the browser paints 督办空间, 待办, 督办查询 or an item from the HTML
 * alone, before the app's JavaScript has arrived (src/web/ssr/render.tsx says how the render works).
 *
 * - **Only with the build's render.** `vite build --ssr` writes dist/web-ssr/render.js beside
 *   dist/web (scripts/build.mjs); without it, or for a page that is not a first screen, the server
 *   sends the static page as before (plugins/web.ts).
 * - **As the user, through the API.** The session and the page's data are the API's own answers to
 *   GET requests made with the browser's cookie (`app.inject`): the same checks, the same data as
 *   the app would have fetched. No session (ended, a visitor) or a user who must first change the
 *   password: the static page, whose app sends them on as ever.
 * - **Never worse than the static page.** A render that fails or takes longer than `SERVER_RENDER_TIMEOUT_MS`
 *   gives way to the static page (logged); the app then fetches as before.
 * - **In the page.** Into the screen's page for a server render (`ssr-<screen>.html`, made by
 *   scripts/first-paint.ts like login.html: its stylesheets inlined, the app's code loaded once the
 *   page is painted): the markup in `#root`, which the app hydrates, antd's CSS variables in a
 *   `<style>`, and the answers as a JSON data block the app starts from (lib/serverRendered.ts), so
 *   that neither the session nor the page's data is asked for again.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Me } from '../../web/api/types';
import {
  CRITICAL_CSS_MARK,
  LOGIN_SERVER_RENDER_HTML,
  LOGIN_URL,
  SERVER_RENDER_SLOTS,
  SESSION_URL,
} from '../../web/lib/routes';
import { serverRenderedBlock } from '../../web/lib/serverRendered';
import type { ApiAnswer, renderScreen } from '../../web/ssr/render';

type Render = typeof renderScreen;

/** A phone's browser: its first screen is the narrow layout. */
const PHONE = /Mobi|Android|iPhone|iPad|HarmonyOS/i;
const isPhone = (request: FastifyRequest) => PHONE.test(request.headers['user-agent'] ?? '');

/**
 * The renderer of first screens for the build in `webDir`, or undefined when the build has no
 * server render. The render module is loaded at the first 登录 or signed-in page, not at start-up.
 */
export function firstScreenRenderer(app: FastifyInstance, webDir: string, timeoutMs: number) {
  const entry = path.join(path.dirname(webDir), 'web-ssr', 'render.js');
  if (!existsSync(entry)) return undefined;
  let render: Promise<Render> | undefined;
  const templates = new Map<string, Promise<string>>();
  const load = () => {
    render ??= import(pathToFileURL(entry).href).then((m: { renderScreen: Render }) => m.renderScreen);
    return render;
  };

  /** GET `url` of the API as the browser of `request` (its cookie), answered by this server. */
  const asUser =
    (request: FastifyRequest) =>
    async (url: string): Promise<ApiAnswer> => {
      if (!url.startsWith('/api/')) return { status: 404, body: '' };
      const answer = await app.inject({
        method: 'GET',
        url,
        headers: { cookie: request.headers.cookie ?? '', accept: 'application/json' },
      });
      return { status: answer.statusCode, body: answer.body };
    };

  async function page(request: FastifyRequest, htmlFile: string): Promise<string | undefined> {
    const get = asUser(request);
    const session = await get(SESSION_URL);
    if (session.status !== 200) return undefined;
    const user = (JSON.parse(session.body) as { user: Me | null }).user;
    if (!user || user.mustChangePassword) return undefined;
    return renderInto(htmlFile, { url: request.url, user, get, phone: isPhone(request) });
  }

  /** The build's page `htmlFile`, read at its first render. */
  function readTemplate(htmlFile: string): Promise<string> {
    let template = templates.get(htmlFile);
    if (!template) {
      template = readFile(path.join(webDir, htmlFile), 'utf8');
      templates.set(htmlFile, template);
    }
    return template;
  }

  /** The page `htmlFile` with the render of `screen` in its slots. */
  async function renderInto(htmlFile: string, screen: Parameters<Render>[0]): Promise<string> {
    const [renderScreen, template] = await Promise.all([load(), readTemplate(htmlFile)]);
    const rendered = await renderScreen(screen);
    return fillTemplate(template, rendered.html, rendered.css, serverRenderedBlock(rendered.state));
  }

  let warmed = false;
  /**
   * Loads the render and renders a page once with no data, in the background: the first render
   * in a process takes about a second (loading the module, V8 compiling React's and antd's code),
   * which would exceed the timeout. Called when 登录 is asked for, which comes before a
   * signed-in page in a new browser; not at start-up, which stays as fast and as small as it was.
   */
  function warm(): void {
    if (warmed) return;
    warmed = true;
    const nobody: Me = {
      id: '',
      username: '',
      name: '',
      departmentId: '',
      roles: [],
      mustChangePassword: false,
    } as unknown as Me;
    load()
      .then((renderScreen) =>
        renderScreen({ url: '/', user: nobody, get: async () => ({ status: 404, body: '' }), phone: false }),
      )
      .catch((error: unknown) => app.log.error({ err: error }, 'first screen render failed to load'));
  }

  /** `work`, or undefined once it has taken longer than the timeout (then logged) or failed. */
  async function withinTimeout(
    request: FastifyRequest,
    work: Promise<string | undefined>,
  ): Promise<string | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => {
        request.log.warn({ url: request.url }, `first screen not rendered within ${timeoutMs} ms`);
        resolve(undefined);
      }, timeoutMs);
    });
    try {
      return await Promise.race([
        work.catch((error: unknown) => {
          request.log.error({ err: error, url: request.url }, 'first screen render failed');
          return undefined;
        }),
        late,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The server-rendered page for `request` (a first screen's address with a session cookie), or
   * undefined: send the static `htmlFile` then.
   */
  function renderFirstScreen(request: FastifyRequest, htmlFile: string): Promise<string | undefined> {
    return withinTimeout(request, page(request, htmlFile));
  }

  /**
   * 登录 as rendered for a browser without a session, one page per layout: what it shows besides the
   * form is the server's configuration (HELP_CONTACT, 统一身份认证), which does not change while it
   * runs, so each is rendered once, and a visitor costs no more than the static page did.
   */
  const loginPages = new Map<boolean, Promise<string | undefined>>();
  function renderLogin(request: FastifyRequest): Promise<string | undefined> {
    const phone = isPhone(request);
    let rendered = loginPages.get(phone);
    if (!rendered) {
      rendered = readTemplate(LOGIN_SERVER_RENDER_HTML).then((template) => {
        // A bare `vite build` leaves the slot of the CSS (scripts/critical-css.mjs): the page would
        // show unstyled until the app had loaded. The static page then, for as long as this runs.
        if (template.includes(CRITICAL_CSS_MARK)) {
          app.log.warn(
            `${LOGIN_SERVER_RENDER_HTML} has no CSS (npm run build): 登录 is sent as the static page`,
          );
          return undefined;
        }
        return renderInto(LOGIN_SERVER_RENDER_HTML, {
          url: LOGIN_URL,
          user: null,
          get: asUser(request),
          phone,
        });
      });
      loginPages.set(phone, rendered);
      // A render that failed is tried again by the next visitor.
      rendered.catch(() => loginPages.delete(phone));
    }
    return withinTimeout(request, rendered);
  }
  return { renderFirstScreen, renderLogin, warm };
}

/** The screen's page (scripts/first-paint.ts) with the render in its SERVER_RENDER_SLOTS. */
export function fillTemplate(template: string, html: string, css: string, dataBlock: string): string {
  return template
    .replace(SERVER_RENDER_SLOTS.data, () => dataBlock)
    .replace(SERVER_RENDER_SLOTS.style, () => `<style data-ssr>${css}</style>`)
    .replace(SERVER_RENDER_SLOTS.html, () => html);
}
