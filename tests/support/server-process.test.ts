// A server a test started must not outlive the test run: a vitest killed with SIGKILL never runs its
// afterAll, and an orphaned `aisle serve` keeps its port and its database.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from './wait.ts';

/** Running, not gone and not a zombie waiting for a parent (in a container init may reap late). */
const alive = (pid: number): boolean => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

describe('a process group started for a test', () => {
  it('is killed when the process that started it dies without cleaning up', async () => {
    // A stand-in for a test worker: it starts a long command the way spawnServe starts a server,
    // says its pid, and is then killed with SIGKILL (no exit handler can run).
    const script = `
      import { spawn } from 'node:child_process';
      import { diesWithThisProcess } from ${JSON.stringify(join(import.meta.dirname, 'server-process.ts'))};
      const [command, args] = diesWithThisProcess('sleep', ['120']);
      const child = spawn(command, args, { detached: true, stdio: 'ignore' });
      console.log(child.pid);
      setInterval(() => {}, 1000);`;
    const worker = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    worker.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor('the started command', () => Promise.resolve(Number(out.trim()) > 0), 30_000);
    const pid = Number(out.trim());
    expect(alive(pid)).toBe(true);
    // While the worker lives, the command runs on (the watcher polls once a second).
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(alive(pid)).toBe(true);

    worker.kill('SIGKILL');
    await waitFor('the command to die with its starter', () => Promise.resolve(!alive(pid)), 10_000);
    expect(alive(pid)).toBe(false);
  });
});
