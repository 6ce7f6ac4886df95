import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from './lock';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('data directory lock', () => {
  it('refuses a second holder and frees on release', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'duban-lock-'));
    const lock = acquireDataDirLock(dir);
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    lock.release();
    acquireDataDirLock(dir).release();
  });

  it('takes over a lock left by a process that no longer runs', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'duban-lock-'));
    // PIDs are below 2^22 on Linux: this one cannot be running.
    writeFileSync(path.join(dir, 'duban.lock'), '9999999');
    acquireDataDirLock(dir).release();
  });

  it('refuses while another live process holds it', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'duban-lock-'));
    writeFileSync(path.join(dir, 'duban.lock'), String(process.ppid));
    expect(() => acquireDataDirLock(dir)).toThrow(/PID/);
  });
});
