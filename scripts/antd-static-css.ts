/**
 * antd's component styles as a static stylesheet, made at build time (Vite plugin).
 *
 * The UI runs antd with `theme.zeroRuntime` (src/web/App.tsx): components no longer compute and
 * insert their CSS in the browser (that was ~1.8 s of main-thread time on a throttled phone,
 * docs/benchmarks.md). Their rules come from this sheet instead: the build renders one sample of
 * every antd component whose style module is in the bundle, with the app's theme (src/web/theme.ts),
 * through react-dom/server into a @ant-design/cssinjs cache, and writes the cache's style rules
 * (`extractStyle`, type `style` only) to `assets/antd-<hash>.css`, linked before the app's own CSS.
 *
 * Only the rules: the CSS variables (`--ant-color-primary`, a component's `--ant-btn-…`) are still
 * set by antd at run time (`useCacheToken` and `useCSSVarRegister` run in zero-runtime mode too —
 * their tokens are computed anyway for components that read them in JavaScript), a few small
 * <style> elements instead of hundreds of rules.
 *
 * The set of components follows the bundle: a component whose `antd/es/<dir>/style/` module is in
 * some chunk gets its sample rendered; one with no sample below fails the build, so a new antd
 * component in the UI cannot ship unstyled.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { type Plugin, parseSync } from 'vite';
import { THEME } from '../src/web/theme';
import { colClassesOf, pruneColumnRules } from './antd-grid';
import { eachNode } from './ast';
import { chunkGraph } from './chunk-graph';

type Antd = typeof import('antd');
type El = import('react').ReactElement;
type H = typeof import('react').createElement;

/** A sample per antd style directory, rendering every part whose style hook the UI may call. */
const SAMPLES: Record<string, (a: Antd, h: H) => El | El[]> = {
  alert: (a, h) => h(a.Alert, { title: 'x', showIcon: true, closable: true }),
  app: (a, h) => h(a.App),
  button: (a, h) => [h(a.Button, null, 'x'), h(a.Space.Compact, null, h(a.Button), h(a.Button))],
  card: (a, h) => h(a.Card, { title: 'x', extra: 'y' }, 'z'),
  checkbox: (a, h) => [h(a.Checkbox), h(a.Checkbox.Group, { options: ['x'] })],
  'date-picker': (a, h) => [h(a.DatePicker), h(a.DatePicker.RangePicker)],
  descriptions: (a, h) => h(a.Descriptions, { items: [{ key: 1, label: 'x', children: 'y' }] }),
  divider: (a, h) => h(a.Divider),
  drawer: (a, h) => h(a.Drawer._InternalPanelDoNotUseOrYouWillBeFired),
  empty: (a, h) => [h(a.Empty), h(a.Empty, { image: a.Empty.PRESENTED_IMAGE_SIMPLE })],
  form: (a, h) =>
    h(a.Form, null, h(a.Form.Item, { label: 'x', help: 'y', validateStatus: 'error' }, h(a.Input))),
  grid: (a, h) => h(a.Row, null, h(a.Col, { span: 12 })),
  input: (a, h) => [
    h(a.Input),
    h(a.Input.TextArea, { showCount: true }),
    h(a.Input.Search),
    h(a.Input.Password),
    h(a.Space.Compact, null, h(a.Input), h(a.Input)),
  ],
  layout: (a, h) => h(a.Layout, null, h(a.Layout.Sider), h(a.Layout.Header), h(a.Layout.Content)),
  message: (a, h) => h(a.message._InternalPanelDoNotUseOrYouWillBeFired, { content: 'x' }),
  modal: (a, h) => [
    h(a.Modal._InternalPanelDoNotUseOrYouWillBeFired),
    h(a.Modal._InternalPanelDoNotUseOrYouWillBeFired, { type: 'confirm' }),
  ],
  notification: (a, h) =>
    h(a.notification._InternalPanelDoNotUseOrYouWillBeFired, { title: 'x', description: 'y' }),
  pagination: (a, h) => h(a.Pagination, { total: 100 }),
  popconfirm: (a, h) => h(a.Popconfirm._InternalPanelDoNotUseOrYouWillBeFired, { title: 'x' }),
  popover: (a, h) => h(a.Popover._InternalPanelDoNotUseOrYouWillBeFired, { content: 'x' }),
  progress: (a, h) => [h(a.Progress, { percent: 50 }), h(a.Progress, { type: 'circle', percent: 50 })],
  radio: (a, h) => [h(a.Radio), h(a.Radio.Group, { options: ['x'], optionType: 'button' })],
  result: (a, h) => h(a.Result, { status: 'success', title: 'x' }),
  select: (a, h) => [
    h(a.Select),
    h(a.Select, { mode: 'multiple' }),
    h(a.Select._InternalPanelDoNotUseOrYouWillBeFired),
    h(a.AutoComplete),
  ],
  skeleton: (a, h) => [h(a.Skeleton, { active: true }), h(a.Skeleton.Button), h(a.Skeleton.Input)],
  space: (a, h) => h(a.Space, null, 'x', 'y'),
  spin: (a, h) => h(a.Spin),
  statistic: (a, h) => h(a.Statistic, { value: 1 }),
  steps: (a, h) => h(a.Steps, { items: [{ title: 'x' }] }),
  switch: (a, h) => h(a.Switch),
  table: (a, h) =>
    h(a.Table, {
      columns: [{ title: 'x', dataIndex: 'x', sorter: true }],
      dataSource: [{ key: 1, x: 1 }],
      rowSelection: {},
    }),
  tabs: (a, h) => h(a.Tabs, { items: [{ key: 'x', label: 'x' }] }),
  tag: (a, h) => [h(a.Tag), h(a.Tag.CheckableTag, { checked: true })],
  timeline: (a, h) => h(a.Timeline, { items: [{ children: 'x' }] }),
  tooltip: (a, h) => h(a.Tooltip._InternalPanelDoNotUseOrYouWillBeFired, { title: 'x' }),
  tree: (a, h) => [h(a.Tree, { treeData: [] }), h(a.Tree.DirectoryTree, { treeData: [] })],
  typography: (a, h) => [h(a.Typography.Text), h(a.Typography.Title), h(a.Typography.Paragraph)],
  upload: (a, h) => [h(a.Upload), h(a.Upload.Dragger)],
};

/** The antd style directories the bundle's modules come from (`antd/es/<dir>/style/…`). */
function styleDirs(moduleIds: Iterable<string>): Set<string> {
  const dirs = new Set<string>();
  for (const id of moduleIds) {
    const hit = /\/node_modules\/antd\/es\/([\w-]+)\/style\//.exec(id.replaceAll('\\', '/'));
    if (hit?.[1]) dirs.add(hit[1]);
  }
  return dirs;
}

/** antd's style rules for the samples, by cssinjs cache key (`style%%Button-Button%ant-btn%…`). */
export interface AntdStyles {
  /**
   * The cache keys of the components of a style directory (`Button-Button` and `Button-compact` for
   * `button`, `DatePicker-…` for `date-picker`): each key belongs to one directory, so the sheets
   * of two chunks never repeat a rule.
   */
  keysOf(dir: string): Set<string>;
  /** The keys of no directory (antd's shared reset, the click wave, the icons' reset). */
  sharedKeys: Set<string>;
  /** The rules of these keys as one sheet, in antd's order, inside `@layer antd`. */
  css(keys: Iterable<string>): string;
  /** @ant-design/icons' own rules (.anticon), which it too leaves out in zero-runtime mode. */
  iconCss: string;
}

/**
 * Renders the samples of `dirs` with the app's theme, one cssinjs cache per directory (to learn
 * which rules each needs) and extracts rules per set of keys. antd and @ant-design/cssinjs are
 * loaded through `require` so that both are the same CommonJS instances (the StyleProvider's cache
 * must be the one antd's hooks write to).
 */
export function renderAntdStyles(projectRoot: string, dirs: Iterable<string>): AntdStyles {
  const require = createRequire(resolve(projectRoot, 'package.json'));
  const React = require('react') as typeof import('react');
  const { renderToString } = require('react-dom/server') as typeof import('react-dom/server');
  const antd = require('antd') as Antd;
  const cssinjs = require('@ant-design/cssinjs') as typeof import('@ant-design/cssinjs');
  const { iconStyles } = require('@ant-design/icons/lib/utils') as { iconStyles: string };
  const h = React.createElement;
  type Cache = ReturnType<typeof cssinjs.createCache>;
  // The cache's entries (`cache`, `updateTimes`: its insertion order) are internal fields, read here
  // only to copy a subset of them into a fresh cache for extractStyle.
  type Entries = { cache: Map<string, unknown>; updateTimes: Map<string, number> };
  const all = new Map<string, [unknown, number]>();
  const rendered = [...dirs].sort();
  for (const dir of rendered) {
    const sample = SAMPLES[dir];
    if (!sample)
      throw new Error(`antd's ${dir} is in the bundle but scripts/antd-static-css.ts has no sample of it`);
    const cache = cssinjs.createCache();
    const elements = [sample(antd, h)].flat().map((el, i) => h(React.Fragment, { key: i }, el));
    renderToString(
      h(
        cssinjs.StyleProvider,
        { cache },
        h(antd.ConfigProvider, { theme: { ...THEME, zeroRuntime: false } }, ...elements),
      ),
    );
    for (const [key, value] of (cache as unknown as Entries).cache) {
      if (key.startsWith('style%') && !all.has(key)) all.set(key, [value, all.size]);
    }
  }
  // A key names its component first (`style%%DatePicker-DatePicker%…`): its directory is that
  // name in kebab case. A sample renders other components too (a Table its Pagination): their
  // rules go with their own directory, whose style module is in a chunk the sample's imports.
  const keys = new Map(rendered.map((dir) => [dir, new Set<string>()]));
  const sharedKeys = new Set<string>();
  for (const key of all.keys()) {
    const name = /^style%[^%]*%([A-Za-z]+)/.exec(key)?.[1] ?? '';
    const dir = name.replace(/(?<=[a-z])(?=[A-Z])/g, '-').toLowerCase();
    (keys.get(dir) ?? sharedKeys).add(key);
  }
  return {
    keysOf: (dir) => keys.get(dir) ?? new Set(),
    sharedKeys,
    css(wanted) {
      const cache: Cache = cssinjs.createCache();
      const entries = cache as unknown as Entries;
      for (const key of wanted) {
        const hit = all.get(key);
        if (!hit) continue;
        entries.cache.set(key, hit[0]);
        entries.updateTimes.set(key, hit[1]);
      }
      if (entries.cache.size === 0) return '';
      const text = cssinjs
        .extractStyle(cache, { plain: true, types: 'style' })
        // The server-rendering hydration map: nothing reads it without run-time styles.
        .replace(/\.data-ant-cssinjs-cache-path\{[^}]*\}/, '');
      return `@layer antd{${text}}`;
    },
    iconCss: `@layer antd{${iconStyles}}`,
  };
}

/**
 * The Vite plugin. The rules follow the chunks: the entry (and what it imports statically) gets one
 * sheet linked in index.html, with the shared rules; a lazily loaded chunk gets the rules of the
 * components whose style modules it holds, as CSS Vite loads with the chunk (its `importedCss`). All of it is inside `@layer antd`, so the
 * app's unlayered styles.css wins over antd whatever order the sheets arrive in — as it did when
 * antd prepended its <style> elements at run time. (@layer is within Vite's default build target.)
 */
export function antdStaticCss(projectRoot: string): Plugin {
  return {
    name: 'duban-antd-static-css',
    apply: 'build',
    // After Vite's HTML plugin (index.html is in the bundle) and before its import analysis (which
    // writes each dynamic import's CSS dependencies from `importedCss`).
    enforce: 'post',
    generateBundle(_options, bundle) {
      const { chunks, entry: first } = chunkGraph(bundle);
      const dirsOf = new Map(chunks.map((c) => [c.fileName, styleDirs(Object.keys(c.modules))]));
      const styles = renderAntdStyles(projectRoot, new Set([...dirsOf.values()].flatMap((d) => [...d])));
      const keysOf = (files: Iterable<string>) =>
        new Set([...files].flatMap((f) => [...(dirsOf.get(f) ?? [])].flatMap((d) => [...styles.keysOf(d)])));
      // The grid's rules for the column classes the UI's own modules set (antd-grid.ts).
      const columns = new Set<string>();
      for (const id of new Set(chunks.flatMap((c) => Object.keys(c.modules))))
        if (/\.tsx$/.test(id) && !id.includes('/node_modules/'))
          for (const name of colClassesOf(id, readFileSync(id, 'utf8'))) columns.add(name);
      const emit = (sheet: string) => {
        const css = pruneColumnRules(sheet, columns);
        const hash = createHash('sha256').update(css).digest('base64url').slice(0, 8);
        const fileName = `assets/antd-${hash}.css`;
        this.emitFile({ type: 'asset', fileName, source: css });
        return fileName;
      };

      if (first.size === 0) return this.error('no entry chunk');
      const entryCss = emit(`${styles.iconCss}\n${styles.css([...styles.sharedKeys, ...keysOf(first)])}`);
      for (const chunk of chunks) {
        if (first.has(chunk.fileName)) continue;
        const css = styles.css(keysOf([chunk.fileName]));
        if (css) chunk.viteMetadata?.importedCss.add(emit(css));
      }

      const html = bundle['index.html'];
      if (html?.type !== 'asset' || typeof html.source !== 'string')
        return this.error('index.html is not in the bundle');
      const link = `<link rel="stylesheet" crossorigin href="/${entryCss}">`;
      const at = html.source.search(/<link rel="stylesheet"|<\/head>/);
      html.source = `${html.source.slice(0, at)}${link}\n    ${html.source.slice(at)}`;
    },
  };
}

/** antd's factories of style hooks; their second argument generates a component's CSS. */
const STYLE_FACTORIES = new Set(['genStyleHooks', 'genComponentStyleHook', 'genSubStyleComponent']);

/**
 * Replaces, in antd's modules, the style generator handed to each style-hook factory with
 * `() => []`, and returns the new code (null when the module has none). With `zeroRuntime` the
 * hooks return before calling it, so it is dead code; once no module refers to the generators
 * (`genSharedButtonStyle`…) the bundler drops them and the shared pieces they use.
 */
export function stripStyleGenerators(code: string, id: string): string | null {
  if (!/\bgen(StyleHooks|ComponentStyleHook|SubStyleComponent)\(/.test(code)) return null;
  const { program } = parseSync(id, code);
  const cuts: [number, number][] = [];
  eachNode(program, (n) => {
    if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && STYLE_FACTORIES.has(n.callee.name)) {
      const generator = n.arguments[1];
      if (generator) cuts.push([generator.start, generator.end]);
    }
  });
  if (cuts.length === 0) return null;
  let out = code;
  for (const [start, end] of cuts.sort((a, b) => b[0] - a[0]))
    out = `${out.slice(0, start)}() => []${out.slice(end)}`;
  return out;
}

/**
 * The two modules that call @ant-design/cssinjs' `useStyleRegister` (serialises style objects with
 * stylis and inserts them): antd's factory of style hooks, where the call comes after the
 * zero-runtime return, and antd's icon reset, which runs in any mode (its rules are in the entry's
 * static sheet). Without them neither stylis nor the rest of the style registering is bundled.
 */
const STYLE_REGISTER_CALLERS = [
  '/node_modules/@ant-design/cssinjs-utils/es/util/genStyleUtils.js',
  '/node_modules/antd/es/theme/util/useResetIconStyle.js',
];

/** Replaces the `useStyleRegister` imported from @ant-design/cssinjs with a local no-op. */
export function dropStyleRegister(code: string): string | null {
  const importLine = /^import \{([^}]*)\buseStyleRegister\b,?([^}]*)\} from '@ant-design\/cssinjs';$/m;
  const hit = importLine.exec(code);
  if (!hit) return null;
  const names = `${hit[1]}${hit[2]}`.replace(/,\s*$/, '').trim();
  const replacement = `${names ? `import { ${names} } from '@ant-design/cssinjs';\n` : ''}const useStyleRegister = () => {};`;
  return code.replace(importLine, replacement);
}

/**
 * The Vite plugin leaving antd's style generators and the style registering out of the build (the
 * UI runs zero-runtime; the static sheets above carry their output). The unit tests, which vitest
 * runs without this file's plugins, keep them.
 */
export function antdStyleGeneratorsOut(): Plugin {
  return {
    name: 'duban-antd-style-generators-out',
    apply: 'build',
    transform(code, id) {
      const file = id.replaceAll('\\', '/');
      if (STYLE_REGISTER_CALLERS.some((caller) => file.endsWith(caller))) {
        const out = dropStyleRegister(code);
        // An upgrade that moved the call would otherwise ship stylis again unnoticed.
        if (out === null) return this.error(`${file} no longer imports useStyleRegister as expected`);
        return { code: out, map: null };
      }
      // genStyleUtils.js defines the factories; everything else in antd only calls them.
      if (!file.includes('/node_modules/antd/es/') || file.endsWith('/theme/util/genStyleUtils.js'))
        return null;
      const out = stripStyleGenerators(code, id);
      return out === null ? null : { code: out, map: null };
    },
  };
}
