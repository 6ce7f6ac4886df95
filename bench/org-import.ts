/**
 * 导入组织架构 at office size: 200 departments and 5,000 people through POST /api/org/import (dry
 * run, then applied), in process on the real app. Reports the import's time, the one-time passwords'
 * argon2 share of it, what the full argon2 cost would have been, and how /api/health answered while
 * the import ran (probed every 50 ms). `npm run bench` runs it on a scratch PostgreSQL database;
 * `npm run bench:org-import` alone on an embedded one (`-- --database-url URL` for PostgreSQL).
 */
import { pathToFileURL } from 'node:url';
import { hash } from '@node-rs/argon2';
import ExcelJS from 'exceljs';
import pino from 'pino';
import { type DatabaseHandle, openPostgres } from '../src/db/client';
import { wrapPglite } from '../src/db/pglite';
import { buildApp } from '../src/server/app';
import { bootstrap } from '../src/server/bootstrap';
import { loadConfig } from '../src/server/config';
import { type Latency, latency, round } from './lib/stats';

export const ORG_DEPARTMENTS = 200;
export const ORG_USERS = 5_000;
const ADMIN_PASSWORD = 'BenchAdmin1';
/** The bound for 5,000 people. */
export const ORG_IMPORT_TARGET_SECONDS = 60;

export interface OrgImportResult {
  departments: number;
  users: number;
  dryRunSeconds: number;
  importSeconds: number;
  hashingSeconds: number;
  hashingShare: number;
  /** The same passwords at the full argon2 cost (19 MiB, 2 passes), projected from a sample. */
  fullCostHashingSeconds: number;
  /** /api/health answered while the import ran. */
  healthDuringImport: Latency;
  downloadSeconds: number;
}

async function organisationWorkbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const departments = book.addWorksheet('部门');
  departments.addRow(['部门', '排序']);
  const paths: string[] = [];
  const units = ORG_DEPARTMENTS / 10;
  for (let u = 0; u < units; u++) {
    const unit = `单位${String(u + 1).padStart(2, '0')}`;
    departments.addRow([unit, u + 1]);
    for (let d = 1; d < 10; d++) {
      const path = `${unit}/${unit}处室${d}`;
      departments.addRow([path, d]);
      paths.push(path);
    }
    paths.push(unit);
  }
  const people = book.addWorksheet('人员');
  people.addRow(['用户名', '姓名', '部门', '职务', '角色', '邮箱', '手机']);
  const positions = ['部处负责人', '部处分管负责人', '具体负责人', '具体负责人', '具体负责人'];
  for (let i = 0; i < ORG_USERS; i++) {
    people.addRow([
      `user${String(i + 1).padStart(5, '0')}`,
      `人员${i + 1}`,
      paths[i % paths.length],
      positions[i % positions.length],
      i % 50 === 0 ? '督办员' : '',
      `user${i + 1}@example.gov.cn`,
      `139${String(i).padStart(8, '0')}`,
    ]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

function multipart(data: Buffer) {
  const boundary = '----dubanbench';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="org.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** Projects the full-cost hashing of ORG_USERS passwords from a sample, hashed as the import does (4 at a time). */
async function fullCostProjection(sample = 40): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < sample; i += 4) {
    await Promise.all([0, 1, 2, 3].map((j) => hash(`Bench${i + j}abcdefgh`)));
  }
  return ((performance.now() - started) / 1000) * (ORG_USERS / sample);
}

/** Runs the import on `databaseUrl` (a migrated, empty database) or an embedded one. */
export async function runOrgImportBench(databaseUrl?: string): Promise<OrgImportResult> {
  let db: DatabaseHandle;
  if (databaseUrl) db = openPostgres(databaseUrl, 10);
  else {
    const { PGlite } = await import('@electric-sql/pglite');
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
    db = wrapPglite(await PGlite.create({ extensions: { pg_trgm } }));
  }
  await db.migrate();
  await bootstrap(db.db, new Date(), ADMIN_PASSWORD);
  let hashing: { first: number; last: number } | undefined;
  const { app } = await buildApp({
    config: { ...loadConfig({ LOG_LEVEL: 'silent' }), attachmentMaxMb: 20 },
    db: db.db,
    logger: pino({ level: 'silent' }),
    importHooks: {
      onPasswordsHashed: () => {
        const now = performance.now();
        hashing = { first: hashing?.first ?? now, last: now };
      },
    },
  });
  try {
    await app.ready();
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: ADMIN_PASSWORD },
    });
    const cookie = login.cookies.find((c) => c.name === 'duban_sid')?.value ?? '';
    const request = { cookies: { duban_sid: cookie }, headers: { 'x-requested-with': 'duban' } };
    const file = multipart(await organisationWorkbook());
    const post = (dryRun: boolean) =>
      app.inject({
        method: 'POST',
        url: `/api/org/import?dryRun=${dryRun}`,
        payload: file.payload,
        cookies: request.cookies,
        headers: { ...request.headers, ...file.headers },
      });

    let started = performance.now();
    const dry = await post(true);
    const dryRunSeconds = (performance.now() - started) / 1000;
    if (dry.statusCode !== 200 || dry.json().errors.length > 0)
      throw new Error(`dry run: ${dry.body.slice(0, 500)}`);

    // Probe the server while the import runs.
    const probes: number[] = [];
    let running = true;
    const probing = (async () => {
      while (running) {
        const at = performance.now();
        const res = await app.inject({ method: 'GET', url: '/api/health' });
        if (res.statusCode === 200) probes.push(performance.now() - at);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    started = performance.now();
    const applied = await post(false);
    const importSeconds = (performance.now() - started) / 1000;
    running = false;
    await probing;
    const answer = applied.json() as { applied: boolean; users: { created: number }; passwordsFile?: string };
    if (!answer.applied || answer.users.created !== ORG_USERS || !answer.passwordsFile) {
      throw new Error(`import: ${applied.body.slice(0, 500)}`);
    }
    started = performance.now();
    const download = await app.inject({ method: 'GET', url: answer.passwordsFile, cookies: request.cookies });
    const downloadSeconds = (performance.now() - started) / 1000;
    if (download.statusCode !== 200) throw new Error(`passwords file: ${download.statusCode}`);

    const spent = hashing as { first: number; last: number } | undefined;
    // The first batch's own time is not seen by the hook; one batch's share is added back.
    const batches = ORG_USERS / 4;
    const hashingSeconds = spent ? ((spent.last - spent.first) / 1000) * (batches / (batches - 1)) : 0;
    return {
      departments: ORG_DEPARTMENTS,
      users: ORG_USERS,
      dryRunSeconds: round(dryRunSeconds, 2),
      importSeconds: round(importSeconds, 2),
      hashingSeconds: round(hashingSeconds, 2),
      hashingShare: round(hashingSeconds / importSeconds, 2),
      fullCostHashingSeconds: round(await fullCostProjection(), 1),
      healthDuringImport: latency(probes),
      downloadSeconds: round(downloadSeconds, 2),
    };
  } finally {
    await app.close();
    await db.close();
  }
}

/** The lines of the bench's table. */
export function orgImportRows(r: OrgImportResult): string[][] {
  return [
    [
      `org import ${r.departments} departments + ${r.users} users`,
      `${r.importSeconds} s (dry run ${r.dryRunSeconds} s)`,
      `≤ ${ORG_IMPORT_TARGET_SECONDS} s`,
      r.importSeconds <= ORG_IMPORT_TARGET_SECONDS ? 'ok' : 'MISSED',
    ],
    [
      'org import: one-time passwords argon2',
      `${r.hashingSeconds} s (${Math.round(r.hashingShare * 100)} %); at full cost ~${r.fullCostHashingSeconds} s`,
      '',
      '',
    ],
    [
      'org import: /api/health meanwhile p50/p95/max',
      `${r.healthDuringImport.p50}/${r.healthDuringImport.p95}/${r.healthDuringImport.max} ms (${r.healthDuringImport.count} probes)`,
      '',
      '',
    ],
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const at = process.argv.indexOf('--database-url');
  const url = at >= 0 ? process.argv[at + 1] : undefined;
  const result = await runOrgImportBench(url);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  for (const row of orgImportRows(result)) process.stdout.write(`${row.filter(Boolean).join('  ')}\n`);
}
