import type { ThemeConfig } from 'antd';
import { precomputedAlgorithm } from './themeToken';

/**
 * The app's antd theme: office blue; secondary text and links darkened to meet WCAG AA contrast
 * (axe). Shared by the UI (App.tsx, with `zeroRuntime`) and the build, which renders antd's
 * component styles with it once into a static stylesheet (scripts/antd-static-css.ts).
 * `hashed: false`: the static rules are plain `.ant-btn` selectors, as specific as the hashed
 * `:where(.css-…).ant-btn` ones were, and the same whatever the token values.
 */
export const THEME_TOKENS = {
  colorPrimary: '#1d5fbf',
  colorInfo: '#1d5fbf',
  colorLink: '#1d5fbf',
  colorError: '#cf1322',
  colorSuccess: '#2b7a0b',
  colorWarning: '#ad6800',
  colorWarningBg: '#fffbe6',
  colorWarningBorder: '#ffe58f',
  colorErrorBg: '#fff2f0',
  colorSuccessBg: '#f6ffed',
  colorTextDescription: 'rgba(0, 0, 0, 0.62)',
  colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
  colorTextPlaceholder: 'rgba(0, 0, 0, 0.58)',
  borderRadius: 4,
};

export const THEME: ThemeConfig = {
  hashed: false,
  token: THEME_TOKENS,
  // antd's default algorithm, its answer for these tokens computed ahead of time (themeToken.ts).
  algorithm: precomputedAlgorithm,
};
