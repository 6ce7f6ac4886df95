/**
 * The first-requests script of the signed-in pages (issue 12, point 1): a Vite plugin that bundles
 * src/web/boot/firstRequests.ts on its own (esbuild, one classic script of a few KB, nothing shared
 * with the app's chunks) into `assets/first-requests-<hash>.js` and loads it `async` from the head
 * of `index.html`. It asks for the page's first queries while the browser is still downloading the
 * app (src/web/api/prefetched.ts has the hand-over); the HTML's head asks for the session itself.
 * The plugin also writes each first screen's own copy of that page, `index-<page>.html`, whose head
 * links the frame's and the page's code (src/server/plugins/web.ts sends it for the screen's
 * addresses). Not in `login.html`, which goes to browsers without a session
 * (scripts/first-paint.ts): it runs before this plugin and copies index.html as it was.
 *
 * Why a script rather than the answers in the HTML: the server would have to make the page's
 * queries itself (the address → query mapping, in the web's code, repeated on the server, and the
 * permission checks with it), hold the HTML back until they are done, and the HTML could no
 * longer be a pre-compressed file. Here the browser asks the API as the app would, with its own
 * cookie, so nothing new needs checking on the server.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import type { OutputBundle } from 'rolldown';
import type { Plugin } from 'vite';
import { type FirstScreen, SESSION_URL, screenHtml } from '../src/web/lib/routes';
import { chunkGraph } from './chunk-graph';

/**
 * The module of each first screen's page (src/web/lib/preloadScreen.ts imports the same ones, with
 * the frame's): the build fails when the two disagree.
 */
export const SCREEN_MODULES: Record<FirstScreen['page'], string> = {
  home: 'features/home/HomePage.tsx',
  taskList: 'features/tasks/TaskListPage.tsx',
  itemQuery: 'features/items/ItemQueryPage.tsx',
  itemDetail: 'features/items/ItemDetailPage.tsx',
  newItem: 'features/items/NewItemPage.tsx',
};
export const FRAME_MODULE = 'components/AppLayout.tsx';
const PRELOADER_MODULE = 'lib/preloadScreen.ts';

export function firstRequestsScript(projectRoot: string): Plugin {
  return {
    name: 'duban-first-requests',
    apply: 'build',
    // After firstPaintShell, which made login.html from index.html before this tag is in it.
    enforce: 'post',
    async generateBundle(_options, bundle) {
      const html = bundle['index.html'];
      if (html?.type !== 'asset' || typeof html.source !== 'string')
        return this.error('index.html is not in the bundle');
      if (!bundle['login.html']) return this.error('login.html must be made before this plugin runs');
      const web = resolve(projectRoot, 'src/web');
      const preloaded = this.getModuleInfo(resolve(web, PRELOADER_MODULE))?.dynamicallyImportedIds ?? [];
      const expected = [FRAME_MODULE, ...Object.values(SCREEN_MODULES)].map((m) => resolve(web, m));
      if ([...preloaded].sort().join() !== [...expected].sort().join())
        return this.error(
          `${PRELOADER_MODULE} imports ${preloaded.join(', ')}; SCREEN_MODULES in scripts/first-requests.ts names ${expected.join(', ')}`,
        );
      const screenFiles = screenFilesOf(bundle);
      if (typeof screenFiles === 'string') return this.error(screenFiles);
      const out = await build({
        entryPoints: [resolve(projectRoot, 'src/web/boot/firstRequests.ts')],
        bundle: true,
        write: false,
        format: 'iife',
        platform: 'browser',
        target: 'es2022',
        minify: true,
        legalComments: 'none',
      });
      const code = out.outputFiles[0]?.text;
      if (!code) return this.error('esbuild made no first-requests script');
      const file = `assets/first-requests-${createHash('sha256').update(code).digest('base64url').slice(0, 8)}.js`;
      this.emitFile({ type: 'asset', fileName: file, source: code });
      // First in the head: the session's request (the parser's, before any script has run; the
      // script's own fetch takes its answer), then the script, before the entry and its preloads.
      const tags = [
        `<link rel="preload" as="fetch" crossorigin href="${SESSION_URL}">`,
        `<script async src="/${file}"></script>`,
      ];
      if (!html.source.includes('</title>')) return this.error('no <title> in index.html');
      html.source = html.source.replace('</title>', `</title>\n    ${tags.join('\n    ')}`);
      if (!html.source.includes('</head>')) return this.error('no </head> in index.html');
      // One page per first screen (src/server/plugins/web.ts sends it for the screen's addresses),
      // its frame's and page's files linked in the head: requested by the HTML parser along with the
      // entry, not by a script once it has arrived and run.
      for (const [page, files] of Object.entries(screenFiles.pages)) {
        const links = [...new Set([...screenFiles.frame, ...files])].map((href) =>
          href.endsWith('.css')
            ? `<link rel="preload" as="style" crossorigin href="${href}">`
            : `<link rel="modulepreload" crossorigin href="${href}">`,
        );
        this.emitFile({
          type: 'asset',
          fileName: screenHtml(page as FirstScreen['page']),
          source: html.source.replace('</head>', `  ${links.join('\n    ')}\n  </head>`),
        });
      }
    },
  };
}

/**
 * The files of the frame's and of each first screen's code, their static imports and stylesheets
 * with them, less what the entry loads anyway: what each first screen's HTML links in its head.
 * An error message when a module has no chunk of its own.
 */
function screenFilesOf(
  bundle: OutputBundle,
): { frame: string[]; pages: Record<FirstScreen['page'], string[]> } | string {
  const { pageFiles } = chunkGraph(bundle);
  const frame = pageFiles(FRAME_MODULE);
  if (!frame) return `no chunk for ${FRAME_MODULE}`;
  const pages: Record<string, string[]> = {};
  for (const [page, module] of Object.entries(SCREEN_MODULES)) {
    const files = pageFiles(module);
    if (!files) return `no chunk for ${module}`;
    pages[page] = files;
  }
  return { frame, pages: pages as Record<FirstScreen['page'], string[]> };
}
