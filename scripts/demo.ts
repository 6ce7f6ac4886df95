/**
 * `npm run demo`: Duban on a throwaway embedded database, filled with a demo organisation and
 * items in every state. The database is deleted when the demo stops.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/server/config';
import { startServer } from '../src/server/main';
import { DEMO_PASSWORD, seedDemo } from './demo-data';
import { buildWebIfStale } from './web-build';

// Like `npm start`: a fresh clone has no built UI yet (WEB_DIR names one built elsewhere).
if (!process.env.WEB_DIR) buildWebIfStale();

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'duban-demo-'));
const config = loadConfig();
const clock = () => new Date();
const server = await startServer(
  {
    dataDir,
    databaseUrl: undefined,
    bootstrapAdminPassword: DEMO_PASSWORD,
    jobs: { ...config.jobs, enabled: false },
  },
  { clock, beforeListen: (db, cfg) => seedDemo(db.db, cfg, clock) },
);
process.stdout.write(
  [
    '',
    `  Duban 督办演示 / demo: ${server.url}`,
    `  所有账号密码 / every password: ${DEMO_PASSWORD}`,
    '  admin（系统管理员） dbk1、dbk2（督办员） dbadmin（督办管理员） leader（领导） auditor（审计员）',
    '  cw_head、cw_deputy、cw_staff1、cw_staff2（财务处）；rs_*（人事处）；xx_*（信息中心）；zh_*（综合处）',
    '  按 Ctrl+C 结束演示（演示数据随之删除） / Ctrl+C stops the demo and deletes its data',
    '',
  ].join('\n'),
);

const stop = async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
