// One writer for the embedded database. PGlite runs inside the process that opens it, with its own
// buffer cache: a second process on the same directory writes behind the first one's back and can
// corrupt it. So whoever opens `<AISLE_DATA_DIR>/pglite` first takes `<AISLE_DATA_DIR>/aisle.lock`
// (created exclusively, mode 0600) and keeps it until it closes the database. A running server
// also writes its URL and a random operator token into the lock, which is how the CLI reaches it
// (only the local user who can read the file can use the token). A lock left by a killed process
// is recognised by its pid no longer running and taken over.
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const LOCK_FILE = 'aisle.lock';

export interface LockInfo {
  pid: number;
  /** `server` (serve, npm start) or `cli` (a command opening the database itself). */
  kind: 'server' | 'cli';
  command: string;
  startedAt: string;
  /** Set once a server listens. */
  url?: string;
  /** Operator token of that server (see sync-server/admin/operator.ts). */
  token?: string;
}

export class DataDirLockedError extends Error {
  readonly code = 'data_dir_locked';
  readonly holder: LockInfo;
  constructor(dataDir: string, holder: LockInfo) {
    super(lockedMessage(dataDir, holder));
    this.name = 'DataDirLockedError';
    this.holder = holder;
  }
}

function lockedMessage(dataDir: string, h: LockInfo): string {
  const where = `the data directory ${dataDir}`;
  if (h.kind === 'server') {
    return `Aisle is already running on ${where} (pid ${h.pid}${h.url ? `, ${h.url}` : ''}). ` +
      'Only one process may open the embedded database: stop that server first (Ctrl+C in its terminal), ' +
      'or use another AISLE_DATA_DIR. CLI commands (pair, user add, device revoke, seed, reconcile) work through the running server.';
  }
  return `${where} is in use by another aisle command (pid ${h.pid}: ${h.command}). Wait for it to finish and try again.`;
}

export function lockPath(dataDir: string): string {
  return join(resolve(dataDir), LOCK_FILE);
}

export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseLock(text: string): LockInfo | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockInfo>;
    if (typeof v.pid !== 'number' || (v.kind !== 'server' && v.kind !== 'cli')) return undefined;
    return { pid: v.pid, kind: v.kind, command: String(v.command ?? ''), startedAt: String(v.startedAt ?? ''), ...(v.url ? { url: v.url } : {}), ...(v.token ? { token: v.token } : {}) };
  } catch {
    // A lock being written right now reads as empty or partial JSON: treat it as held below.
    return undefined;
  }
}

/** The live holder of the lock, or undefined when the directory is free (no lock, or a dead pid). */
export function readLock(dataDir: string): LockInfo | undefined {
  let text: string;
  try {
    text = readFileSync(lockPath(dataDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const info = parseLock(text);
  if (!info) return { pid: -1, kind: 'cli', command: 'starting', startedAt: '' };
  return held(info, lockPath(dataDir)) ? info : undefined;
}

export interface DataDirLock {
  readonly path: string;
  /** Records the listening server's URL and operator token (the CLI reads them). */
  announce(url: string, token: string): void;
  release(): void;
}

/** Replaces the lock's content atomically (a reader never sees a half-written file). */
function writeLock(path: string, info: LockInfo): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(info), { mode: 0o600 });
  renameSync(tmp, path);
}

/** Locks this process holds (a pid alone cannot tell ours from a dead process whose pid we reused). */
const heldHere = new Set<string>();

function held(holder: LockInfo, path: string): boolean {
  return holder.pid === process.pid ? heldHere.has(path) : processAlive(holder.pid);
}

/** Takes the lock or throws DataDirLockedError naming the holder. */
export function acquireDataDirLock(dataDir: string, kind: LockInfo['kind'], command: string): DataDirLock {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const path = lockPath(dir);
  const info: LockInfo = { pid: process.pid, kind, command, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      try {
        writeSync(fd, JSON.stringify(info));
      } finally {
        closeSync(fd);
      }
      let released = false;
      // A process that exits without closing (process.exit after an error) leaves no lock behind.
      const onExit = (): void => handle.release();
      const handle: DataDirLock = {
        path,
        announce(url, token) {
          writeLock(path, { ...info, url, token });
        },
        release() {
          if (released) return;
          released = true;
          process.off('exit', onExit);
          heldHere.delete(path);
          const current = parseLock(safeRead(path));
          if (current?.pid === process.pid) rmSync(path, { force: true });
        },
      };
      process.on('exit', onExit);
      heldHere.add(path);
      return handle;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const text = safeRead(path);
    const holder = parseLock(text);
    if (!holder) {
      // Another process is between creating and writing the file: give it a moment.
      sleepSync(50);
      continue;
    }
    if (held(holder, path)) throw new DataDirLockedError(dir, holder);
    removeStaleLock(path, text);
  }
  const holder = parseLock(safeRead(path)) ?? { pid: -1, kind: 'cli', command: 'unknown', startedAt: '' };
  throw new DataDirLockedError(dir, holder);
}

/**
 * Removes a lock whose process is gone. Two processes may find the same stale lock at once: the
 * removal happens under a second exclusive file, and only if the lock still holds the stale
 * content, so that nobody deletes the fresh lock another process just took.
 */
function removeStaleLock(path: string, staleText: string): void {
  const guard = `${path}.takeover`;
  let fd: number;
  try {
    fd = openSync(guard, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const owner = Number(safeRead(guard));
    if (!processAlive(owner)) rmSync(guard, { force: true });
    else sleepSync(50);
    return;
  }
  try {
    writeSync(fd, String(process.pid));
    if (safeRead(path) === staleText) rmSync(path, { force: true });
  } finally {
    closeSync(fd);
    rmSync(guard, { force: true });
  }
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
