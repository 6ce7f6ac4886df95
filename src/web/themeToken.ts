import { type MappingAlgorithm, theme } from 'antd';
import PRECOMPUTED from './theme-map-token.json';

type Seed = Parameters<MappingAlgorithm>[0];
type MapToken = ReturnType<MappingAlgorithm>;

/**
 * antd's default algorithm, with its answer for the app's own seed made ahead of time.
 *
 * On the first render antd derives its ~300 map tokens from the ~80 seed tokens (thirteen colour
 * palettes of ten shades, the neutral colours, sizes, fonts): about 130 ms inside one long task on
 * Lighthouse's throttled phone, on every page load (docs/benchmarks.md). The answer depends on the
 * seed alone, so scripts/antd-map-token.ts stores it in theme-map-token.json and it is returned as is
 * when antd asks with that very seed; any other seed (a nested theme, tokens changed without
 * regenerating) gets the real algorithm. themeToken.test.ts fails when the file no longer matches
 * antd and the theme.
 */
export const precomputedAlgorithm: MappingAlgorithm = (seed) => {
  if (sameSeed(seed as unknown as Record<string, unknown>))
    return { ...PRECOMPUTED.map } as unknown as MapToken;
  // Through the `theme` object, not a copy of the function: the test watches this call.
  return theme.defaultAlgorithm(seed);
};

const STORED_SEED: Record<string, unknown> = PRECOMPUTED.seed;
const STORED_KEYS = Object.keys(STORED_SEED).length;

function sameSeed(seed: Record<string, unknown>): boolean {
  let keys = 0;
  for (const key in seed) {
    keys += 1;
    if (!Object.hasOwn(STORED_SEED, key) || !Object.is(seed[key], STORED_SEED[key])) return false;
  }
  return keys === STORED_KEYS;
}

/** The seed antd hands the algorithm under a ConfigProvider with these tokens: its defaults, then them. */
export function seedOf(tokens: Partial<Seed>): Seed {
  return { ...theme.defaultSeed, ...tokens };
}

/** antd's own answer for that seed (the generator and the test). */
export function computeMapToken(tokens: Partial<Seed>): MapToken {
  return theme.defaultAlgorithm(seedOf(tokens));
}
