// @vitest-environment jsdom
import { render } from '@testing-library/react';
import { ConfigProvider, theme } from 'antd';
import { createElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { THEME, THEME_TOKENS } from './theme';
import STORED from './theme-map-token.json';
import { computeMapToken, precomputedAlgorithm, seedOf } from './themeToken';

/** The token antd's hook gave the last render of Probe. */
let seen: ReturnType<typeof theme.useToken>['token'] | undefined;
function Probe() {
  seen = theme.useToken().token;
  return null;
}

afterEach(() => vi.restoreAllMocks());

describe('the precomputed antd map token (themeToken.ts)', () => {
  it("matches antd's own algorithm on the app's seed — else run `npx tsx scripts/antd-map-token.ts`", () => {
    expect(STORED.seed).toEqual(seedOf(THEME_TOKENS));
    expect(STORED.map).toEqual(computeMapToken(THEME_TOKENS));
  });

  it("serves the app's ConfigProvider from the stored answer, with antd's values", () => {
    const expected = computeMapToken(THEME_TOKENS);
    const algorithm = vi.spyOn(theme, 'defaultAlgorithm');
    render(createElement(ConfigProvider, { theme: THEME }, createElement(Probe)));
    // The stored answer was used (antd asked with exactly the stored seed), not the algorithm.
    expect(algorithm).not.toHaveBeenCalled();
    const token = seen;
    expect(token?.colorPrimary).toBe('#1d5fbf');
    expect(token?.colorPrimaryHover).toBe(expected.colorPrimaryHover);
    expect(token?.blue6).toBe(expected.blue6);
    expect(token?.controlHeight).toBe(expected.controlHeight);
  });

  it('gives any other seed to the real algorithm', () => {
    const algorithm = vi.spyOn(theme, 'defaultAlgorithm');
    const other = { ...THEME_TOKENS, colorPrimary: '#b31b1b' };
    const answer = precomputedAlgorithm(seedOf(other));
    expect(algorithm).toHaveBeenCalledTimes(1);
    algorithm.mockRestore();
    expect(answer).toEqual(computeMapToken(other));
    expect(answer.colorPrimaryHover).not.toBe(computeMapToken(THEME_TOKENS).colorPrimaryHover);
  });
});
