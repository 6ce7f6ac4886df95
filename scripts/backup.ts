/**
 * `npm run backup -- FILE` and `npm run restore -- FILE`: the database named by the usual
 * configuration (DATABASE_URL, else the embedded database in DATA_DIR) to one file and back. See
 * src/db/backup.ts and docs/operations.md.
 */
import { backupPglite, backupPostgres, restorePglite, restorePostgres } from '../src/db/backup';
import { openPglite } from '../src/db/pglite';
import { loadConfig } from '../src/server/config';

const [mode, file] = process.argv.slice(2);
if ((mode !== 'backup' && mode !== 'restore') || !file) {
  console.error('用法 / usage: npm run backup -- FILE  |  npm run restore -- FILE');
  process.exit(2);
}

const config = loadConfig(process.env);
try {
  if (config.databaseUrl) {
    if (mode === 'backup') await backupPostgres(config.databaseUrl, file);
    else await restorePostgres(config.databaseUrl, file);
  } else if (mode === 'backup') {
    // Takes the data directory's lock: the server must be stopped (PGlite has one writer).
    const handle = await openPglite(config.dataDir);
    try {
      await backupPglite(
        (handle.db as unknown as { $client: Parameters<typeof backupPglite>[0] }).$client,
        file,
      );
    } finally {
      await handle.close();
    }
  } else {
    await restorePglite(config.dataDir, file);
  }
  console.log(mode === 'backup' ? `已备份到 ${file}` : `已从 ${file} 恢复`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
