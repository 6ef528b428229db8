import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError, lockPath, readLock } from './data-dir-lock.ts';

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'aisle-lock-'));
  dirs.push(d);
  return d;
};

/** A pid that surely does not run: a child that already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('data directory lock', () => {
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('lets one holder in, refuses the next with who holds it, and frees the directory on release', () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir, 'server', 'serve');
    expect(statSync(lockPath(dir)).mode & 0o077).toBe(0);
    expect(() => acquireDataDirLock(dir, 'cli', 'pair')).toThrow(DataDirLockedError);
    expect(() => acquireDataDirLock(dir, 'cli', 'pair')).toThrow(/already running/);
    lock.release();
    expect(readLock(dir)).toBeUndefined();
    acquireDataDirLock(dir, 'cli', 'pair').release();
  });

  it('records the server URL and token for the CLI', () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir, 'server', 'serve');
    lock.announce('http://127.0.0.1:1234', 'secret');
    expect(JSON.parse(readFileSync(lockPath(dir), 'utf8'))).toMatchObject({ pid: process.pid, url: 'http://127.0.0.1:1234', token: 'secret' });
    lock.release();
  });

  it('takes over a lock whose process is gone', () => {
    const dir = tempDir();
    writeFileSync(lockPath(dir), JSON.stringify({ pid: deadPid(), kind: 'server', command: 'serve', startedAt: '', url: 'http://x', token: 't' }));
    expect(readLock(dir)).toBeUndefined();
    const lock = acquireDataDirLock(dir, 'cli', 'reconcile');
    expect(JSON.parse(readFileSync(lockPath(dir), 'utf8'))).toMatchObject({ pid: process.pid, kind: 'cli' });
    lock.release();
  });

  it('treats a lock held by a live process as held', () => {
    const dir = tempDir();
    writeFileSync(lockPath(dir), JSON.stringify({ pid: process.ppid, kind: 'cli', command: 'seed', startedAt: '' }));
    expect(readLock(dir)).toMatchObject({ pid: process.ppid, kind: 'cli' });
    expect(() => acquireDataDirLock(dir, 'server', 'serve')).toThrow(/in use by another aisle command/);
  });
});
