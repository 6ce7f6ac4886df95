/**
 * The HTTP edge every answer passes through: security headers (@fastify/helmet) and compression
 * of dynamic answers (@fastify/compress). Registered before any route: compression attaches itself
 * to each route as it is added.
 *
 * Static files are compressed at build time (vite.config.ts writes .br and .gz next to each asset)
 * and served by @fastify/static with `preCompressed` (plugins/web.ts); this plugin skips answers
 * that already carry a Content-Encoding, so those are never compressed twice.
 *
 * A route whose answer must go out byte for byte (a file download: attachments, the xlsx
 * export, already a zip) opts out with the route option `compress: false`:
 *
 *     app.get('/api/attachments/:id', { compress: false, schema: … }, handler)
 */
import fastifyCompress from '@fastify/compress';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/client';
import { registerInputGuards } from './input';
import { type Metrics, registerMetrics } from './metrics';

export interface EdgeOptions {
  /** COOKIE_SECURE: the site is served over HTTPS, so HSTS is sent too. */
  https: boolean;
  /** METRICS_TOKEN: serve GET /metrics to holders of this bearer token; unset = no /metrics. */
  metricsToken?: string | undefined;
  /** The database, for its connection pool's figures in /metrics (PostgreSQL only). */
  db?: Database;
}

/** JSON answers smaller than this go out as they are: compressing them costs more than it saves. */
export const COMPRESS_THRESHOLD_BYTES = 1024;

/**
 * The Content-Security-Policy of every answer.
 * - Scripts only from this origin: no inline script, no eval (the Vite build has neither).
 * - Styles: 'self' plus 'unsafe-inline'. antd runs zero-runtime (its rules are static files), but
 *   still inserts small <style> elements setting its CSS variables, as do rc-component's scroll lock
 *   and scrollbar measure, and React renders style="" attributes all over the UI; a nonce cannot
 *   cover attributes, so this is the documented choice (docs/operations.md). Inline styles cannot
 *   run script.
 * - Images and fonts from this origin and data: URIs (antd's icons and empty-state pictures).
 * - No framing by anyone (clickjacking), no plugins, no <base> tricks, forms post only here.
 * - No upgrade-insecure-requests: an office may serve Duban over plain HTTP on its LAN, where
 *   upgrading every asset to https:// would break the page.
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

export async function registerEdge(app: FastifyInstance, options: EdgeOptions): Promise<Metrics> {
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    // Only when the site is HTTPS: HSTS on a plain-HTTP LAN address would lock browsers out of it.
    strictTransportSecurity: options.https ? { maxAge: 180 * 24 * 3600, includeSubDomains: false } : false,
    // Cross-origin isolation is not needed and would block nothing useful here.
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyCompress, {
    global: true,
    threshold: COMPRESS_THRESHOLD_BYTES,
    encodings: ['br', 'gzip'],
    // Request bodies are taken as sent: a compressed one (Content-Encoding: gzip…) is a 415 — no
    // client of Duban sends one, and a few KB of gzip can unpack to a lot of work.
    requestEncodings: ['identity'],
  });
  // NUL, lone surrogates and bytes that are not UTF-8 are a 400 naming the field (plugins/input.ts).
  registerInputGuards(app);
  return registerMetrics(app, options.metricsToken, options.db);
}
