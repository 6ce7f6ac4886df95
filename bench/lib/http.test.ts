import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from './http';

// The bench's HTTP client against node's own server: bodies by length and chunked, cookies, keep-alive.
let server: http.Server;
let base: string;
const connections = new Set<number>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    connections.add((req.socket.remotePort ?? 0) as number);
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/echo') {
        res.setHeader('set-cookie', ['a=1; Path=/', 'b=2; HttpOnly']);
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ method: req.method, body, cookie: req.headers.cookie ?? null }));
      } else if (url.pathname === '/chunked') {
        // Multi-byte characters written across chunk boundaries.
        res.writeHead(201, { 'content-type': 'text/plain' });
        const text = '督办'.repeat(Number(url.searchParams.get('n') ?? 1));
        const bytes = Buffer.from(text);
        for (let i = 0; i < bytes.length; i += 5) res.write(bytes.subarray(i, i + 5));
        res.end();
      } else if (url.pathname === '/close') {
        res.setHeader('connection', 'close');
        res.end('bye');
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('bench HttpClient', () => {
  it('sends a JSON body and reads an answer by Content-Length, with its cookies', async () => {
    const client = new HttpClient(base);
    client.cookie = 's=abc';
    const answer = await client.request('POST', '/echo', { 事项: '督办', n: 1 });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({
      method: 'POST',
      body: '{"事项":"督办","n":1}',
      cookie: 's=abc',
    });
    expect(answer.setCookie).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect(answer.ms).toBeGreaterThan(0);
    client.close();
  });

  it('reads chunked answers whole, characters split across chunks included', async () => {
    const client = new HttpClient(base);
    for (const n of [1, 7, 5000]) {
      const answer = await client.get(`/chunked?n=${n}`);
      expect(answer.status).toBe(201);
      expect(answer.body).toBe('督办'.repeat(n));
    }
    client.close();
  });

  it('keeps one connection across requests, and opens another after Connection: close', async () => {
    connections.clear();
    const client = new HttpClient(base);
    for (let i = 0; i < 5; i++) expect((await client.get('/echo')).status).toBe(200);
    expect(connections.size).toBe(1);
    expect((await client.get('/close')).body).toBe('bye');
    const after = await client.get('/nothing');
    expect(after.status).toBe(404);
    expect(after.body).toBe('');
    expect(connections.size).toBe(2);
    client.close();
  });

  it('refuses a second request while one is on its way', async () => {
    const client = new HttpClient(base);
    const first = client.get('/echo');
    await expect(client.get('/echo')).rejects.toThrow(/one request at a time/);
    expect((await first).status).toBe(200);
    client.close();
  });

  it('signs in by keeping the session cookie, name=value only', async () => {
    const client = new HttpClient(base);
    await expect(client.login('u', 'p')).rejects.toThrow(/login u: 404/);
    client.close();
  });

  it('rejects when the server goes away mid-answer', async () => {
    const broken = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
      res.socket?.destroy();
    });
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    const client = new HttpClient(`http://127.0.0.1:${(broken.address() as AddressInfo).port}`);
    await expect(client.get('/')).rejects.toThrow();
    client.close();
    await new Promise<void>((resolve) => broken.close(() => resolve()));
  });
});
