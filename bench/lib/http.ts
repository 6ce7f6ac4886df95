/** A minimal keep-alive HTTP client: one connection per client, like one browser tab. */
import http from 'node:http';

export interface Answer {
  status: number;
  body: string;
  /** Round trip in milliseconds, measured here (the load generator's view). */
  ms: number;
  setCookie: string[];
}

export class HttpClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly base: URL;
  cookie: string | undefined;

  constructor(baseUrl: string) {
    this.base = new URL(baseUrl);
  }

  request(method: string, path: string, body?: unknown): Promise<Answer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: http.OutgoingHttpHeaders = { 'x-requested-with': 'duban' };
    if (this.cookie) headers.cookie = this.cookie;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent: this.agent,
          host: this.base.hostname,
          port: this.base.port,
          method,
          path,
          headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              ms: performance.now() - started,
              setCookie: res.headers['set-cookie'] ?? [],
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  get(path: string): Promise<Answer> {
    return this.request('GET', path);
  }

  /** Signs in through the API and keeps the session cookie (name=value only). */
  async login(username: string, password: string): Promise<void> {
    this.cookie = undefined;
    const answer = await this.request('POST', '/api/auth/login', { username, password });
    const cookie = answer.setCookie.map((c) => c.split(';')[0]).join('; ');
    if (answer.status !== 200 || !cookie)
      throw new Error(`login ${username}: ${answer.status} ${answer.body}`);
    this.cookie = cookie;
  }

  close(): void {
    this.agent.destroy();
  }
}
