// Passwords (issue 14 point 10): a hash made at the old scrypt cost still logs in and is re-hashed
// at N=2^17 on that login; `user passwd` (the admin API the CLI uses) sets a password and ends the
// user's sessions; a server reachable from the network refuses to start while the demo
// admin/admin or manager/manager login still works, and says how to change it.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorActor } from '../../sync-server/admin/actor.ts';
import { demoPasswordsInUse, isLoopbackHost, refuseDemoPasswordsOnNetwork } from '../../sync-server/cli/network-exposure.ts';
import { setPasswordOp } from '../../sync-server/admin/operations.ts';
import { hashPassword } from '../../sync-server/security/secrets.ts';
import { spawnServe } from '../support/server-process.ts';
import { createTestDb, testDrivers, type TestDb } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

describe('where serve may listen', () => {
  it('counts only this machine as loopback', () => {
    for (const host of ['127.0.0.1', '127.0.1.1', 'localhost', '::1']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'pos.example.com', '10.0.0.1']) expect(isLoopbackHost(host), host).toBe(false);
  });
});

describe.each(testDrivers)('passwords on $kind', ({ kind, skip }) => {
  let server: TestServer;

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(kind, { products: 1, server: { webhooks: false } });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const storedHash = async (username: string): Promise<string> => {
    const [row] = await server.db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE username = $1', [username]);
    return row?.password_hash ?? '';
  };

  it.skipIf(skip)('logs a user in with a hash made at the old cost and re-hashes it at N=2^17', async () => {
    await server.db.query('UPDATE users SET password_hash = $1 WHERE username = $2', [await hashPassword('manager', { N: 16384, r: 8, p: 1 }), 'manager']);
    expect(await storedHash('manager')).toMatch(/^scrypt\$16384\$/);
    await server.login('manager', 'manager');
    const upgraded = await storedHash('manager');
    expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$/);
    // The new hash is the same password, and a wrong one still fails.
    await server.login('manager', 'manager');
    expect(await storedHash('manager')).toBe(upgraded);
    expect((await server.api('/api/auth/login', { body: { username: 'manager', password: 'nope' } })).status).toBe(401);
  });

  it.skipIf(skip)('refuses to listen on the network while a demo login works, with the command that fixes it', async () => {
    await expect(refuseDemoPasswordsOnNetwork(server.db, '127.0.0.1')).resolves.toBeUndefined();
    expect(await demoPasswordsInUse(server.db)).toEqual(['admin', 'manager']);
    const refusal = refuseDemoPasswordsOnNetwork(server.db, '0.0.0.0');
    await expect(refusal).rejects.toMatchObject({ code: 'demo_password' });
    await expect(refusal).rejects.toThrow(/will not listen on 0\.0\.0\.0.*admin\/admin and manager\/manager[\s\S]*npm run aisle -- user passwd --username admin --password/);
  });

  it.skipIf(skip)('sets a password through the admin API, ends that user\'s sessions, and then lets serve open to the network', async () => {
    const session = await server.login('admin', 'admin');
    const changed = await server.api('/api/admin/users/admin/password', { method: 'PUT', token: session, body: { password: 'a long new secret' } });
    expect(changed).toMatchObject({ status: 200, body: { username: 'admin', role: 'admin' } });
    expect((await server.api('/api/admin/me', { token: session })).status).toBe(401);
    expect((await server.api('/api/auth/login', { body: { username: 'admin', password: 'admin' } })).status).toBe(401);
    await server.login('admin', 'a long new secret');
    expect(await demoPasswordsInUse(server.db)).toEqual(['manager']);
    await expect(refuseDemoPasswordsOnNetwork(server.db, '0.0.0.0')).rejects.toThrow(/manager\/manager/);
    // The CLI runs the same operation (directly, or through a running server).
    expect(await setPasswordOp(server.db, operatorActor, 'manager', { password: 'another secret' })).toEqual({ username: 'manager', role: 'manager' });
    await expect(refuseDemoPasswordsOnNetwork(server.db, '0.0.0.0')).resolves.toBeUndefined();
    const [audit] = await server.db.query<{ summary: string }>(`SELECT summary FROM admin_audit WHERE action = 'user.password' ORDER BY id DESC LIMIT 1`);
    expect(audit?.summary).toBe('changed the password of manager manager (their sessions were ended)');
  });

  it.skipIf(skip)('says so when the user does not exist or the password is too short', async () => {
    const session = await server.login('admin', 'a long new secret');
    const unknown = await server.api('/api/admin/users/nobody/password', { method: 'PUT', token: session, body: { password: 'whatever' } });
    expect(unknown).toMatchObject({ status: 404, body: { error: 'unknown_user', message: 'no user nobody' } });
    const short = await server.api('/api/admin/users/admin/password', { method: 'PUT', token: session, body: { password: 'abc' } });
    expect(short.status).toBe(400);
  });
});

const run = promisify(execFile);

describe.each(testDrivers)('aisle serve --host on $kind', ({ kind, skip }) => {
  let env: NodeJS.ProcessEnv;
  let pg: TestDb | undefined;
  let dataDir: string | undefined;

  /** One CLI command as a real process: its exit code and what it printed. */
  const aisle = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'sync-server/cli/main.ts', ...args], { env: { ...process.env, ...env }, cwd: process.cwd() });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  beforeAll(async () => {
    if (skip) return;
    if (kind === 'postgres') {
      pg = await createTestDb('postgres');
      env = { DATABASE_URL: pg.url, LOG_LEVEL: 'warn' };
    } else {
      dataDir = mkdtempSync(join(tmpdir(), 'aisle-host-'));
      env = { DATABASE_URL: '', AISLE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    }
    expect((await aisle('seed', '--demo', '--products', '5')).code).toBe(0);
  }, 240_000);
  afterAll(async () => {
    await pg?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it.skipIf(skip)('refuses to start on 0.0.0.0 with the demo passwords, starts once `user passwd` has changed them', async () => {
    const refused = await aisle('serve', '--host', '0.0.0.0', '--port', '0');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Aisle will not listen on 0.0.0.0');
    expect(refused.stderr).toContain("npm run aisle -- user passwd --username admin --password '<a new password>'");
    expect((await aisle('serve', '--port', '0', '--host', '192.0.2.1')).stderr).toContain('will not listen on 192.0.2.1');

    for (const username of ['admin', 'manager']) {
      const changed = await aisle('user', 'passwd', '--username', username, '--password', `${username} changed it`);
      expect(changed.stdout, changed.stderr).toContain(`password changed for ${username} ${username}`);
    }
    const server = await spawnServe({ env, args: ['--host', '0.0.0.0'] });
    try {
      const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin changed it' }) });
      expect(login.status).toBe(200);
    } finally {
      await server.kill('SIGTERM');
    }
  }, 240_000);
});
