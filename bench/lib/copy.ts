/**
 * COPY … FROM STDIN through psql (postgresql-client), so that bulk loading needs no extra npm
 * package. Foreign-key triggers are skipped (session_replication_role = replica): the generator
 * writes consistent rows by construction, and checking 4 million references one by one would
 * dominate the load time.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

const CHUNK = 256 * 1024;

export class CopyStream {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly done: Promise<void>;
  private buffer: string[] = [];
  private buffered = 0;
  rows = 0;

  constructor(url: string, table: string, columns: readonly string[]) {
    this.child = spawn(
      'psql',
      [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', `COPY ${table} (${columns.join(', ')}) FROM STDIN`],
      { env: { ...process.env, PGOPTIONS: '-c session_replication_role=replica' } },
    );
    let stderr = '';
    this.child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    this.child.stdout.resume();
    this.done = new Promise((resolve, reject) => {
      this.child.on('error', reject);
      this.child.on('close', (code) =>
        code === 0 ? resolve() : reject(new Error(`COPY ${table} failed (${code}): ${stderr.trim()}`)),
      );
    });
    // Surfaced through `done`; without a listener an early exit would crash on EPIPE.
    this.child.stdin.on('error', () => {});
  }

  /** Adds rows (COPY text, newline-terminated); resolves at once unless the pipe is full. */
  write(text: string, rows: number): Promise<void> | undefined {
    this.rows += rows;
    this.buffer.push(text);
    this.buffered += text.length;
    if (this.buffered < CHUNK) return undefined;
    return this.flush();
  }

  private flush(): Promise<void> | undefined {
    if (this.buffer.length === 0) return undefined;
    const data = this.buffer.join('');
    this.buffer = [];
    this.buffered = 0;
    if (this.child.stdin.write(data)) return undefined;
    return new Promise((resolve, reject) => {
      this.child.stdin.once('drain', resolve);
      this.done.catch(reject);
    });
  }

  async end(): Promise<number> {
    await this.flush();
    this.child.stdin.end();
    await this.done;
    return this.rows;
  }
}
