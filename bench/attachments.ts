/**
 * 附件 at their limit (spec §13): one 20 MiB upload, then 20 concurrent downloads of it, against
 * the real server in a process of its own, on the embedded PGlite and on PostgreSQL. Reports the
 * server's RSS growth (sampled from /proc every 10 ms, above its RSS just before) and the times;
 * every download's SHA-256 is checked. The bound: an upload grows RSS by less than 30 MB.
 *
 *   npm run bench:attachments                        # PGlite, then PostgreSQL when reachable
 *   npm run bench:attachments -- --database-url URL  # PostgreSQL at URL only
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { buildServerIfStale } from '../scripts/build.mjs';

const MIB = 1024 * 1024;
export const FILE_MIB = 20;
export const DOWNLOADS = 20;
/** The bound for one upload. */
export const UPLOAD_RSS_BOUND_MB = 30;
const ADMIN_PASSWORD = 'BenchAdmin1';
const benchDir = path.dirname(fileURLToPath(import.meta.url));

export interface AttachmentBenchResult {
  database: 'pglite' | 'postgres';
  fileMiB: number;
  uploadSeconds: number;
  uploadRssGrowthMb: number;
  downloads: number;
  downloadSeconds: number;
  downloadRssGrowthMb: number;
  allDownloadsIntact: boolean;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return match ? Number(match[1]) / 1024 : 0;
}

/** Samples the process's RSS while `work` runs; answers the peak growth above the level before. */
async function rssGrowth<T>(pid: number, work: () => Promise<T>): Promise<{ value: T; growthMb: number }> {
  const before = rssMb(pid);
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, 10);
  try {
    const value = await work();
    peak = Math.max(peak, rssMb(pid));
    return { value, growthMb: Math.round((peak - before) * 10) / 10 };
  } finally {
    clearInterval(timer);
  }
}

/** A deterministic 20 MiB "PDF": a real PDF header, then pseudo-random bytes, generated as it is sent. */
function fileStream(bytes: number): Readable {
  let sent = 0;
  let state = 0x2545;
  return new Readable({
    read() {
      if (sent >= bytes) {
        this.push(null);
        return;
      }
      const size = Math.min(64 * 1024, bytes - sent);
      const chunk = Buffer.allocUnsafe(size);
      for (let i = 0; i < size; i++) {
        state = (state * 1103515245 + 12345) & 0x7fffffff;
        chunk[i] = state >>> 16;
      }
      if (sent === 0) chunk.write('%PDF-1.7\n', 0, 'latin1');
      sent += size;
      this.push(chunk);
    },
  });
}

async function sha256Of(bytes: number): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fileStream(bytes)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

interface Session {
  cookie: string;
}

function request(
  base: string,
  method: string,
  url: string,
  options: { session?: Session; json?: unknown; body?: Readable; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Buffer; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'x-requested-with': 'duban', ...(options.headers ?? {}) };
    if (options.session) headers.cookie = options.session.cookie;
    let payload: Buffer | undefined;
    if (options.json !== undefined) {
      payload = Buffer.from(JSON.stringify(options.json));
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.length);
    }
    const req = http.request(new URL(url, base), { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    if (options.body) options.body.pipe(req);
    else req.end(payload);
  });
}

async function login(base: string, username: string, password: string): Promise<Session> {
  const res = await request(base, 'POST', '/api/auth/login', { json: { username, password } });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${res.body}`);
  const cookie = String(res.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
  return { cookie };
}

async function ok(res: Promise<{ status: number; body: Buffer }>, expected: number) {
  const r = await res;
  if (r.status !== expected) throw new Error(`expected ${expected}, got ${r.status}: ${r.body.toString()}`);
  return JSON.parse(r.body.toString() || 'null');
}

/** A supervisor, a department with its head, and one item to attach to. */
async function prepare(base: string) {
  const admin = await login(base, 'admin', ADMIN_PASSWORD);
  const office = await ok(
    request(base, 'POST', '/api/departments', { session: admin, json: { name: '督办科' } }),
    201,
  );
  const lead = await ok(
    request(base, 'POST', '/api/departments', { session: admin, json: { name: '财务处' } }),
    201,
  );
  const password = 'Bench12345';
  await ok(
    request(base, 'POST', '/api/users', {
      session: admin,
      json: {
        username: 'sup',
        name: '督办员',
        password,
        departmentId: office.id,
        position: 'staff',
        roles: ['supervisor'],
      },
    }),
    201,
  );
  const head = await ok(
    request(base, 'POST', '/api/users', {
      session: admin,
      json: { username: 'head', name: '处长', password, departmentId: lead.id, position: 'head', roles: [] },
    }),
    201,
  );
  const sup = await login(base, 'sup', password);
  const item = await ok(
    request(base, 'POST', '/api/items', {
      session: sup,
      json: {
        title: '附件基准测试',
        source: '领导批示',
        leadDepartmentId: lead.id,
        assistDepartmentIds: [],
        assignedAt: '2026-03-02',
        dueAt: '2026-06-30',
        content: '上传并下载大附件',
        headId: head.id,
      },
    }),
    201,
  );
  return { sup, itemId: item.id as string };
}

function multipartStream(fileBytes: number): { body: Readable; headers: Record<string, string> } {
  const boundary = '----dubanbench';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  async function* parts() {
    yield head;
    yield* fileStream(fileBytes);
    yield tail;
  }
  return {
    body: Readable.from(parts()),
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(head.length + fileBytes + tail.length),
    },
  };
}

function startChild(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(path.join(benchDir, 'attachments-child.mjs'), [], {
    env: {
      ...process.env,
      ...env,
      BENCH_ADMIN_PASSWORD: ADMIN_PASSWORD,
      ATTACHMENT_MAX_MB: String(FILE_MIB),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, url: (m as { url: string }).url }));
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
  });
}

async function stop(child: ChildProcess) {
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.send('stop');
  });
}

export async function benchAttachments(database: 'pglite' | 'postgres', databaseUrl?: string) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'duban-attach-'));
  const env: Record<string, string> =
    database === 'pglite' ? { BENCH_DATA_DIR: dataDir } : { BENCH_DATABASE_URL: databaseUrl ?? '' };
  const { child, url } = await startChild(env);
  const pid = child.pid as number;
  try {
    const { sup, itemId } = await prepare(url);
    const bytes = FILE_MIB * MIB;
    const expected = await sha256Of(bytes);
    // Let start-up garbage settle so that the growth measured is the upload's.
    await new Promise((r) => setTimeout(r, 500));
    const uploadStart = performance.now();
    const upload = await rssGrowth(pid, async () => {
      const { body, headers } = multipartStream(bytes);
      return ok(
        request(url, 'POST', `/api/items/${itemId}/attachments`, { session: sup, body, headers }),
        201,
      );
    });
    const uploadSeconds = (performance.now() - uploadStart) / 1000;
    if (upload.value.attachment.sha256 !== expected) throw new Error('stored SHA-256 differs');
    const id = upload.value.attachment.id as string;

    const downloadStart = performance.now();
    const downloads = await rssGrowth(pid, () =>
      Promise.all(
        Array.from(
          { length: DOWNLOADS },
          () =>
            new Promise<string>((resolve, reject) => {
              const req = http.request(
                new URL(`/api/attachments/${id}`, url),
                { headers: { cookie: sup.cookie } },
                (res) => {
                  const hash = createHash('sha256');
                  res.on('data', (c: Buffer) => hash.update(c));
                  res.on('end', () =>
                    resolve(res.statusCode === 200 ? hash.digest('hex') : `status ${res.statusCode}`),
                  );
                  res.on('error', reject);
                },
              );
              req.on('error', reject);
              req.end();
            }),
        ),
      ),
    );
    const downloadSeconds = (performance.now() - downloadStart) / 1000;
    return {
      database,
      fileMiB: FILE_MIB,
      uploadSeconds: Math.round(uploadSeconds * 100) / 100,
      uploadRssGrowthMb: upload.growthMb,
      downloads: DOWNLOADS,
      downloadSeconds: Math.round(downloadSeconds * 100) / 100,
      downloadRssGrowthMb: downloads.growthMb,
      allDownloadsIntact: downloads.value.every((h) => h === expected),
    } satisfies AttachmentBenchResult;
  } finally {
    await stop(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A scratch database on the PostgreSQL server at `adminUrl`, dropped afterwards. */
async function withScratchPostgres<T>(adminUrl: string, run: (url: string) => Promise<T>): Promise<T> {
  const name = `duban_bench_attach_${process.pid}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name}`);
    await client.query(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return await run(url.toString());
  } finally {
    await client.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await client.end();
  }
}

async function main() {
  // The server child runs the compiled server, as `npm start` does.
  await buildServerIfStale();
  const args = process.argv.slice(2);
  const at = args.indexOf('--database-url');
  const explicit = at >= 0 ? args[at + 1] : undefined;
  const results: AttachmentBenchResult[] = [];
  if (!explicit) results.push(await benchAttachments('pglite'));
  const pgUrl = explicit ?? process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  try {
    results.push(await withScratchPostgres(pgUrl, (url) => benchAttachments('postgres', url)));
  } catch (error) {
    if (explicit) throw error;
    console.warn(`PostgreSQL skipped: ${(error as Error).message}`);
  }
  for (const r of results) {
    const verdict =
      r.uploadRssGrowthMb < UPLOAD_RSS_BOUND_MB && r.allDownloadsIntact ? 'ok' : 'FAILS THE BOUND';
    console.log(
      `附件 ${r.database}: upload ${r.fileMiB} MiB in ${r.uploadSeconds} s, RSS +${r.uploadRssGrowthMb} MB (bound ${UPLOAD_RSS_BOUND_MB}); ` +
        `${r.downloads} concurrent downloads in ${r.downloadSeconds} s, RSS +${r.downloadRssGrowthMb} MB, ` +
        `all intact: ${r.allDownloadsIntact} — ${verdict}`,
    );
  }
  console.log(JSON.stringify(results, null, 2));
  if (results.some((r) => r.uploadRssGrowthMb >= UPLOAD_RSS_BOUND_MB || !r.allDownloadsIntact))
    process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
