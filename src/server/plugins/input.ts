/**
 * Bad input is a 400 naming the field, by construction (issue 12, contract v1.1 "Bad input"):
 * - JSON bodies must be valid UTF-8 (never silently replaced with U+FFFD);
 * - every string of the body, the query and the path is free of NUL and of lone UTF-16 surrogates
 *   (PostgreSQL can store neither), checked before the route's schema;
 * - dates (`format: 'date'`, `'date-time'`) lie in the years 1900–2999, numbers are finite.
 * Registered before any route (plugins/edge.ts), so a route added later gets it without asking.
 */
import type { Ajv } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import type { FastifyInstance } from 'fastify';
import { MAX_YEAR, MIN_YEAR } from '../../domain/dates';
import { AppError } from '../../domain/errors';

/** A lone high surrogate (not followed by a low one) or a lone low one (not preceded by a high one). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be taken, or undefined. */
export function badStringProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return '不能含有 NUL（\\u0000）字符';
  if (LONE_SURROGATE.test(value)) return '含有无效的 Unicode 字符（孤立的代理项）';
  return undefined;
}

const MAX_DEPTH = 32;

/**
 * Every bad string in `value`, as `{field: message}` with the names the validator uses: nested
 * objects joined by `.`, array elements naming the array (`assistHandlerIds/3` → assistHandlerIds).
 */
export function findBadStrings(value: unknown, prefix = ''): Record<string, string> {
  const fields: Record<string, string> = {};
  const visit = (v: unknown, path: string, depth: number) => {
    if (typeof v === 'string') {
      const problem = badStringProblem(v);
      if (problem) fields[path || '(body)'] ??= problem;
    } else if (Array.isArray(v)) {
      if (depth < MAX_DEPTH) for (const item of v) visit(item, path, depth + 1);
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_DEPTH) return;
      for (const [key, item] of Object.entries(v)) {
        const keyProblem = badStringProblem(key);
        if (keyProblem) {
          fields[path || '(body)'] ??= keyProblem;
          continue;
        }
        visit(item, path ? `${path}.${key}` : key, depth + 1);
      }
    }
  };
  visit(value, prefix, 0);
  return fields;
}

export function registerInputGuards(app: FastifyInstance): void {
  // JSON bodies: bytes that are not UTF-8 are refused, not replaced; then Fastify's own parser
  // (which refuses __proto__ and constructor.prototype keys).
  const json = app.getDefaultJsonParser('error', 'error');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      done(new AppError('validation', '请求体不是有效的 UTF-8', { '(body)': '不是有效的 UTF-8' }), undefined);
      return;
    }
    json(request, text, done);
  });

  // Callback hooks that look only at what was sent: most requests have no body, no query and no
  // path parameters, and go on without a promise or an object of findings.
  app.addHook('preValidation', (request, _reply, done) => {
    done(inputError(findBadStrings, request));
  });

  // After the schema: a number that is not finite. JSON's 1e400 parses to Infinity, and Ajv coerces
  // a query's `page=1e400` to Infinity and lets it pass every minimum and maximum.
  app.addHook('preHandler', (request, _reply, done) => {
    done(inputError(findNonFinite, request));
  });
}

/** Nothing to look at: absent, or an object without own properties. */
function empty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value !== 'object') return false;
  for (const key in value) if (Object.hasOwn(value, key)) return false;
  return true;
}

/** The 400 naming every field of the params, the query and the body that `find` finds, if any. */
function inputError(
  find: (value: unknown) => Record<string, string>,
  request: { params: unknown; query: unknown; body: unknown },
): AppError | undefined {
  const { params, query, body } = request;
  if (empty(params) && empty(query) && empty(body)) return undefined;
  const fields = { ...find(params), ...find(query), ...find(body) };
  return Object.keys(fields).length > 0 ? new AppError('validation', '输入有误', fields) : undefined;
}

/** Every number in `value` that is Infinity or NaN, named like findBadStrings names strings. */
export function findNonFinite(value: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  const visit = (v: unknown, path: string, depth: number) => {
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) fields[path || '(body)'] ??= '不是有效的数字';
    } else if (Array.isArray(v)) {
      if (depth < MAX_DEPTH) for (const item of v) visit(item, path, depth + 1);
    } else if (v !== null && typeof v === 'object' && depth < MAX_DEPTH) {
      for (const [key, item] of Object.entries(v)) visit(item, path ? `${path}.${key}` : key, depth + 1);
    }
  };
  visit(value, '', 0);
  return fields;
}

/**
 * The Ajv formats `date` and `date-time` of every route schema, held to the years 1900–2999 on top
 * of ajv-formats' own checks (a query date of 0000-01-01 reached PostgreSQL and answered 500).
 */
export function boundedDateFormats(ajv: Ajv): Ajv {
  const inRange = (value: string) => {
    const year = Number(value.slice(0, 4));
    return year >= MIN_YEAR && year <= MAX_YEAR;
  };
  const date = fullFormats.date as { validate: (s: string) => boolean };
  const dateTime = fullFormats['date-time'] as { validate: (s: string) => boolean };
  ajv.addFormat('date', { type: 'string', validate: (s: string) => date.validate(s) && inRange(s) });
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (s: string) => dateTime.validate(s) && inRange(s) && Number.isFinite(Date.parse(s)),
  });
  return ajv;
}
