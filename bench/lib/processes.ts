/** Child servers (Duban, bare Fastify) and their memory: VmHWM is the kernel's peak RSS. */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVER_NODE_FLAGS } from '../../scripts/build.mjs';

const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ChildServer {
  url: string;
  pid: number;
  /** Peak RSS so far (VmHWM), MiB. */
  peakRssMb(): number;
  /** Current RSS, MiB. */
  rssMb(): number;
  stop(): Promise<void>;
  /** Start (file undefined) or stop and write a CPU profile of the child (server-child.mjs only). */
  profile(file?: string): Promise<void>;
}

function statusField(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

export async function startChild(
  script: 'server-child.mjs' | 'hello-child.mjs',
  env: Record<string, string>,
  options: { cpuProfDir?: string } = {},
): Promise<ChildServer> {
  // Plain Node like `npm start` (no TypeScript loader: its thread alone held ~74 MiB), with its flags.
  const execArgv: string[] = script === 'server-child.mjs' ? [...SERVER_NODE_FLAGS] : [];
  if (options.cpuProfDir) execArgv.push('--cpu-prof', '--cpu-prof-dir', options.cpuProfDir);
  const child: ChildProcess = fork(path.join(benchDir, script), [], {
    execArgv,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 120 s`)), 120_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve((m as { url: string }).url);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before listening`));
    });
  });
  const pid = child.pid as number;
  let peak = 0;
  const peakRssMb = () => {
    peak = Math.max(peak, statusField(pid, 'VmHWM'));
    return peak;
  };
  return {
    url,
    pid,
    peakRssMb,
    rssMb: () => statusField(pid, 'VmRSS'),
    profile(file) {
      return new Promise<void>((resolve, reject) => {
        child.once('message', (m) => {
          const answer = m as { profiled?: string; error?: string };
          if (answer.profiled === 'error') reject(new Error(answer.error));
          else resolve();
        });
        child.send(file ? { profile: 'stop', file } : { profile: 'start' });
      });
    },
    async stop() {
      peakRssMb();
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send('stop');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
