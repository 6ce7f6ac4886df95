/**
 * The HTTP edge every answer passes through: security headers (helmet's, computed once) and
 * compression of dynamic answers (@fastify/compress). Registered before any route: compression
 * attaches itself to each route as it is added.
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
import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
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

/** helmet's options for the site's headers (also what test/edge.test.ts compares them against). */
export function helmetOptions(https: boolean) {
  return {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    // Only when the site is HTTPS: HSTS on a plain-HTTP LAN address would lock browsers out of it.
    strictTransportSecurity: https ? { maxAge: 180 * 24 * 3600, includeSubDomains: false } : false,
    // Cross-origin isolation is not needed and would block nothing useful here.
    crossOriginEmbedderPolicy: false,
  } satisfies FastifyHelmetOptions;
}

/** helmet's middleware as a plain function (its request and response are only written to here). */
const helmetMiddleware = helmet as unknown as (
  options: ReturnType<typeof helmetOptions>,
) => (req: unknown, res: unknown, next: (error?: unknown) => void) => void;

/**
 * The headers helmet sets with these options, in its order. Its options are constant, so the headers
 * are too: @fastify/helmet ran helmet's whole middleware per request (parsing the CSP directives and
 * building eleven middlewares each time, ~15 % of the server's CPU for GET /api/me).
 */
export function securityHeaders(https: boolean): { set: [string, string][]; removed: string[] } {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const response = {
    setHeader: (name: string, value: string) => set.push([name, value]),
    removeHeader: (name: string) => removed.push(name),
  };
  let failure: unknown;
  helmetMiddleware(helmetOptions(https))({}, response, (error) => {
    failure = error;
  });
  if (failure) throw failure;
  return { set, removed };
}

/**
 * Of helmet's headers, those that mean something on an answer no browser renders as a page: the
 * API's JSON. The contract's (CSP with frame-ancestors, X-Frame-Options, nosniff, Referrer-Policy,
 * HSTS on HTTPS) and Cross-Origin-Resource-Policy, which keeps another site from loading the answer
 * into its own process. The others only act on a document: COOP and Origin-Agent-Cluster on its
 * browsing context, X-DNS-Prefetch-Control on its links, X-XSS-Protection on old browsers' filter of
 * its scripts, X-Download-Options and X-Permitted-Cross-Domain-Policies on IE's and Flash's/Acrobat's
 * handling of it. Each header costs every request its validation, its bytes and the client's parse:
 * a bare Fastify route went from ~83,000 to ~60,000 requests/s with all eleven, ~76,000 with these
 * five (docs/benchmarks.md, 3 December).
 */
export const API_HEADER_NAMES: ReadonlySet<string> = new Set([
  'content-security-policy',
  'cross-origin-resource-policy',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-frame-options',
]);

/** Paths answered with JSON (the API docs under /api/docs are pages). */
export const isApiPath = (url: string): boolean => url.startsWith('/api/') && !url.startsWith('/api/docs');

/** helmet's headers, lower-case names, as one object. */
function lowerCased(set: [string, string][]): Record<string, string> {
  const headers = Object.fromEntries(set.map(([name, value]) => [name.toLowerCase(), value]));
  if (Object.keys(headers).length !== set.length) throw new Error('helmet set a header twice');
  return headers;
}

/**
 * The page-only headers (none depends on HTTPS), for the API's file downloads: an attachment or an
 * export is saved, not shown, but it leaves the API as a file as the pages' files do, so it keeps
 * every header helmet sets (X-Download-Options is IE's, still met in offices' compatibility modes).
 */
export const DOWNLOAD_HEADERS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(lowerCased(securityHeaders(false).set)).filter(([name]) => !API_HEADER_NAMES.has(name)),
);

export async function registerEdge(app: FastifyInstance, options: EdgeOptions): Promise<Metrics> {
  // Every answer, from the start of the request (as @fastify/helmet did, so that errors and 404s
  // have them too): all of helmet's on pages, assets and anything outside the API, the API's own set
  // (API_HEADER_NAMES) on its JSON. A route that sets one of them itself (the API docs' own CSP)
  // overrides it.
  // They go into the reply's own headers (what `reply.header` sets), not the raw response's: Node's
  // `setHeader` validated and stored each of them per request (~7 % of the CPU of GET /api/me), and
  // a response that already holds raw headers makes Fastify's `writeHead` set its own one by one too;
  // from the reply's headers they reach `writeHead` in one object, validated once there.
  // The names in lower case, as `reply.header` stores them: it lowercases each name it is given, and
  // an already-lowercase name comes back as the same string, so it needs no new one per request.
  const { set, removed } = securityHeaders(options.https);
  const pageHeaders = lowerCased(set);
  const apiHeaders = Object.fromEntries(
    Object.entries(pageHeaders).filter(([name]) => API_HEADER_NAMES.has(name)),
  );
  for (const name of ['content-security-policy', 'x-content-type-options', 'referrer-policy']) {
    if (!(name in apiHeaders)) throw new Error(`helmet no longer sets ${name}`);
  }
  // helmet's removals (X-Powered-By) undo what a response would otherwise inherit; at onRequest nothing
  // has set a header yet and neither Fastify nor Node sets that one, so there is nothing to remove
  // per request (test/edge.test.ts checks that no answer carries it).
  if (removed.some((name) => name.toLowerCase() !== 'x-powered-by'))
    throw new Error(`helmet removes a header this hook does not: ${removed.join(', ')}`);
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(isApiPath(request.url) ? apiHeaders : pageHeaders);
    done();
  });
  // @fastify/compress adds an onSend hook to each route (in its own onRoute hook); the hooks a route
  // had before it are noted here so that the ones it added can be told apart below.
  const hooksBefore = new WeakMap<object, RouteHooks>();
  app.addHook('onRoute', (route) => {
    hooksBefore.set(route, {
      onSend: new Set(hookList(route.onSend)),
      preParsing: new Set(hookList(route.preParsing)),
    });
  });
  await app.register(fastifyCompress, {
    global: true,
    threshold: COMPRESS_THRESHOLD_BYTES,
    encodings: ['br', 'gzip'],
    // Request bodies are taken as sent: a compressed one (Content-Encoding: gzip…) is a 415 — no
    // client of Duban sends one, and a few KB of gzip can unpack to a lot of work.
    requestEncodings: ['identity'],
  });
  // An answer below the threshold goes out as it is whatever the request accepts: its compression
  // hook would only read four headers and test a pattern to find so. Most JSON answers are small.
  app.addHook('onRoute', (route) => {
    const before = hooksBefore.get(route);
    if (!before) return;
    if (route.onSend !== undefined) {
      route.onSend = hookList(route.onSend).map((hook) =>
        before.onSend.has(hook) ? hook : skippingSmallAnswers(hook as OnSend),
      ) as typeof route.onSend;
    }
    // Its preParsing hook unpacks a compressed request body; Fastify reads no body for GET and HEAD,
    // so on their routes the hook only made every request go through the preParsing phase.
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (route.preParsing !== undefined && methods.every((m) => BODYLESS.has(m))) {
      route.preParsing = hookList(route.preParsing).filter((hook) =>
        before.preParsing.has(hook),
      ) as typeof route.preParsing;
    }
  });
  // NUL, lone surrogates and bytes that are not UTF-8 are a 400 naming the field (plugins/input.ts).
  registerInputGuards(app);
  return registerMetrics(app, options.metricsToken, options.db);
}

/** A route's onSend and preParsing hooks as they were before @fastify/compress added its own. */
interface RouteHooks {
  onSend: ReadonlySet<unknown>;
  preParsing: ReadonlySet<unknown>;
}

/** The methods whose body Fastify never reads (its own list). */
const BODYLESS = new Set(['GET', 'HEAD', 'TRACE']);

type OnSend = (
  request: unknown,
  reply: unknown,
  payload: unknown,
  done: (error?: Error | null, payload?: unknown) => void,
) => void;

const hookList = (hooks: unknown): unknown[] =>
  hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks];

/**
 * A string answer certainly below COMPRESS_THRESHOLD_BYTES without measuring it: a string of n UTF-16
 * units is at most 3n bytes in UTF-8 (a surrogate pair is 2 units and 4 bytes). Longer strings are
 * left to @fastify/compress, which measures them itself (once: Fastify counts the bytes again for
 * Content-Length, and a second count here was a third pass over every answer).
 */
export const surelySmall = (payload: string): boolean => payload.length * 3 < COMPRESS_THRESHOLD_BYTES;

/**
 * `compress` for answers that may reach COMPRESS_THRESHOLD_BYTES; a smaller string or buffer is passed
 * on unchanged, as @fastify/compress itself does for it (it sends such an answer as it is, with no
 * header added: test/edge.test.ts › compression).
 */
function skippingSmallAnswers(compress: OnSend): OnSend {
  return function compressUnlessSmall(request, reply, payload, done) {
    const small =
      (typeof payload === 'string' && surelySmall(payload)) ||
      (Buffer.isBuffer(payload) && payload.length < COMPRESS_THRESHOLD_BYTES);
    if (small) done(null, payload);
    else compress(request, reply, payload, done);
  };
}
