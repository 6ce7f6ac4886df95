/**
 * Online backup of the embedded database. PGlite is one process per data directory, so
 * `npm run backup` cannot open a directory a server holds; instead the running server answers it
 * through a Unix socket inside the data directory (`<DATA_DIR>/run/backup.sock`). The socket's
 * directory is the owner's only (0700): whoever may read the data directory's files may take a
 * backup, nobody else, and nothing listens on the network.
 */
import { chmodSync, createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

export function backupSocketPath(dataDir: string): string {
  return path.join(dataDir, 'run', 'backup.sock');
}

export interface BackupDoor {
  close(): Promise<void>;
}

/**
 * Serves `GET /backup` (the dump, gzip) on the data directory's socket. Called by the process that
 * holds the directory's lock, so a socket file left by a killed server is stale and replaced.
 * Returns undefined when the socket cannot be made (e.g. a DATA_DIR path longer than a Unix
 * socket's ~107 bytes): `npm run backup` then says the server must be stopped, as before.
 */
export async function openBackupDoor(
  dataDir: string,
  dump: () => Promise<Buffer>,
  onError: (error: unknown) => void,
): Promise<BackupDoor | undefined> {
  const dir = path.dirname(backupSocketPath(dataDir));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const file = backupSocketPath(dataDir);
  rmSync(file, { force: true });
  const server = http.createServer((request, reply) => {
    if (request.method !== 'GET' || request.url !== '/backup') {
      reply.writeHead(404).end();
      return;
    }
    dump().then(
      (body) => {
        reply.writeHead(200, { 'content-type': 'application/gzip', 'content-length': body.length });
        reply.end(body);
      },
      (error: unknown) => {
        onError(error);
        reply.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        reply.end(error instanceof Error ? error.message : String(error));
      },
    );
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(file, () => resolve());
    });
  } catch (error) {
    onError(error);
    return undefined;
  }
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          rmSync(file, { force: true });
          resolve();
        });
      }),
  };
}

/**
 * Asks the server running on `dataDir` for a backup and writes it to `file` (through a partial
 * file renamed at the end, so an interrupted backup never looks complete). Resolves false when no
 * server answers on the socket (none running, or an older one without it).
 */
export async function backupThroughServer(dataDir: string, file: string): Promise<boolean> {
  const socketPath = backupSocketPath(dataDir);
  if (!existsSync(socketPath)) return false;
  let response: http.IncomingMessage;
  try {
    response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http.get({ socketPath, path: '/backup' }, resolve).once('error', reject);
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ECONNREFUSED' || code === 'ENOENT') return false;
    throw error;
  }
  if (response.statusCode !== 200) {
    let text = '';
    for await (const chunk of response) text += chunk;
    throw new Error(`运行中的服务备份失败 / the running server could not back up: ${text}`);
  }
  const partial = `${file}.partial`;
  try {
    await pipeline(response, createWriteStream(partial));
    renameSync(partial, file);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  return true;
}
