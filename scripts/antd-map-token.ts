/**
 * Writes src/web/theme-map-token.json: antd's default algorithm run once on the app's seed tokens
 * (src/web/theme.ts), for src/web/themeToken.ts. Run it after changing THEME's tokens or upgrading
 * antd; src/web/themeToken.test.ts fails until then.
 *
 *   npx tsx scripts/antd-map-token.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { THEME_TOKENS } from '../src/web/theme';
import { computeMapToken, seedOf } from '../src/web/themeToken';

const file = path.join(import.meta.dirname, '..', 'src', 'web', 'theme-map-token.json');
const stored = { seed: seedOf(THEME_TOKENS), map: computeMapToken(THEME_TOKENS) };
writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), file)}`);
