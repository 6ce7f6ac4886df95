/**
 * The build's static antd stylesheet (scripts/antd-static-css.ts): the rules a component's sample
 * renders with the app's theme, per cssinjs key, and the style generators left out of the bundle.
 * The browser tests check the built UI itself (test/e2e/first-screens.test.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
