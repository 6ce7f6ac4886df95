/**
 * The first paint without JavaScript (issue 12, point 1): a Vite plugin that rewrites the built
 * index.html so that the browser paints a first screen from the HTML alone, and only then starts
 * loading the app.
 *
 * - **A shell in the HTML.** `index.html` holds the frame of the signed-in pages (the header, on a
 *   desktop the menu's dark rail with 督办系统, and "加载中…" where the page will be); `login.html`
 *   the 登录 card (title, the two fields and the button, drawn without antd). The server sends
 *   `login.html` for /login and to a browser without a session cookie (src/server/plugins/web.ts).
 *   The shell is `aria-hidden` markup outside `#root`; the app renders into a hidden `#root` and
 *   swaps itself in once its first real screen has rendered (src/web/lib/firstPaint.ts), so the
 *   page goes from the shell to the page with no blank or spinner-only frame in between.
 * - **What it paints.** On 登录 the largest element is the shell's `<h1>` (the login card's own,
 *   same classes; the app's is not larger), so FCP and LCP need no script. On the signed-in pages
 *   the page's data still draws a larger text block later (a list's cell, an item's content): their
 *   LCP stays the data's (docs/benchmarks.md, "The first paint from the HTML").
 * - **No render-blocking request.** The entry's stylesheets (antd's static rules for the entry's
 *   components and the app's styles.css) are inlined in a `<style data-build>`; the entry script and
 *   its modulepreload links leave the head for `assets/boot-<hash>.js`, a module script at the end
 *   of the body, which adds the preloads and imports the entry after the first frame (a
 *   requestAnimationFrame, then a task). No inline script: the CSP stays `script-src 'self'`.
 */
import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';

/** A CSS spinner like antd's Spin (size large, 32 px, four dots), without its CSS variables. */
const LOADING = `<div class="page-loading"><div class="shell-spin"><span class="shell-dots"><i></i><i></i><i></i><i></i></span><div class="shell-spin-text">加载中…</div></div></div>`;

/** The signed-in frame of AppLayout (styles.css: .app-header, .app-logo…), for both widths. */
const APP_SHELL = `<div id="shell" data-shell="app" class="shell-app" aria-hidden="true">
<div class="shell-rail"><div class="app-logo"><span class="shell-logo-icon"></span><span>督办系统</span></div></div>
<div class="shell-main"><header class="app-header"><span class="shell-menu-button"></span><span class="app-header-title">督办空间</span></header>
<div class="app-content"><main>${LOADING}</main></div></div>
</div>`;

/** LoginPage's card (Panel, .login-title…), its form drawn as boxes. */
const LOGIN_SHELL = `<div id="shell" data-shell="login" aria-hidden="true"><main class="login-page"><section class="panel login-card"><div class="panel-body">
<div class="login-title"><h1>督办系统</h1><p class="login-subtitle">重点工作督办 · 督办空间</p></div>
<div class="shell-field"><div class="shell-label">用户名</div><div class="shell-input"></div></div>
<div class="shell-field"><div class="shell-label">密码</div><div class="shell-input"></div></div>
<div class="shell-button">登 录</div>
</div></section></main></div>`;

/** The signed-in first screens' pages by address (src/web/App.tsx's routes), for the boot's preloads. */
const ROUTES: [string, string][] = [
  ['^\\/$', 'features/home/HomePage.tsx'],
  ['^\\/tasks\\/(pending|done)\\/?$', 'features/tasks/TaskListPage.tsx'],
  ['^\\/tasks\\/[^/]+\\/?$', 'features/handling/HandlingPage.tsx'],
  ['^\\/items\\/?$', 'features/items/ItemQueryPage.tsx'],
  ['^\\/items\\/new\\/?$', 'features/items/NewItemPage.tsx'],
  ['^\\/items\\/[^/]+\\/?$', 'features/items/ItemDetailPage.tsx'],
];

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

      // The chunks of the screen the address will show (its page and, signed in, the frame), with
      // their static imports: requested along with the entry's, not once the entry has run, read the
      // session and rendered the frame (two round trips later).
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const byFile = new Map(chunks.map((c) => [c.fileName, c]));
      const entryFiles = new Set<string>();
      const closure = (file: string, into: Set<string>) => {
        if (into.has(file) || entryFiles.has(file)) return;
        into.add(file);
        for (const dep of byFile.get(file)?.imports ?? []) closure(dep, into);
      };
      const entryChunk = chunks.find((c) => c.isEntry);
      if (!entryChunk) return this.error('no entry chunk');
      closure(entryChunk.fileName, entryFiles);
      const filesOf = (module: string) => {
        const chunk = chunks.find((c) => c.facadeModuleId?.endsWith(`/src/web/${module}`));
        if (!chunk) {
          this.error(`no chunk for ${module} (first-paint.ts ROUTES)`);
          return [];
        }
        const files = new Set<string>();
        closure(chunk.fileName, files);
        // Their stylesheets too, which Vite would otherwise request once the chunk is imported (its
        // preload helper skips a sheet already linked).
        const css = [...files].flatMap((f) => [...(byFile.get(f)?.viteMetadata?.importedCss ?? [])]);
        return [...files, ...css].map((f) => `/${f}`);
      };
      const routes = ROUTES.map(([pattern, module]) => [pattern, filesOf(module)] as const);
      const login = filesOf('features/auth/LoginPage.tsx');
      const frame = filesOf('components/AppLayout.tsx');

      const boot = [
        "// Loads the app once the HTML's first screen is painted (scripts/first-paint.ts).",
        `const preloads = ${JSON.stringify(preloads)};`,
        "if (document.getElementById('shell')?.dataset.shell === 'login') {",
        `  preloads.push(...${JSON.stringify(login)});`,
        '} else {',
        `  preloads.push(...${JSON.stringify(frame)});`,
        `  const routes = [${routes.map(([p, f]) => `[/${p}/, ${JSON.stringify(f)}]`).join(', ')}];`,
        '  const route = routes.find(([pattern]) => pattern.test(location.pathname));',
        '  if (route) preloads.push(...route[1]);',
        '}',
        'let started = false;',
        'const start = () => {',
        '  if (started) return;',
        '  started = true;',
        '  for (const href of new Set(preloads)) {',
        "    const link = document.createElement('link');",
        "    link.rel = href.endsWith('.css') ? 'stylesheet' : 'modulepreload';",
        '    link.href = href;',
        '    document.head.append(link);',
        '  }',
        `  import(${JSON.stringify(entry[1])});`,
        '};',
        'requestAnimationFrame(() => setTimeout(start, 0));',
        // A tab opened in the background runs no animation frame until shown.
        "if (document.visibilityState !== 'visible') start();",
        '',
      ].join('\n');
      const bootFile = `assets/boot-${hash(boot)}.js`;
      this.emitFile({ type: 'asset', fileName: bootFile, source: boot });
      const bootTag = `<script type="module" src="/${bootFile}"></script>`;

      const rootDiv = /<div id="root"><\/div>/;
      if (!rootDiv.test(source)) return this.error('no <div id="root"></div> in index.html');
      const page = (shell: string) =>
        source.replace(rootDiv, `${shell}\n    <div id="root" hidden></div>\n    ${bootTag}`);
      html.source = page(APP_SHELL);
      this.emitFile({ type: 'asset', fileName: 'login.html', source: page(LOGIN_SHELL) });
    },
  };
}
