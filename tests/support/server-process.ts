// Real `aisle serve` processes for tests and harnesses that kill and restart servers. Each server
// runs in its own process group (node + tsx), so a kill takes the whole group and leaves no
// orphan holding the port or the database.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './wait.ts';
import { sweepIntakeDirs } from '../../sync-server/cli/intake-socket-dir.ts';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'sync-server', 'cli', 'main.ts');

/**
 * `n` different free ports, held open together before they are released: ports taken one at a time
 * for servers that start later can repeat (a port closed is free again), and two servers given the
 * same one leave one of them unable to listen.
 */
export async function freePorts(n: number): Promise<number[]> {
  const servers = Array.from({ length: n }, () => createServer());
  const ports = await Promise.all(servers.map((s) => new Promise<number>((resolve, reject) => {
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  })));
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  return ports;
}

/** A TCP port nobody listens on right now (for several servers at once, take them together: freePorts). */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port ?? 0;
}

/**
 * `command args` run so that its process group dies with this process: a shell starts a watcher in
 * the background and execs the command (keeping the pid, so the child is still the group's
 * leader). The watcher polls both this process and the command once a second; when this process is
 * gone — a vitest run killed with SIGKILL or Ctrl-C never reaches its afterAll — it kills the whole
 * group, so no `aisle serve` outlives its test holding a port and a database. When the command ends
 * first the watcher kills what is left of the group (itself). Spawn the result with
 * `detached: true`, as the servers are.
 */
export function diesWithThisProcess(command: string, args: readonly string[]): [string, string[]] {
  const watch = 'P=$1; shift; (while kill -0 "$P" 2>/dev/null && kill -0 $$ 2>/dev/null; do sleep 1; done; kill -KILL 0) </dev/null >/dev/null 2>&1 & exec "$@"';
  return ['/bin/sh', ['-c', watch, 'aisle-watch', String(process.pid), command, ...args]];
}

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** What the server wrote to stderr so far (for failure messages). */
  stderr(): string;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** Signals the whole process group (SIGSTOP, SIGCONT…); nothing when it is gone already. */
  signal(signal: NodeJS.Signals): void;
  /** Signals the whole process group (SIGKILL by default) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface ServeOptions {
  /** Environment on top of this process's: DATABASE_URL or AISLE_DATA_DIR chooses the database. */
  env?: NodeJS.ProcessEnv;
  port?: number;
  args?: readonly string[];
  /** Wait for /api/health (default true). */
  waitHealthy?: boolean;
  healthTimeoutMs?: number;
}

/** Starts `aisle serve` (node --import tsx, no npx wrapper) in its own process group. */
export async function spawnServe(options: ServeOptions = {}): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const [command, args] = diesWithThisProcess(process.execPath, ['--import', 'tsx', cli, 'serve', '--port', String(port), ...(options.args ?? [])]);
  const child = spawn(command, args, {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'warn', ...options.env },
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const proc: ServerProcess = {
    url,
    port,
    child,
    stderr: () => stderr,
    exited,
    signal(signal) {
      if (child.exitCode === null && child.signalCode === null && child.pid) {
        try {
          process.kill(-child.pid, signal);
        } catch {
          // The group is already gone.
        }
      }
    },
    async kill(signal = 'SIGKILL') {
      proc.signal(signal);
      await exited;
      // A primary killed with SIGKILL cannot remove its intake socket directory; the next primary
      // would sweep it, but after the last test nothing starts: removed here (only this one's).
      sweepIntakeDirs(options.env?.TMPDIR ?? tmpdir(), (pid) => pid !== child.pid);
    },
  };
  if (options.waitHealthy !== false) {
    await waitFor(`server on port ${port}`, async () => {
      if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${stderr}`);
      return isHealthy(url);
    }, options.healthTimeoutMs ?? 60_000);
  }
  return proc;
}

export async function isHealthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/api/health`)).ok;
  } catch {
    // Not listening (yet, or any more).
    return false;
  }
}
