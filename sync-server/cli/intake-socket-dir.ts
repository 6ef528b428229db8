// The directory of a `serve --workers` host's order-intake socket (warehouse/intake-link.ts):
// private to the server's user (mkdtemp makes it mode 0700: whoever can connect can post orders)
// and named after the primary's pid. A primary removes its directory when it stops; one killed with
// SIGKILL cannot, so each primary first removes the directories of primaries no longer running.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NAME = /^aisle-intake-(\d+)-[A-Za-z0-9]{6}$/;

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the intake directories in `base` whose primary is not running; returns their names. */
export function sweepIntakeDirs(base = tmpdir(), isRunning: (pid: number) => boolean = running): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return removed;
  }
  for (const name of names) {
    const pid = NAME.exec(name)?.[1];
    if (pid === undefined || isRunning(Number(pid))) continue;
    try {
      rmSync(join(base, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Another user's: not ours to remove.
    }
  }
  return removed;
}

/** A new intake directory for this primary, after sweeping those left by primaries that died. */
export function makeIntakeDir(base = tmpdir()): string {
  sweepIntakeDirs(base);
  return mkdtempSync(join(base, `aisle-intake-${process.pid}-`));
}
