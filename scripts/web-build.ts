/**
 * The web UI in dist/web, built when it is missing or older than its sources (see build.mjs, which
 * `npm start` runs without a TypeScript loader). `npm run demo` and the browser tests call this, so
 * none of them serves a missing UI (the placeholder "网页界面尚未构建") or a stale one.
 */
export { buildWebIfStale, ROOT, WEB_DIST, WEB_SRC, webBuildIsStale } from './build.mjs';
