/**
 * 登录's rendered page keeps only the CSS rules its markup can match (scripts/critical-css.mjs). The
 * browser test compares that page without JavaScript with the page once the app has loaded the
 * stylesheets whole (test/e2e/server-render.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { classesOf, criticalRules, neededClasses } from '../scripts/critical-css.mjs';

describe('neededClasses', () => {
  it.each([
    ['.ant-btn', ['ant-btn']],
    ['.ant-form-item .ant-input:hover', ['ant-form-item', 'ant-input']],
    // A class under :not() is one the element must not have.
    ['.ant-btn:not(.ant-btn-disabled):not(:disabled):hover', ['ant-btn']],
    ['.ant-btn:not(:is(.a,.b))', ['ant-btn']],
    ['.ant-form-css-var [class^="ant-form"]', ['ant-form-css-var']],
    ['input::placeholder', []],
  ])('%s needs %j', (selector, classes) => {
    expect(neededClasses(selector)).toEqual(classes);
  });
});

describe('classesOf', () => {
  it('reads every class attribute of the markup', () => {
    expect([...classesOf('<div class="a  b"><span class="c">x</span><i class="">y</i></div>')]).toEqual([
      'a',
      'b',
      'c',
    ]);
  });
});

describe('criticalRules', () => {
  const css =
    '@layer antd{.a{color:red}.a:hover,.z:hover{color:blue}.z{color:green}' +
    '@media (max-width:575px){.z{margin:0}}@media (min-width:576px){.a .b{margin:1px}}' +
    '.a{animation:spin 1s}@keyframes spin{to{transform:rotate(1turn)}}@keyframes fade{to{opacity:0}}}' +
    '@layer other{.y{color:black}}';

  it('keeps the selectors the classes can match and drops what is left empty', () => {
    expect(criticalRules(css, new Set(['a', 'b']))).toBe(
      '@layer antd{.a{color:red}.a:hover{color:blue}' +
        '@media (min-width:576px){.a .b{margin:1px}}' +
        '.a{animation:spin 1s}@keyframes spin{to{transform:rotate(1turn)}}}',
    );
  });

  it('keeps nothing for markup none of whose classes it styles', () => {
    expect(criticalRules(css, new Set(['q']))).toBe('');
  });
});
