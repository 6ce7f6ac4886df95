/**
 * Bad input never answers 5xx (issue 12 point 3): fast-check over every route of the OpenAPI
 * document, with bodies and queries built from each route's schema and filled with hostile values
 * (NUL, lone surrogates, year-0000 dates, 1e400, huge strings, wrong types), sent by users who may
 * call them. Afterwards the process is still healthy and signs people in.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, itemBody, type Org } from './factories';
import { type Client, createTestApp, createUser, newId, type TestApp } from './helpers';

let t: TestApp;
let org: Org;
let clients: Client[];
const ids: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  org = await buildOrg(t);
  const sup = org.clients.sup;
  const item = (await sup.post('/api/items', itemBody(org))).json() as { id: string };
  const tasks = (await org.clients.head.get('/api/tasks')).json() as { tasks: { id: string }[] };
  ids.push(item.id, org.users.staff.id, org.departments.finance.id, ...tasks.tasks.map((x) => x.id));
  // Someone who holds every role may call every route (and is a handler of the item); the
  // bootstrap admin and a head of department besides.
  await createUser(t, {
    username: 'everyone',
    departmentId: org.departments.finance.id,
    position: 'head',
    roles: ['supervisor', 'leader', 'admin', 'auditor', 'sysadmin'],
  });
  const everyone = await t.login('everyone');
  const all = (await everyone.post('/api/items', itemBody(org, { headId: everyone.id }))).json() as {
    id: string;
  };
  ids.push(all.id, everyone.id);
  clients = [everyone, everyone, everyone, await t.admin(), org.clients.head];
}, 60_000);
afterAll(async () => {
  await t?.close();
});

interface OpenApiOperation {
  parameters?: { in: string; name: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  format?: string;
}

/** Values that have answered 500 somewhere, and their friends. */
const HOSTILE_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\ud800x',
  'x\udc00',
  '\ud83d',
  '0000-01-01',
  '0000-00-00',
  '1899-12-31',
  '3000-01-01',
  '9999-12-31',
  '2026-02-30',
  '2026-03-02T25:00:00Z',
  '0000-01-01T00:00:00Z',
  '1e400',
  '-1e400',
  '1e20',
  '-1',
  '0',
  '1.5',
  'NaN',
  'Infinity',
  '',
  ' ',
  "'; drop table items; --",
  '%00',
  '../../etc/passwd',
  '💥督办',
  'x'.repeat(5000),
];

const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 8 }),
);
const anyId = () => fc.oneof(fc.constantFrom(...ids), fc.constant(newId()), hostileString);
const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -1, 1e308, -1e308, 2 ** 53, 1.5, [], {}, ['\u0000'], { a: '\ud800' }),
  fc.integer(),
);

const dates = fc.oneof(
  fc.constantFrom('2026-03-02', '2026-12-31', '0000-01-01', '1899-12-31', '3000-01-01', '2026-02-30'),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);

/**
 * A value for one schema: mostly of the right type with a hostile string or number inside, so that
 * it gets past the schema to the code behind it; sometimes of the wrong type altogether.
 */
function valueFor(schema: Schema | undefined, name: string, depth = 0): fc.Arbitrary<unknown> {
  const typed: fc.Arbitrary<unknown>[] = [];
  if (schema?.enum) typed.push(fc.constantFrom(...schema.enum));
  if (schema?.anyOf) for (const s of schema.anyOf) typed.push(valueFor(s, name, depth + 1));
  const type = Array.isArray(schema?.type) ? schema?.type[0] : schema?.type;
  if (/[iI]d$/.test(name)) typed.push(anyId());
  if (/Ids$/.test(name)) typed.push(fc.array(anyId(), { maxLength: 3 }));
  if (/At$|From$|To$|^from$|^to$|date/i.test(name) || schema?.format === 'date') typed.push(dates);
  if (type === 'string') typed.push(fc.string({ maxLength: 10 }), hostileString);
  if (type === 'integer' || type === 'number')
    typed.push(fc.integer({ min: -5, max: 300 }), fc.constantFrom('1e400', '-1e400', 1e20, 2 ** 31, 0.5));
  if (type === 'boolean') typed.push(fc.boolean());
  if (type === 'array' && depth < 3)
    typed.push(fc.array(valueFor(schema?.items, name, depth + 1), { maxLength: 3 }));
  if (type === 'object' && depth < 3 && schema?.properties) typed.push(objectFor(schema, depth + 1));
  return typed.length
    ? fc.oneof({ arbitrary: fc.oneof(...typed), weight: 5 }, { arbitrary: hostileJson, weight: 1 })
    : hostileJson;
}

function objectFor(schema: Schema | undefined, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.entries(schema?.properties ?? {});
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, s] of props) record[key] = valueFor(s, key, depth);
  return fc.record(record, { requiredKeys: [] });
}

/** A value that passes the schema (as far as a guess can): real ids, real dates, short text. */
function validFor(schema: Schema | undefined, name: string): fc.Arbitrary<unknown> {
  if (schema?.enum) return fc.constantFrom(...schema.enum);
  if (schema?.anyOf?.length) return validFor(schema.anyOf[0], name);
  const type = Array.isArray(schema?.type) ? schema?.type[0] : schema?.type;
  if (/Ids$/.test(name)) return fc.subarray(ids, { maxLength: 2 });
  if (/[iI]d$/.test(name)) return fc.constantFrom(...ids);
  if (/At$|From$|To$|^from$|^to$/.test(name) || schema?.format === 'date') return fc.constant('2026-03-02');
  if (type === 'integer' || type === 'number') return fc.integer({ min: 1, max: 3 });
  if (type === 'boolean') return fc.boolean();
  if (type === 'array') return fc.constant([]);
  if (type === 'object') return fc.constant({});
  return fc.constantFrom('督办', 'ok', '2026');
}

/** Well-formed but for one field, which gets a hostile value: the shape that reaches the database. */
function oneBadField(entries: [string, Schema | undefined][]): fc.Arbitrary<Record<string, unknown>> {
  if (entries.length === 0) return fc.constant({});
  const valid: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, s] of entries) valid[key] = validFor(s, key);
  return fc
    .tuple(
      fc.record(valid),
      fc.constantFrom(...entries.map(([key]) => key)),
      fc.oneof(
        {
          arbitrary: fc.constantFrom('\u0000', 'a\u0000b', '\ud800x', 'x\udc00', '0000-01-01', '1e400'),
          weight: 3,
        },
        { arbitrary: hostileString, weight: 1 },
        { arbitrary: fc.constantFrom('-1e400', 2 ** 53, -1, 0), weight: 1 },
      ),
    )
    .map(([body, key, bad]) => ({ ...body, [key]: bad }));
}

/** Query values are strings on the wire. */
const asQueryValue = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));

/** Routes the fuzzer leaves alone: signing out ends the clients' sessions. */
const SKIP = new Set(['POST /api/auth/logout']);

describe('fuzzing every route', () => {
  it('never answers 5xx, and the server stays healthy', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, OpenApiOperation>>;
    };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
    );
    expect(routes.length).toBeGreaterThan(40);
    const failures: string[] = [];
    let sent = 0;

    for (const route of routes) {
      if (SKIP.has(`${route.method} ${route.path}`)) continue;
      const params = (route.op.parameters ?? []).filter((p) => p.in === 'path');
      const query = (route.op.parameters ?? []).filter((p) => p.in === 'query');
      const bodySchema = route.op.requestBody?.content?.['application/json']?.schema;
      const request = fc.record({
        client: fc.nat({ max: clients.length - 1 }),
        params: fc.tuple(...params.map((p) => anyId().map((v) => [p.name, asQueryValue(v)] as const))),
        query: fc.oneof(
          fc.tuple(
            ...query.map((p) =>
              fc.option(valueFor(p.schema, p.name).map((v) => [p.name, asQueryValue(v)] as const)),
            ),
          ),
          oneBadField(query.map((p) => [p.name, p.schema])).map((q) =>
            Object.entries(q).map(([k, v]) => [k, asQueryValue(v)] as const),
          ),
        ),
        body: bodySchema
          ? fc.oneof(
              oneBadField(Object.entries(bodySchema.properties ?? {})),
              objectFor(bodySchema),
              hostileJson,
            )
          : fc.constant(undefined),
      });
      await fc
        .assert(
          fc.asyncProperty(request, async (r) => {
            let url = route.path;
            for (const [name, value] of r.params) url = url.replace(`{${name}}`, encodeURIComponent(value));
            const search = new URLSearchParams();
            for (const entry of r.query) if (entry) search.append(entry[0], entry[1] as string);
            const qs = search.toString();
            const client = clients[r.client] as Client;
            const res = await client.request(route.method, qs ? `${url}?${qs}` : url, r.body);
            sent++;

            if (res.statusCode >= 500) {
              failures.push(
                `${route.method} ${url}?${qs} ${JSON.stringify(r.body)?.slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 200)}`,
              );
            }
            return res.statusCode < 500;
          }),
          { numRuns: 25, seed: 12, endOnFailure: true },
        )
        .catch(() => {});
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(400);
    expect((await t.app.inject({ url: '/api/health' })).statusCode).toBe(200);
    expect((await clients[0]?.get('/api/me'))?.statusCode).toBe(200);
    await t.login('cw_staff');
  }, 120_000);
});
