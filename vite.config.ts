import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { antdStaticCss, antdStyleGeneratorsOut } from './scripts/antd-static-css';
import { chunkGraph } from './scripts/chunk-graph';
import { firstPaintShell } from './scripts/first-paint';
import { firstRequestsScript } from './scripts/first-requests';

const root = resolve(import.meta.dirname, 'src/web');
const outDir = resolve(import.meta.dirname, 'dist/web');

/** First-screen budget (issue 5): the entry chunk and everything it imports statically. */
const FIRST_SCREEN_BUDGET_KB = 250;

/**
 * Prints the gzip size of the entry chunk(s) and their static imports — what the browser must load
 * before anything shows — and of the largest lazy chunks.
 */
function gzipReport(): Plugin {
  return {
    name: 'duban-gzip-report',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir ?? outDir;
      const gz = (file: string) => gzipSync(readFileSync(resolve(dir, file)), { level: 9 }).length;
      const { chunks, entry: firstScreen, closure } = chunkGraph(bundle);
      // What each first page adds on top of the entry: the login screen, and the home after sign-in.
      const screens: [string, string[]][] = [
        ['登录 (login screen)', ['features/auth/LoginPage.tsx']],
        ['督办空间 (home after sign-in)', ['components/AppLayout.tsx', 'features/home/HomePage.tsx']],
      ];
      const overBudget: string[] = [];
      const screenLines = screens.map(([name, modules]) => {
        const files = new Set(firstScreen);
        for (const chunk of chunks) {
          if (modules.some((m) => chunk.facadeModuleId?.endsWith(m))) closure(chunk.fileName, files);
        }
        const size = [...files].reduce((sum, f) => sum + gz(f), 0);
        const extra = [...files]
          .filter((f) => !firstScreen.has(f))
          .map((f) => ({ f, size: gz(f) }))
          .sort((a, b) => b.size - a.size)
          .map(
            (x) =>
              `${x.f.replace(/^assets\//, '').replace(/-[\w-]{8}\.js$/, '')} ${(x.size / 1024).toFixed(1)}`,
          );
        if (size / 1024 > FIRST_SCREEN_BUDGET_KB) overBudget.push(name);
        return `  ${name}: ${(size / 1024).toFixed(1)} KB gzip in total (+ ${extra.join(', ')})`;
      });
      let total = 0;
      const lines: string[] = [];
      for (const file of firstScreen) {
        const size = gz(file);
        total += size;
        lines.push(`  ${file}  ${(size / 1024).toFixed(1)} KB gzip`);
      }
      const css = Object.values(bundle).filter((a) => a.type === 'asset' && a.fileName.endsWith('.css'));
      const cssSize = css.reduce((sum, a) => sum + gz(a.fileName), 0);
      const kb = total / 1024;
      const lazy = chunks
        .filter((c) => !firstScreen.has(c.fileName))
        .map((c) => ({ file: c.fileName, size: gz(c.fileName) }))
        .sort((a, b) => b.size - a.size)
        .slice(0, 6);
      const verdict = kb <= FIRST_SCREEN_BUDGET_KB ? 'within' : 'OVER';
      this.environment.logger.info(
        [
          '',
          `First-screen JavaScript (entry + static imports): ${kb.toFixed(1)} KB gzip — ${verdict} the ${FIRST_SCREEN_BUDGET_KB} KB budget`,
          ...lines,
          `  CSS: ${(cssSize / 1024).toFixed(1)} KB gzip`,
          'First screens, entry included:',
          ...screenLines,
          'Largest lazy chunks (loaded per route):',
          ...lazy.map((l) => `  ${l.file}  ${(l.size / 1024).toFixed(1)} KB gzip`),
          '',
        ].join('\n'),
      );
      if (kb > FIRST_SCREEN_BUDGET_KB)
        this.error(`first-screen JavaScript ${kb.toFixed(1)} KB gzip exceeds budget`);
    },
  };
}

/** Text files worth compressing, and the smallest worth it (the server's threshold too). */
const PRECOMPRESS = /\.(js|mjs|css|html|svg|json|txt|map|webmanifest)$/;
const PRECOMPRESS_MIN_BYTES = 1024;

/**
 * Writes `file.br` (brotli, quality 11) and `file.gz` (gzip -9) next to every text file of the
 * build, for @fastify/static's `preCompressed`: the server sends them as they are, with no
 * compression work per request. A variant that would not be smaller is not written.
 */
function precompress(): Plugin {
  return {
    name: 'duban-precompress',
    apply: 'build',
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
          e.isDirectory() ? walk(resolve(dir, e.name)) : [resolve(dir, e.name)],
        );
      let before = 0;
      let br = 0;
      for (const file of walk(outDir)) {
        if (!PRECOMPRESS.test(file) || statSync(file).size < PRECOMPRESS_MIN_BYTES) continue;
        const raw = readFileSync(file);
        const brotli = brotliCompressSync(raw, {
          params: {
            [zlib.BROTLI_PARAM_QUALITY]: 11,
            [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
            [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length,
          },
        });
        const gzip = gzipSync(raw, { level: 9 });
        if (brotli.length < raw.length) writeFileSync(`${file}.br`, brotli);
        if (gzip.length < raw.length) writeFileSync(`${file}.gz`, gzip);
        before += raw.length;
        br += Math.min(brotli.length, raw.length);
      }
      this.environment.logger.info(
        `Pre-compressed text files: ${(before / 1024).toFixed(0)} KB → ${(br / 1024).toFixed(0)} KB brotli`,
      );
    },
  };
}

/**
 * Writes `.vite/chunks.json` into the build: for every JavaScript chunk, the modules it holds
 * (paths relative to the project, `node_modules/` kept) with their minified size in bytes. The first-screen browser test
 * (test/e2e/first-screens.test.ts) maps the chunks a page requests to the code they carry, to
 * prove the 登录 page loads no table, date-picker or menu code. Not served (dot directory).
 */
function chunkModules(): Plugin {
  return {
    name: 'duban-chunk-modules',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir ?? outDir;
      const base = resolve(import.meta.dirname);
      const chunks: Record<string, Record<string, number>> = {};
      for (const chunk of Object.values(bundle)) {
        // The boot script (scripts/first-paint.ts) is an asset of our own: no modules.
        if (chunk.type === 'asset' && chunk.fileName.endsWith('.js')) chunks[chunk.fileName] = {};
        if (chunk.type !== 'chunk') continue;
        chunks[chunk.fileName] = Object.fromEntries(
          Object.entries(chunk.modules).map(([id, m]) => [
            id.startsWith(base) ? id.slice(base.length + 1) : id,
            m.renderedLength,
          ]),
        );
      }
      mkdirSync(resolve(dir, '.vite'), { recursive: true });
      writeFileSync(resolve(dir, '.vite', 'chunks.json'), `${JSON.stringify(chunks, null, 1)}\n`);
    },
  };
}

/**
 * Modules of antd that no page here needs although antd imports them statically, each answered in
 * the build with a module of ours: `[importing module, import, ours]`. The unit tests keep antd's
 * own (vitest does not read this file). Without them a list page loads no Dropdown, Menu, Tree,
 * Radio, Select nor virtual list (docs/benchmarks.md, "Smaller list pages").
 */
const BUILD_SUBSTITUTES: [string, string, string][] = [
  // antd's Table: the column filter dropdown (no column has `filters`, `filterDropdown` or
  // `onFilter`), the virtual table (no Table is `virtual`), and row selection's `selections` menu
  // and `type: 'radio'` (the one selection, 督办查询's, is checkboxes). The stub throws if rendered.
  ['antd/es/table/hooks/useFilter/index.js', './FilterDropdown', 'lib/tableStub.ts'],
  ['antd/es/table/InternalTable.js', './RcTable/VirtualTable', 'lib/tableStub.ts'],
  ['antd/es/table/hooks/useSelection.js', '../../dropdown', 'lib/tableStub.ts'],
  ['antd/es/table/hooks/useSelection.js', '../../radio', 'lib/tableStub.ts'],
  // Row selection's use of rc-tree: with `checkStrictly` left at true it only adds and removes keys;
  // the icon of its `selections` menu.
  ['antd/es/table/hooks/useSelection.js', '@rc-component/tree', 'lib/selectionTree.ts'],
  ['antd/es/table/hooks/useSelection.js', '@ant-design/icons/es/icons/DownOutlined', 'lib/tableStub.ts'],
  // The styles of the left-out filter dropdown and virtual table, and of right-to-left layout; rc-table's
  // scroll bar for `sticky` tables (none is).
  ['antd/es/table/style/index.js', './filter', 'lib/noStyle.ts'],
  ['antd/es/table/style/index.js', './virtual', 'lib/noStyle.ts'],
  ['antd/es/table/style/index.js', './rtl', 'lib/noStyle.ts'],
  ['@rc-component/table/es/Table.js', './stickyScrollBar', 'lib/tableStub.ts'],
  // Checkbox.Group, which no form uses (the table's selection imports Checkbox and with it the group).
  ['antd/es/checkbox/index.js', './Group', 'lib/tableStub.ts'],
  // Pagination's page-size changer: a native <select> instead of antd's Select.
  ['antd/es/pagination/Pagination.js', '../select', 'components/PageSizeSelect.tsx'],
  // rc-tabs' 更多 button (Tabs, and Card, which imports Tabs): its dropdown loads when tabs overflow.
  ['@rc-component/tabs/es/TabNavList/index.js', './OperationNode', 'lib/tabsMoreButton.tsx'],
  // antd's App: message, notification and modal, loaded at their first use (lib/lazyFeedback).
  ['antd/es/app/App.js', '../message/useMessage', 'lib/lazyFeedback/useMessage.ts'],
  ['antd/es/app/App.js', '../notification/useNotification', 'lib/lazyFeedback/useNotification.ts'],
  ['antd/es/app/App.js', '../modal/useModal', 'lib/lazyFeedback/useModal.ts'],
];

/**
 * What asks the Table (or Checkbox) for a part left out above: the build fails on it in any module of
 * the UI.
 */
const LEFT_OUT_TABLE_PARTS =
  /\b(filterDropdown|onFilter|filteredValue|defaultFilteredValue|filterMode|filterSearch|selections|checkStrictly)\b|\bfilters:\s*\[|<Table\b[^>]*\bvirtual\b|type:\s*['"]radio['"]|\bsticky[=:]|\bdirection[=:]\s*['"]rtl|\bCheckbox\.Group\b/;

function substitutes(): Plugin {
  // The substitutes name the parts they leave out.
  const stubs = new Set(['lib/tableStub.ts', 'lib/selectionTree.ts'].map((f) => resolve(root, f)));
  return {
    name: 'duban-substitutes',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!id.startsWith(root) || stubs.has(id) || !/\.tsx?$/.test(id)) return null;
      const lines = code.split('\n');
      const at = lines.findIndex((l) => LEFT_OUT_TABLE_PARTS.test(l));
      if (at >= 0)
        this.error(
          `${id}:${at + 1} asks antd's Table for a part the build leaves out (BUILD_SUBSTITUTES): ${lines[at]?.trim()}`,
        );
      return null;
    },
    resolveId(source, importer) {
      if (!importer) return null;
      const file = importer.replaceAll('\\', '/');
      const hit = BUILD_SUBSTITUTES.find(
        ([from, what]) => source === what && file.endsWith(`/node_modules/${from}`),
      );
      return hit ? resolve(root, hit[2]) : null;
    },
  };
}

/**
 * `vite build --ssr`: the server's render of the first screens (src/web/ssr/render.tsx) into
 * dist/web-ssr, with the same components, antd substitutes and style-free antd as the browser's
 * build, and every package bundled in (antd's ES modules, not Node's to resolve).
 */
const serverRenderBuild: UserConfig = {
  root,
  plugins: [react(), substitutes(), antdStyleGeneratorsOut()],
  ssr: { noExternal: true },
  // React's and antd's production code whatever the server's NODE_ENV: a development React renders
  // several times slower and keeps debugging records of every render.
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    ssr: true,
    outDir: resolve(import.meta.dirname, 'dist/web-ssr'),
    emptyOutDir: true,
    // Minified all the same: the server holds the module's source in memory (7.5 → 3.9 MB, ~15 MB
    // less resident once loaded). Read from disk by the server, never sent: no hashes in the names.
    minify: true,
    rolldownOptions: {
      input: resolve(root, 'ssr/render.tsx'),
      output: { entryFileNames: 'render.js', chunkFileNames: '[name].js' },
    },
  },
};

const browserBuild: UserConfig = {
  root,
  plugins: [
    react(),
    substitutes(),
    antdStyleGeneratorsOut(),
    antdStaticCss(import.meta.dirname),
    firstPaintShell(),
    firstRequestsScript(import.meta.dirname),
    gzipReport(),
    chunkModules(),
    precompress(),
  ],
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // Fewer, larger files (issue 12): left to itself the bundler made 141 chunks, 46–60 of them on a
        // first screen, most of 1–3 KB. Each costs a request (six at a time on HTTP/1.1, a round trip
        // each on Lighthouse's slow 4G) and a <link rel=modulepreload> the browser must add and parse.
        codeSplitting: {
          groups: [
            // Everything the entry imports statically: loaded by every page anyway, as one file.
            { name: 'boot', tags: ['$initial'] },
            // The libraries shared by six or more lazy pages (buttons, icons, tags, alerts, the query
            // hooks…), as one file: not the table, card (it brings the tabs), date-picker, menu, tabs,
            // dialogs, forms and inputs, which stay with the pages that use them (the 登录 page must load no table, date-picker
            // or menu code, and every first screen stays within 250 KB: test/e2e/first-screens.test.ts).
            {
              name: 'common',
              test: (id) =>
                /[\\/]node_modules[\\/]/.test(id) &&
                !/[\\/](table|card|date-picker|menu|calendar|tree|echarts|zrender|picker|tabs|modal|dialog|pagination|color-picker|dayjs|form|async-validator|input|textarea|select|virtual-list|overflow|checkbox|radio|auto-complete)[\\/]/.test(
                  id,
                ),
              minShareCount: 6,
            },
          ],
        },
      },
      // rc-tree, rc-table and rc-virtual-list declare no `sideEffects`; they have none, and without
      // the flag their unused parts (the Tree, the virtual table) stayed in the table pages.
      treeshake: {
        moduleSideEffects: (id) =>
          !/\/node_modules\/@rc-component\/(tree|table|virtual-list|form|async-validator)\//.test(id),
      },
    },
  },
  server: {
    proxy: {
      // The UI's own modules live under src/web/api/ too (`/api/client.ts`): only the rest is the API.
      '^/api/(?![\\w./-]*\\.tsx?(\\?|$))': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
};

export default defineConfig(({ isSsrBuild }) => (isSsrBuild ? serverRenderBuild : browserBuild));
