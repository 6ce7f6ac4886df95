import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { lazySchemas } from './schemas';

/** A server with one validated, serialized route, compiled by `lazySchemas`. */
async function server() {
  const schemas = lazySchemas();
  const app = Fastify({
    schemaController: { compilersFactory: schemas.compilersFactory },
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: true } },
  });
  app.post(
    '/echo',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: { n: { type: 'integer', minimum: 1 } },
        },
        body: {
          type: 'object',
          required: ['name', 'count'],
          additionalProperties: false,
          properties: { name: { type: 'string', minLength: 1 }, count: { type: 'integer' } },
        },
        response: {
          200: {
            type: 'object',
            properties: { name: { type: 'string' }, count: { type: 'integer' }, n: { type: 'integer' } },
          },
        },
      },
    },
    async (request) => {
      const body = request.body as { name: string; count: number };
      const { n } = request.query as { n?: number };
      // `secret` is not in the answer's schema: the serializer leaves it out.
      return { ...body, n, secret: 'x' };
    },
  );
  app.post(
    '/list',
    { schema: { body: { type: 'array', items: { type: 'string' } } } },
    async (request) => request.body,
  );
  await app.ready();
  return { app, schemas };
}

describe('route schemas compiled on first use', () => {
  it('compiles nothing while the server starts', async () => {
    const { app, schemas } = await server();
    // The body and query validators and the 200 serializer; the list's body validator.
    expect(schemas.pending()).toBe(4);
    await app.close();
  });

  it('validates, coerces and serializes as the compiled schemas do', async () => {
    const { app, schemas } = await server();
    const ok = await app.inject({
      method: 'POST',
      url: '/echo?n=2',
      payload: { name: '督办', count: '3', extra: true },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ name: '督办', count: 3, n: 2 });
    expect(schemas.pending()).toBe(1);
    await app.close();
  });

  it('coerces a root value on its first use (Ajv replaces it in the request)', async () => {
    const { app } = await server();
    const one = await app.inject({
      method: 'POST',
      url: '/list',
      payload: '5',
      headers: { 'content-type': 'application/json' },
    });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(['5']);
    await app.close();
  });

  it('reports every failed rule of the first request (Ajv errors through the wrapper)', async () => {
    const { app } = await server();
    const bad = await app.inject({ method: 'POST', url: '/echo', payload: { name: '', count: 'x' } });
    expect(bad.statusCode).toBe(400);
    const message = bad.json().message as string;
    expect(message).toContain('body/name');
    expect(message).toContain('body/count');
    const badQuery = await app.inject({ method: 'POST', url: '/echo?n=0', payload: { name: 'a', count: 1 } });
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json().message).toContain('querystring/n');
    await app.close();
  });

  it('compileAll compiles what no request has used', async () => {
    const { app, schemas } = await server();
    await schemas.compileAll();
    expect(schemas.pending()).toBe(0);
    const ok = await app.inject({ method: 'POST', url: '/echo', payload: { name: 'a', count: 1 } });
    expect(ok.json()).toEqual({ name: 'a', count: 1 });
    await app.close();
  });
});
