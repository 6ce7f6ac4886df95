/**
 * The 登录 page's first paint without JavaScript (issue 12, point 1): a Vite plugin that makes
 * `login.html` from the built index.html, a page the browser paints from the HTML alone before it
 * starts loading the app. `index.html` itself is left as Vite builds it.
 *
 * - **A shell in the HTML.** `login.html` holds the 登录 card (title, the two fields and the button,
 *   drawn without antd). The server sends it for /login and to a browser without a session cookie
 *   (src/server/plugins/web.ts). The shell is `aria-hidden` markup outside `#root`; the app renders
 *   into a hidden `#root` and swaps itself in once its first real screen has rendered
 *   (src/web/lib/firstPaint.ts), with no blank frame in between.
 * - **Or the server's render.** `ssr-login.html` (below) is the same page for the server's render of
 *   the 登录 form, which the app hydrates instead of making it anew (its commit was the page's
 *   longest task): the server sends it for /login to a browser without a session cookie
 *   (plugins/first-screen.ts), login.html everywhere else and when the server does not render.
 * - **What it paints.** The largest element is the shell's `<h1>` (the login card's own, same
 *   classes; the app's is not larger), so FCP and LCP need no script.
 * - **Only for 登录.** The same shell for the signed-in pages (their frame and a spinner, the app
 *   started after the first frame) was measured and dropped: their LCP is the page's data, which the
 *   later start of the scripts only delayed (新建督办 80 → 62, LCP 2.2 → 4.6 s; the other pages
 *   unchanged; docs/benchmarks.md, "The first paint from the HTML").
 * - **No render-blocking request.** The entry's stylesheets (antd's static rules for the entry's
 *   components and the app's styles.css) are inlined in a `<style data-build>`; the entry script and
 *   its modulepreload links leave the head for `assets/boot-<hash>.js`, a module script at the end
 *   of the body, which adds the preloads and imports the entry after the first frame (a
 *   requestAnimationFrame, then a task). No inline script: the CSP stays `script-src 'self'`.
 */
import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';
import {
  CRITICAL_CSS_MARK,
  type FirstScreen,
  LOGIN_SERVER_RENDER_HTML,
  SERVER_RENDER_SLOTS,
  serverRenderHtml,
} from '../src/web/lib/routes';
import { chunkGraph } from './chunk-graph';
import { FRAME_MODULE, SCREEN_MODULES } from './first-requests';

/** Modulepreload links the boot script adds per task (see bootScript). */
const LINKS_PER_TASK = 6;

/** LoginPage's card (Panel, .login-title…), its form drawn as boxes. */
const LOGIN_SHELL = `<div id="shell" data-shell="login" aria-hidden="true"><main class="login-page"><section class="panel login-card"><div class="panel-body">
<div class="login-title"><h1>督办系统</h1><p class="login-subtitle">重点工作督办 · 督办空间</p></div>
<div class="shell-field"><div class="shell-label">用户名</div><div class="shell-input"></div></div>
<div class="shell-field"><div class="shell-label">密码</div><div class="shell-input"></div></div>
<div class="shell-button">登 录</div>
</div></section></main></div>`;

const LOGIN_MODULE = 'features/auth/LoginPage.tsx';

/**
 * The module script that loads the app once the HTML's first screen is painted: adds `files` (the
 * entry's and the page's chunks as modulepreloads, their stylesheets as stylesheets, which Vite's
 * loader then finds in place; those in `inlined`, which the page holds already, disabled) and imports
 * the entry `entrySrc`.
 */
function bootScript(
  files: string[],
  entrySrc: string,
  inlined: ReadonlySet<string>,
  rendered: boolean,
): string {
  // A page the server rendered shows its buttons and links before the app
  // has hydrated them: a click then would be lost (or, on a link, load a new page). Held, and given
  // again once the app is ready (lib/firstPaint.ts dispatches `duban:ready`). Where React has made
  // part of the page anew meanwhile (the server's render and the browser differed, a date in another
  // time zone), the clicked element is gone: the click goes to its counterpart, the element of the
  // same tag, link and text, the same one in order among its like. Until then the page's fields take
  // no input (readOnly, a select disabled): React would drop what was typed or chosen.
  const holdClicks = !rendered
    ? []
    : [
        'const held = [];',
        'const alike = (element) => {',
        '  const text = element.textContent;',
        "  const href = element.getAttribute('href');",
        '  return [...document.getElementsByTagName(element.tagName)].filter(',
        "    (other) => other.textContent === text && other.getAttribute('href') === href,",
        '  );',
        '};',
        'const hold = (event) => {',
        '  event.preventDefault();',
        '  event.stopImmediatePropagation();',
        '  const target = event.target;',
        '  held.push({ target, nth: alike(target).indexOf(target) });',
        '};',
        "document.addEventListener('click', hold, true);",
        'const locked = [];',
        "for (const field of document.querySelectorAll('#root input, #root textarea, #root select')) {",
        "  const key = field.tagName === 'SELECT' ? 'disabled' : 'readOnly';",
        '  if (field[key]) continue;',
        '  field[key] = true;',
        '  locked.push([field, key]);',
        '}',
        'document.addEventListener(',
        "  'duban:ready',",
        '  () => {',
        "    document.removeEventListener('click', hold, true);",
        '    for (const [field, key] of locked) field[key] = false;',
        '    setTimeout(() => {',
        '      for (const { target, nth } of held.splice(0)) {',
        '        if (target.isConnected) target.click();',
        '        else alike(target)[nth]?.click();',
        '      }',
        '    }, 0);',
        '  },',
        '  { once: true },',
        ');',
      ];
  // The stylesheets first, all in the first task: Vite's loader looks for them (below) once the entry
  // runs. Then the modulepreloads, LINKS_PER_TASK to a task: each link starts a request, about a
  // millisecond of the main thread (four on Lighthouse's phone), and the 20–26 of a first screen
  // in one go made a task of 30 ms (120 ms simulated, issue 12).
  const ordered = [...new Set(files)].sort((a, b) => Number(b.endsWith('.css')) - Number(a.endsWith('.css')));
  return [
    ...holdClicks,
    "// Loads the app once the HTML's first screen is painted (scripts/first-paint.ts).",
    `const preloads = ${JSON.stringify(ordered)};`,
    `const inlined = new Set(${JSON.stringify([...inlined])});`,
    'let started = false;',
    'const append = (href) => {',
    "  const link = document.createElement('link');",
    "  link.rel = href.endsWith('.css') ? 'stylesheet' : 'modulepreload';",
    // A sheet the page has inlined already: a disabled link, neither fetched nor applied, for Vite's
    // loader to find (it looks for the chunk's sheets by link before adding them itself).
    '  if (inlined.has(href)) link.disabled = true;',
    '  link.href = href;',
    '  document.head.append(link);',
    '};',
    'const addLinks = () => {',
    `  for (const href of preloads.splice(0, ${LINKS_PER_TASK})) append(href);`,
    '  if (preloads.length > 0) setTimeout(addLinks, 0);',
    '};',
    'const start = () => {',
    '  if (started) return;',
    '  started = true;',
    "  while (preloads[0]?.endsWith('.css')) append(preloads.shift());",
    '  addLinks();',
    `  import(${JSON.stringify(entrySrc)});`,
    '};',
    'requestAnimationFrame(() => setTimeout(start, 0));',
    // A tab opened in the background runs no animation frame until shown.
    "if (document.visibilityState !== 'visible') start();",
    '',
  ].join('\n');
}

/**
 * Where scripts/critical-css.mjs puts the rules of `sheets` that a page's render uses: a CSS comment
 * naming them (a page the build has not finished holds only the comment, and shows unstyled).
 */
export const criticalCssSlot = (sheets: string[]) => `${CRITICAL_CSS_MARK}${JSON.stringify(sheets)}*/`;

const hash = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 8);

export function firstPaintShell(): Plugin {
  return {
    name: 'duban-first-paint-shell',
    apply: 'build',
    // After antdStaticCss, which links the entry's antd sheet into index.html in its generateBundle.
    enforce: 'post',
    generateBundle(_options, bundle) {
      const html = bundle['index.html'];
      if (html?.type !== 'asset' || typeof html.source !== 'string')
        return this.error('index.html is not in the bundle');
      let source = html.source;

      const entry = /<script type="module" crossorigin src="([^"]+)"><\/script>\s*/.exec(source);
      if (!entry?.[1]) return this.error('no entry script in index.html');
      source = source.replace(entry[0], '');
      const preloads: string[] = [];
      source = source.replace(
        /<link rel="modulepreload" crossorigin href="([^"]+)">\s*/g,
        (_m, href: string) => {
          preloads.push(href);
          return '';
        },
      );

      // The entry's stylesheets, inlined in their order.
      const sheets: string[] = [];
      source = source.replace(
        /<link rel="stylesheet" crossorigin href="\/([^"]+)">\s*/g,
        (_m, file: string) => {
          const asset = bundle[file];
          if (asset?.type !== 'asset') {
            this.error(`stylesheet ${file} is not in the bundle`);
            return '';
          }
          const css =
            typeof asset.source === 'string' ? asset.source : new TextDecoder().decode(asset.source);
          if (/url\(\s*['"]?(?!\/|data:)/.test(css))
            this.error(`${file} has a relative url(): cannot be inlined`);
          sheets.push(css);
          return '';
        },
      );
      if (sheets.length === 0) return this.error('no stylesheet in index.html');
      source = source.replace('</head>', `<style data-build>${sheets.join('\n')}</style>\n  </head>`);

      // The 登录 page's chunks with their static imports: requested along with the entry's, not once
      // the entry has run and read the session (two round trips later).
      const { entry: entryFiles, pageFiles } = chunkGraph(bundle);
      if (entryFiles.size === 0) return this.error('no entry chunk');
      const login = pageFiles(LOGIN_MODULE);
      if (!login) return this.error(`no chunk for ${LOGIN_MODULE}`);

      const bootTag = (files: string[], inlined: ReadonlySet<string> = new Set(), rendered = false) => {
        const code = bootScript(files, entry[1] as string, inlined, rendered);
        const fileName = `assets/boot-${hash(code)}.js`;
        this.emitFile({ type: 'asset', fileName, source: code });
        return `<script type="module" src="/${fileName}"></script>`;
      };

      const rootDiv = /<div id="root"><\/div>/;
      if (!rootDiv.test(source)) return this.error('no <div id="root"></div> in index.html');
      const loginHtml = source.replace(
        rootDiv,
        `${LOGIN_SHELL}\n    <div id="root" hidden></div>\n    ${bootTag([...preloads, ...login])}`,
      );
      this.emitFile({ type: 'asset', fileName: 'login.html', source: loginHtml });

      // The pages for the server's render (src/server/plugins/first-screen.ts fills the
      // SERVER_RENDER_SLOTS), the signed-in first screens' and 登录's: like login.html, painted from the
      // HTML alone — the render's markup in #root, which the app hydrates, the entry's and the page's
      // stylesheets inlined — and the app loaded after it.
      // `critical`: instead of the page's stylesheets, a slot for the rules its render uses, which
      // the build fills once the server's render exists (scripts/critical-css.mjs); the boot script
      // then adds the stylesheets whole, after the first paint.
      const serverRenderPage = (name: string, fileName: string, files: string[], critical = false) => {
        const pageSheets = files.filter((f) => f.endsWith('.css'));
        const css = critical
          ? [criticalCssSlot(pageSheets)]
          : pageSheets.map((f) => {
              const asset = bundle[f.slice(1)];
              if (asset?.type !== 'asset') return this.error(`stylesheet ${f} is not in the bundle`);
              return typeof asset.source === 'string' ? asset.source : new TextDecoder().decode(asset.source);
            });
        const boot = bootTag([...preloads, ...files], new Set(critical ? [] : pageSheets), true);
        const page = source
          .replace(/<meta charset="UTF-8" \/>/, (meta) => `${meta}\n    ${SERVER_RENDER_SLOTS.data}`)
          .replace(
            '</head>',
            `<style data-build>${css.join('\n')}</style>\n  ${SERVER_RENDER_SLOTS.style}\n  </head>`,
          )
          .replace(rootDiv, `<div id="root">${SERVER_RENDER_SLOTS.html}</div>\n    ${boot}`);
        if (!Object.values(SERVER_RENDER_SLOTS).every((slot) => page.includes(slot)))
          return this.error(`index.html has no place for the server's render of ${name}`);
        this.emitFile({ type: 'asset', fileName, source: page });
      };
      // 登录 for a browser without a session cookie: the app hydrates the form instead of making it
      // anew, whose commit was the page's longest task (issue 12). Its stylesheets whole (antd's
      // Button, Input, Form… 113 KB) would take the page past the first round trip's ~14 KB.
      serverRenderPage('登录', LOGIN_SERVER_RENDER_HTML, login, true);
      const frame = pageFiles(FRAME_MODULE);
      if (!frame) return this.error(`no chunk for ${FRAME_MODULE}`);
      for (const [page, module] of Object.entries(SCREEN_MODULES)) {
        const files = pageFiles(module);
        if (!files) return this.error(`no chunk for ${module}`);
        serverRenderPage(page, serverRenderHtml(page as FirstScreen['page']), [
          ...new Set([...frame, ...files]),
        ]);
      }
    },
  };
}
