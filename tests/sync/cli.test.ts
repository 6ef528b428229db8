// The admin CLI contract (PROTOCOL.md "Admin CLI"): JSON on stdout with --json, non-zero exit on failure.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'aisle-cli-'));

async function aisle(...args: string[]): Promise<{ code: number; json: unknown; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, AISLE_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'sync-server/cli/main.ts', ...args, '--json'], { env, cwd: process.cwd() });
    return { code: 0, json: JSON.parse(stdout.trim().split('\n').pop() ?? 'null'), stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, json: JSON.parse(e.stdout.trim().split('\n').pop() ?? 'null'), stderr: e.stderr };
  }
}

describe('admin CLI', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('seeds (migrating first), makes pairing codes and users, printing JSON, and fails loudly', async () => {
    const seed = await aisle('seed', '--demo', '--products', '40');
    expect(seed.code).toBe(0);
    expect(seed.json).toMatchObject({ sites: [{ code: 'STORE1', kind: 'store' }, { code: 'WH1', kind: 'warehouse' }], products: 40 });
    const pair = await aisle('pair', '--role', 'scanner', '--site', 'WH1');
    expect(pair.json).toMatchObject({ code: expect.stringMatching(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/), expiresAt: expect.any(String) });
    const user = await aisle('user', 'add', '--username', 'carol', '--password', 'secret', '--role', 'cashier', '--pin', '4321');
    expect(user.json).toMatchObject({ username: 'carol', role: 'cashier' });
    const wrongSite = await aisle('pair', '--role', 'till', '--site', 'WH1');
    expect(wrongSite.code).not.toBe(0);
    expect(wrongSite.stderr).toMatch(/a till pairs with a store/);
  }, 120_000);
});
