// The CLI while a server runs on the same embedded database (issue 13 points 1–3): real processes
// on one PGlite data directory. The server owns the directory; CLI commands go through it, so a
// pairing code it prints pairs a device, a user it adds logs in, a device it revokes is locked out
// at once (next pull 401, stream closed); a second `serve` refuses; a lock left by a killed server
// does not block the next command. No test here opens the directory from two processes.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diesWithThisProcess } from '../support/server-process.ts';

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'aisle-cli-server-'));
const env: NodeJS.ProcessEnv = { ...process.env, AISLE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
delete env.DATABASE_URL;
const cli = ['--import', 'tsx', 'sync-server/cli/main.ts'];

async function aisle(...args: string[]): Promise<{ code: number; json: Record<string, unknown>; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...cli, ...args, '--json'], { env, cwd: process.cwd() });
    return { code: 0, json: JSON.parse(stdout.trim().split('\n').pop() ?? 'null') as Record<string, unknown>, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, json: JSON.parse(e.stdout.trim().split('\n').pop() || 'null') as Record<string, unknown>, stderr: e.stderr };
  }
}

/** `aisle serve --port 0` in its own process group; resolves with its URL once it listens. */
function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(...diesWithThisProcess(process.execPath, [...cli, 'serve', '--port', '0', '--json']), { env, cwd: process.cwd(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"url"'));
      if (line) resolve({ child, url: (JSON.parse(line) as { url: string }).url });
    });
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    process.kill(-(child.pid as number), signal);
  });
}

async function api(url: string, path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url + path, { method: init.method ?? (init.body === undefined ? 'GET' : 'POST'), headers, ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

describe('CLI against a running server on PGlite', () => {
  let server: { child: ChildProcess; url: string };

  beforeAll(async () => {
    const seed = await aisle('seed', '--demo', '--products', '20');
    expect(seed.code).toBe(0);
    server = await startServer();
  }, 240_000);

  afterAll(async () => {
    if (server) await killGroup(server.child, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the operator token in a lock file only its owner can read', () => {
    const lock = JSON.parse(readFileSync(join(dataDir, 'aisle.lock'), 'utf8')) as { url: string; token: string; kind: string };
    expect(lock).toMatchObject({ kind: 'server', url: server.url, token: expect.any(String) });
    expect(statSync(join(dataDir, 'aisle.lock')).mode & 0o077).toBe(0);
  });

  it('refuses a second serve on the same data directory, saying what to do', async () => {
    const second = await aisle('serve', '--port', '0');
    expect(second.code).not.toBe(0);
    expect(second.stderr).toMatch(/already running on the data directory/);
    expect(second.stderr).toMatch(/stop that server first/);
    expect((await api(server.url, '/api/health')).status).toBe(200);
  }, 120_000);

  it('pair: the printed code pairs a device with the running server', async () => {
    const pair = await aisle('pair', '--role', 'till', '--site', 'STORE1');
    expect(pair.code).toBe(0);
    const paired = await api(server.url, '/api/devices/pair', { body: { code: pair.json.code, name: 'Till from CLI' } });
    expect(paired.status).toBe(200);
    expect(paired.body).toMatchObject({ role: 'till', token: expect.any(String) });
  }, 120_000);

  it('user add: the new user logs in to the running server, and the audit log names the operator', async () => {
    const user = await aisle('user', 'add', '--username', 'nina', '--password', 'secret-1', '--role', 'admin');
    expect(user.code).toBe(0);
    expect(user.json).toMatchObject({ username: 'nina', role: 'admin' });
    const login = await api(server.url, '/api/auth/login', { body: { username: 'nina', password: 'secret-1' } });
    expect(login.status).toBe(200);
    const audit = await api(server.url, '/api/admin/audit?entity=user', { token: login.body.token as string });
    expect(audit.status).toBe(200);
    expect(audit.body.entries).toEqual(expect.arrayContaining([expect.objectContaining({ actor: 'operator (CLI)', action: 'user.create', summary: 'added admin nina' })]));
  }, 120_000);

  it('user disable/enable, user pin, device rename and list: through the running server, with the same answers', async () => {
    expect((await aisle('user', 'disable', '--username', 'nina')).json).toMatchObject({ username: 'nina', active: false });
    const refused = await api(server.url, '/api/auth/login', { body: { username: 'nina', password: 'secret-1' } });
    expect(refused).toMatchObject({ status: 401, body: { error: 'account_disabled' } });
    expect((await aisle('user', 'enable', '--username', 'nina')).json).toMatchObject({ active: true });
    expect((await api(server.url, '/api/auth/login', { body: { username: 'nina', password: 'secret-1' } })).status).toBe(200);
    const selfless = await aisle('user', 'pin', '--username', 'sam', '--pin', '12');
    expect(selfless.code).not.toBe(0);
    expect(selfless.stderr).toMatch(/Pin must be 4 to 8 digits/);
    expect((await aisle('user', 'pin', '--username', 'alice', '--pin', '9876')).json).toMatchObject({ username: 'alice', hasPin: true });

    const pair = await aisle('pair', '--role', 'till', '--site', 'STORE1');
    const device = (await api(server.url, '/api/devices/pair', { body: { code: pair.json.code, name: 'Till unnamed' } })).body as { deviceId: string };
    expect((await aisle('device', 'rename', '--id', device.deviceId, '--name', 'Till by the door')).json).toMatchObject({ id: device.deviceId, name: 'Till by the door' });
    const list = await aisle('device', 'list');
    expect(list.json.devices).toEqual(expect.arrayContaining([expect.objectContaining({ id: device.deviceId, name: 'Till by the door', lastSyncAt: null })]));
    const users = await aisle('user', 'list');
    expect(users.json.users).toEqual(expect.arrayContaining([expect.objectContaining({ username: 'nina', active: true, role: 'admin' })]));
  }, 300_000);

  it('device revoke: the next pull is 401 and the open stream closes, without a restart', async () => {
    const pair = await aisle('pair', '--role', 'till', '--site', 'STORE1');
    const device = (await api(server.url, '/api/devices/pair', { body: { code: pair.json.code, name: 'Till to revoke' } })).body as { deviceId: string; token: string };
    expect((await api(server.url, '/api/sync/products/pull?limit=1', { token: device.token })).status).toBe(200);

    const stream = await fetch(`${server.url}/api/sync/stream`, { headers: { authorization: `Bearer ${device.token}` } });
    expect(stream.status).toBe(200);
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('RESYNC');
    let ended = false;
    const drained = (async () => {
      for (;;) {
        const { done } = await reader.read();
        if (done) return (ended = true);
      }
    })();

    const revoke = await aisle('device', 'revoke', '--id', device.deviceId);
    expect(revoke.code).toBe(0);
    expect(revoke.json).toEqual({ revoked: device.deviceId });
    expect((await api(server.url, '/api/sync/products/pull?limit=1', { token: device.token })).status).toBe(401);
    // The server's heartbeat is 15 s: a close within 10 s comes from the revocation itself.
    await Promise.race([drained, new Promise((r) => setTimeout(r, 10_000))]);
    expect(ended).toBe(true);

    const again = await aisle('device', 'revoke', '--id', device.deviceId);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/no active device/);
  }, 120_000);

  it('a lock left by a killed server does not block the next command', async () => {
    await killGroup(server.child, 'SIGKILL');
    const report = await aisle('reconcile');
    expect(report.code).toBe(0);
    expect(report.json).toMatchObject({ ok: true });
    // The revocation made through the server survived it.
    const restarted = await startServer();
    server = restarted;
    const admin = await api(server.url, '/api/auth/login', { body: { username: 'admin', password: 'admin' } });
    const devices = await api(server.url, '/api/admin/devices', { token: admin.body.token as string });
    expect(devices.body.devices).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Till to revoke', revokedAt: expect.any(String) })]));
  }, 240_000);
});
