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

  it('manages users and devices on the database itself when no server runs', async () => {
    const moved = await aisle('user', 'set', '--username', 'carol', '--role', 'picker', '--name', 'Carol Picker');
    expect(moved.json).toMatchObject({ username: 'carol', role: 'picker', displayName: 'Carol Picker', sites: [{ code: 'WH1' }] });
    expect((await aisle('user', 'disable', '--username', 'carol')).json).toMatchObject({ active: false });
    expect((await aisle('user', 'pin', '--username', 'carol', '--pin', 'none')).json).toMatchObject({ hasPin: false });
    const wrongKind = await aisle('user', 'set', '--username', 'carol', '--role', 'cashier', '--sites', 'WH1');
    expect(wrongKind.code).not.toBe(0);
    expect(wrongKind.json).toMatchObject({ error: 'wrong_site_kind', message: 'A cashier works at stores: Demo Warehouse (WH1) is a warehouse.' });
    expect((await aisle('user', 'list')).json).toMatchObject({ users: expect.arrayContaining([expect.objectContaining({ username: 'carol', role: 'picker' })]) });
    const listed = await aisle('user', 'list');
    expect(listed.json).toMatchObject({ users: expect.arrayContaining([expect.objectContaining({ username: 'carol', active: false, hasPin: false })]) });
    // Checked against the route's schema, with the server's sentence (cli-running-server.test.ts gets the same through it).
    expect((await aisle('user', 'pin', '--username', 'sam', '--pin', '12')).json).toEqual({ error: 'invalid_request', message: 'Pin must be 4 to 8 digits.' });
  }, 300_000);
});
