/**
 * The build's static antd stylesheet (scripts/antd-static-css.ts): the rules a component's sample
 * renders with the app's theme, per cssinjs key, and the style generators left out of the bundle.
 * The browser tests check the built UI itself (test/e2e/first-screens.test.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { colClassesOf, pruneColumnRules } from '../scripts/antd-grid';
import { dropStyleRegister, renderAntdStyles, stripStyleGenerators } from '../scripts/antd-static-css';
import { ROOT } from '../scripts/build.mjs';

describe('renderAntdStyles', () => {
  const styles = renderAntdStyles(ROOT, ['button', 'pagination', 'table']);

  it("holds each sample's rules, in antd's layer, without the hydration map", () => {
    const button = styles.css(styles.keysOf('button'));
    expect(button.startsWith('@layer antd{')).toBe(true);
    expect(button).toMatch(/\.ant-btn\{/);
    expect(button).toMatch(/\.ant-btn-variant-solid/);
    expect(button).not.toContain('data-ant-cssinjs-cache-path');
    // Each rule with its own component: the table's sample renders a pagination, whose rules go
    // with the pagination's directory only; the shared reset with neither.
    expect(button).not.toMatch(/\.ant-table\{/);
    const table = styles.css(styles.keysOf('table'));
    expect(table).toMatch(/\.ant-table\{/);
    expect(table).not.toMatch(/[{}]\.ant-pagination\{/);
    expect(styles.css(styles.keysOf('pagination'))).toMatch(/[{}]\.ant-pagination\{/);
    expect([...styles.sharedKeys].join(' ')).toMatch(
      /style%%Shared.*style%%Wave-Wave|style%%Wave-Wave.*style%%Shared/,
    );
    expect([...styles.keysOf('button')].some((k) => styles.sharedKeys.has(k))).toBe(false);
  });

  it('is unhashed and reads the theme from CSS variables, which antd still sets at run time', () => {
    const button = styles.css(styles.keysOf('button'));
    expect(button).not.toContain(':where(.css-');
    expect(button).toContain('var(--ant-color-primary)');
    expect(button).not.toMatch(/#1d5fbf|#1677ff/i);
  });

  it('refuses a component it has no sample of', () => {
    expect(() => renderAntdStyles(ROOT, ['qr-code'])).toThrow(/no sample of it/);
  });

  it("carries @ant-design/icons' rules", () => {
    expect(styles.iconCss).toMatch(/\.anticon\s*\{/);
  });
});

describe('stripStyleGenerators', () => {
  it("replaces the generator in antd's button style module and keeps the token function", () => {
    const file = path.join(ROOT, 'node_modules/antd/es/button/style/index.js');
    const code = readFileSync(file, 'utf8');
    const out = stripStyleGenerators(code, file);
    expect(out).not.toBeNull();
    const exported = out?.slice(out.indexOf('export default genStyleHooks(')) ?? '';
    expect(exported).toMatch(
      /^export default genStyleHooks\('Button', \(\) => \[\], prepareComponentToken, \{/,
    );
    expect(exported).not.toContain('genSharedButtonStyle');
  });

  it('handles every factory and leaves other modules alone', () => {
    const code = [
      "const a = genSubStyleComponent(['Button', 'compact'], token => [x(token)], prep);",
      "const b = genComponentStyleHook('Wave', genWaveStyle);",
    ].join('\n');
    expect(stripStyleGenerators(code, 'x.js')).toBe(
      [
        "const a = genSubStyleComponent(['Button', 'compact'], () => [], prep);",
        "const b = genComponentStyleHook('Wave', () => []);",
      ].join('\n'),
    );
    expect(stripStyleGenerators('export const x = 1;', 'y.js')).toBeNull();
  });
});

describe('dropStyleRegister', () => {
  it.each([
    'node_modules/@ant-design/cssinjs-utils/es/util/genStyleUtils.js',
    'node_modules/antd/es/theme/util/useResetIconStyle.js',
  ])('leaves %s without an import of useStyleRegister', (file) => {
    const out = dropStyleRegister(readFileSync(path.join(ROOT, file), 'utf8')) ?? '';
    expect(out).toContain('const useStyleRegister = () => {};');
    expect(out).not.toMatch(/import \{[^}]*useStyleRegister[^}]*\} from '@ant-design\/cssinjs'/);
    // The other names of the import stay.
    if (file.includes('cssinjs-utils'))
      expect(out).toContain("import { token2CSSVar, useCSSVarRegister } from '@ant-design/cssinjs';");
  });

  it('answers null for a module without that import', () => {
    expect(dropStyleRegister("import { useCacheToken } from '@ant-design/cssinjs';")).toBeNull();
  });
});

describe('the grid: only the column classes the UI sets (scripts/antd-grid.ts)', () => {
  const page = (jsx: string, imports = "import { Col as Column, Row } from 'antd';") =>
    `${imports}\nexport function Page() {\n  return (\n    <Row>${jsx}</Row>\n  );\n}\n`;

  it("reads each <Col>'s spans, orders, offsets, pushes and pulls, by breakpoint", () => {
    const code = page(
      '<Column span={6} offset={2} key="a" /><Column xs={24} lg={16} /><Column xs={{ span: 24, order: 2 }} xl={{ span: 11, order: 1, push: 1, pull: 3, flex: 1 }} />',
    );
    expect([...colClassesOf('Page.tsx', code)].sort()).toEqual(
      [
        'ant-col-6',
        'ant-col-offset-2',
        'ant-col-xs-24',
        'ant-col-lg-16',
        'ant-col-xs-order-2',
        'ant-col-xl-11',
        'ant-col-xl-order-1',
        'ant-col-xl-push-1',
        'ant-col-xl-pull-3',
      ].sort(),
    );
  });

  it("counts antd's Col only: another Col, or none imported, sets nothing", () => {
    expect(colClassesOf('A.tsx', page('<Column xs={3} />', "import { Column } from './mine';"))).toEqual(
      new Set(),
    );
    expect(colClassesOf('B.tsx', 'export const b = 1;')).toEqual(new Set());
  });

  it('fails the build, naming the file and line, where a column is not a literal', () => {
    expect(() => colClassesOf('C.tsx', page('<Column xs={wide ? 24 : 12} />'))).toThrow(
      /C\.tsx:4: <Col> xs is neither/,
    );
    expect(() => colClassesOf('D.tsx', page('<Column {...props} />'))).toThrow(/D\.tsx:4: <Col> with spread/);
    expect(() => colClassesOf('E.tsx', page('<Column span={n} />'))).toThrow(/E\.tsx:4: <Col> span is not/);
    expect(() => colClassesOf('F.tsx', page('<Column lg={{ span: n }} />'))).toThrow(/F\.tsx:4: <Col> lg=/);
    expect(() => colClassesOf('G.tsx', page('<Column wide />'))).toThrow(/does not know \(wide\)/);
  });

  it("takes Form's labelCol and wrapperCol with flex only: a numbered one fails the build", () => {
    const form = (props: string) => page(`<Form labelCol={${props}} />`, "import { Form } from 'antd';");
    expect(colClassesOf('H.tsx', form("wide ? { flex: '10em' } : undefined"))).toEqual(new Set());
    expect(() => colClassesOf('I.tsx', form('{ span: 6 }'))).toThrow(
      /I\.tsx:4: labelCol: only \{\{ flex \}\}/,
    );
    expect(() => colClassesOf('J.tsx', form('wide ? { flex: 1 } : { span: 6 }'))).toThrow(
      /J\.tsx:4: labelCol/,
    );
    expect(() => colClassesOf('K.tsx', form('columns'))).toThrow(/K\.tsx:4: labelCol/);
  });

  it("keeps the used columns' rules and every other rule, and drops media blocks it empties", () => {
    const css =
      '@layer antd{.ant-col{position:relative;}.ant-col-6{flex:0 0 25%;}.ant-col-7{flex:0 0 29%;}' +
      '.ant-col-xs-order-2{order:2;}.ant-col-xs-order-3{order:3;}.x .ant-col-5{color:red;}' +
      '@media (min-width: 992px){.ant-col-lg-16{flex:0 0 66%;}.ant-col-lg-17{flex:0 0 70%;}}' +
      '@media (min-width: 1600px){.ant-col-xxl-1{flex:0 0 4%;}}.ant-row{display:flex;}}';
    expect(pruneColumnRules(css, new Set(['ant-col-6', 'ant-col-xs-order-2', 'ant-col-lg-16']))).toBe(
      '@layer antd{.ant-col{position:relative;}.ant-col-6{flex:0 0 25%;}' +
        '.ant-col-xs-order-2{order:2;}.x .ant-col-5{color:red;}' +
        '@media (min-width: 992px){.ant-col-lg-16{flex:0 0 66%;}}.ant-row{display:flex;}}',
    );
  });

  it("prunes antd's own grid sheet to a fraction, keeping what a column needs", () => {
    const styles = renderAntdStyles(ROOT, ['grid']);
    const full = styles.css(styles.keysOf('grid'));
    const pruned = pruneColumnRules(full, new Set(['ant-col-xs-24', 'ant-col-lg-16']));
    expect(full.length).toBeGreaterThan(50_000);
    expect(pruned.length).toBeLessThan(full.length / 10);
    expect(pruned).toMatch(/[{}]\.ant-col-xs-24\{[^}]*max-width:100%/);
    expect(pruned).toMatch(/@media \(min-width: ?992px\)\{\.ant-col-lg-16\{/);
    expect(pruned).toMatch(/[{}]\.ant-row\{/);
    expect(pruned).not.toMatch(/ant-col-(xs|lg)-(1|23)\{/);
  });
});
