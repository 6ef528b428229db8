// A `serve --workers` primary's intake directory (sync-server/cli/intake-socket-dir.ts): private to
// its user, named after its pid, and what primaries killed with SIGKILL left behind is removed —
// never the directory of one still running, never anything else.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeIntakeDir, sweepIntakeDirs } from '../../sync-server/cli/intake-socket-dir.ts';

let base = '';
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'aisle-intake-dir-test-'));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe('intake socket directory', () => {
  it('is made private to the user, named after the primary, after removing those of primaries no longer running', () => {
    // A pid above Linux's pid_max (4,194,304): never running.
    const dead = join(base, 'aisle-intake-999999999-AbC123');
    mkdirSync(dead);
    writeFileSync(join(dead, 'intake-1.sock'), '');
    const alive = join(base, `aisle-intake-${process.pid}-xyz789`);
    mkdirSync(alive);
    mkdirSync(join(base, 'aisle-intake-notapid-abcdef'));
    writeFileSync(join(base, 'aisle-other'), '');
    const made = makeIntakeDir(base);
    expect(made.startsWith(join(base, `aisle-intake-${process.pid}-`))).toBe(true);
    expect(statSync(made).mode & 0o777).toBe(0o700);
    expect(readdirSync(base).sort()).toEqual(['aisle-intake-notapid-abcdef', `aisle-intake-${process.pid}-xyz789`, 'aisle-other', made.slice(base.length + 1)].sort());
  });

  it('asks whether each primary runs, and keeps a directory whose primary does', () => {
    mkdirSync(join(base, 'aisle-intake-101-aaaaaa'));
    mkdirSync(join(base, 'aisle-intake-102-bbbbbb'));
    const asked: number[] = [];
    const removed = sweepIntakeDirs(base, (pid) => {
      asked.push(pid);
      return pid === 102;
    });
    expect(asked.sort()).toEqual([101, 102]);
    expect(removed).toEqual(['aisle-intake-101-aaaaaa']);
    expect(readdirSync(base)).toEqual(['aisle-intake-102-bbbbbb']);
  });

  it('removes nothing from a directory that does not exist', () => {
    expect(sweepIntakeDirs(join(base, 'missing'))).toEqual([]);
  });
});
