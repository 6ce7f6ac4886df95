/**
 * A minimal keep-alive HTTP/1.1 client: one connection per client, like one browser tab, one request
 * at a time.
 *
 * Written on a plain socket rather than node:http because the load generator shares the two cores
 * with the server it measures: node:http's client (a ClientRequest, an IncomingMessage, its parser
 * and stream machinery per request) cost 0.29–0.33 ms of CPU per completion, a third of the server's
 * own, where pgbench's client costs 0.1–0.2 ms per transaction. What it understands of an answer is
 * what the server sends: a status line, headers, and a body by Content-Length or chunked.
 */
import net from 'node:net';

export interface Answer {
  status: number;
  body: string;
  /** Round trip in milliseconds, measured here (the load generator's view). */
  ms: number;
  setCookie: string[];
}

const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');

interface Pending {
  resolve(answer: Answer): void;
  reject(error: Error): void;
  started: number;
}

/** What has been read of the current answer. */
interface Reading {
  status: number;
  setCookie: string[];
  close: boolean;
  /** Body bytes still expected (Content-Length), or 'chunked'. */
  length: number | 'chunked';
  parts: Buffer[];
}

export class HttpClient {
  private readonly host: string;
  private readonly port: number;
  private readonly hostHeader: string;
  private socket: net.Socket | undefined;
  private buffered: Buffer = Buffer.alloc(0);
  private pending: Pending | undefined;
  private reading: Reading | undefined;
  cookie: string | undefined;

  constructor(baseUrl: string) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port || 80);
    this.hostHeader = url.host;
  }

  request(method: string, path: string, body?: unknown): Promise<Answer> {
    if (this.pending) return Promise.reject(new Error('HttpClient: one request at a time'));
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    let head = `${method} ${path} HTTP/1.1\r\nhost: ${this.hostHeader}\r\nx-requested-with: duban\r\n`;
    if (this.cookie) head += `cookie: ${this.cookie}\r\n`;
    if (payload) head += `content-type: application/json\r\ncontent-length: ${payload.length}\r\n`;
    head += '\r\n';
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject, started: performance.now() };
      const socket = this.connected();
      socket.write(payload ? Buffer.concat([Buffer.from(head), payload]) : head);
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
    this.socket?.destroy();
    this.socket = undefined;
  }

  private connected(): net.Socket {
    if (this.socket && !this.socket.destroyed) return this.socket;
    const socket = net.connect({ host: this.host, port: this.port, noDelay: true });
    this.socket = socket;
    this.buffered = Buffer.alloc(0);
    this.reading = undefined;
    const lost = (error?: Error) => {
      // A socket this client has already let go of (an answer with Connection: close) is not news.
      if (this.socket !== socket) return;
      this.socket = undefined;
      socket.destroy();
      const pending = this.pending;
      this.pending = undefined;
      pending?.reject(error ?? new Error('HttpClient: the server closed the connection mid-answer'));
    };
    socket.on('data', (chunk: Buffer) => {
      this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
      try {
        this.parse();
      } catch (error) {
        lost(error as Error);
      }
    });
    socket.on('error', lost);
    socket.on('close', () => lost());
    return socket;
  }

  /** Reads as much of the answer as has arrived; resolves the request when it is whole. */
  private parse(): void {
    for (;;) {
      if (!this.reading) {
        const end = this.buffered.indexOf(HEAD_END);
        if (end < 0) return;
        this.reading = readHead(this.buffered.toString('latin1', 0, end));
        this.buffered = this.buffered.subarray(end + HEAD_END.length);
      }
      const reading = this.reading;
      if (reading.length === 'chunked') {
        const eol = this.buffered.indexOf(CRLF);
        if (eol < 0) return;
        const size = Number.parseInt(this.buffered.toString('latin1', 0, eol), 16);
        if (Number.isNaN(size)) throw new Error('HttpClient: bad chunk size');
        // A chunk, or the last (size 0) with no trailers, followed by its CRLF.
        if (this.buffered.length < eol + 2 + size + 2) return;
        if (size > 0) reading.parts.push(this.buffered.subarray(eol + 2, eol + 2 + size));
        this.buffered = this.buffered.subarray(eol + 2 + size + 2);
        if (size > 0) continue;
      } else {
        const take = Math.min(reading.length, this.buffered.length);
        if (take > 0) reading.parts.push(this.buffered.subarray(0, take));
        this.buffered = this.buffered.subarray(take);
        reading.length -= take;
        if (reading.length > 0) return;
      }
      this.finish(reading);
      if (this.buffered.length === 0) return;
    }
  }

  private finish(reading: Reading): void {
    this.reading = undefined;
    const pending = this.pending;
    this.pending = undefined;
    if (reading.close) this.close();
    pending?.resolve({
      status: reading.status,
      body: Buffer.concat(reading.parts).toString('utf8'),
      ms: performance.now() - (pending?.started ?? 0),
      setCookie: reading.setCookie,
    });
  }
}

/** The status line and the headers the client needs. */
function readHead(text: string): Reading {
  const lines = text.split('\r\n');
  const status = Number((lines[0] ?? '').split(' ')[1]);
  const reading: Reading = { status, setCookie: [], close: false, length: 0, parts: [] };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-length') reading.length = Number(value);
    else if (name === 'transfer-encoding' && value.toLowerCase().includes('chunked'))
      reading.length = 'chunked';
    else if (name === 'set-cookie') reading.setCookie.push(value);
    else if (name === 'connection' && value.toLowerCase() === 'close') reading.close = true;
  }
  return reading;
}
