/**
 * The first-requests script of the signed-in pages (issue 12, point 1): a Vite plugin that bundles
 * src/web/boot/firstRequests.ts on its own (esbuild, one classic script of a few KB, nothing shared
 * with the app's chunks) into `assets/first-requests-<hash>.js` and loads it `async` from the head
 * of `index.html`. It asks for the session and the page's first queries while the browser is still
 * downloading the app (src/web/api/prefetched.ts has the hand-over). Not in `login.html`, which
 * goes to browsers without a session (scripts/first-paint.ts): it runs before this plugin and
 * copies index.html as it was.
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
import type { Plugin } from 'vite';

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
      // First in the head: requested before the entry and its preloads.
      const tag = `<script async src="/${file}"></script>`;
      if (!html.source.includes('</title>')) return this.error('no <title> in index.html');
      html.source = html.source.replace('</title>', `</title>\n    ${tag}`);
    },
  };
}
