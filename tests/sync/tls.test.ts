// TLS to the devices (issue 14 point 8): `aisle serve --tls` on PGlite makes a self-signed
// certificate on first start (kept in the data directory, reused after a restart), serves only
// https, and gives its SHA-256 fingerprint with the URL and with every pairing code — the CLI's
// `pair`, through the running https server, included.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import type { TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { diesWithThisProcess } from '../support/server-process.ts';

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'aisle-tls-'));
const env: NodeJS.ProcessEnv = { ...process.env, AISLE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
delete env.DATABASE_URL;
delete env.DATABASE_REPLICA_URL;
const cli = ['--import', 'tsx', 'sync-server/cli/main.ts'];
const children: ChildProcess[] = [];

async function aisle(...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, [...cli, ...args, '--json'], { env, cwd: process.cwd() });
  return JSON.parse(stdout.trim().split('\n').pop() ?? 'null') as Record<string, unknown>;
}

function serveTls(): Promise<{ child: ChildProcess; url: string; fingerprint: string }> {
  const child = spawn(...diesWithThisProcess(process.execPath, [...cli, 'serve', '--tls', '--port', '0', '--json']), { env, cwd: process.cwd(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"url"'));
      if (line) resolve({ child, ...(JSON.parse(line) as { url: string; fingerprint: string }) });
    });
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    process.kill(-(child.pid as number), 'SIGKILL');
  });
}

function httpsStatus(url: string, ca: string): Promise<{ status: number; fingerprint: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca }, (res) => {
      const peer = (res.socket as TLSSocket).getPeerCertificate();
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, fingerprint: peer.fingerprint256 }));
    });
    req.on('error', reject);
    req.end();
  });
}

afterAll(async () => {
  await Promise.all(children.map(kill));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('aisle serve --tls', () => {
  it('serves https only, with a self-signed certificate it keeps, and gives its fingerprint with pairing codes', async () => {
    await aisle('seed', '--products', '10');
    const first = await serveTls();
    expect(first.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const cert = readFileSync(join(dataDir, 'tls', 'cert.pem'), 'utf8');
    expect(statSync(join(dataDir, 'tls', 'key.pem')).mode & 0o777).toBe(0o600);
    const fingerprint = new X509Certificate(cert).fingerprint256;
    expect(first.fingerprint).toBe(fingerprint);

    // A client that trusts exactly this certificate talks to it; plain http on the port gets nothing.
    const health = await httpsStatus(`${first.url}/api/health`, cert);
    expect(health).toEqual({ status: 200, fingerprint });
    const plain = await new Promise<string>((resolve) => {
      const req = httpGet(first.url.replace('https:', 'http:') + '/api/health', (res) => resolve(`answered ${res.statusCode}`));
      req.on('error', (e) => resolve(`refused: ${e.message}`));
    });
    expect(plain).not.toBe('answered 200');

    // The CLI reaches the running server over https and prints the fingerprint with the code.
    const paired = await aisle('pair', '--role', 'till', '--site', 'STORE1');
    expect(paired).toMatchObject({ code: expect.stringMatching(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/), fingerprint });

    // A restart presents the same certificate: paired devices keep trusting it.
    await kill(first.child);
    const second = await serveTls();
    expect(second.fingerprint).toBe(fingerprint);
    expect((await httpsStatus(`${second.url}/api/health`, cert)).status).toBe(200);
  }, 180_000);
});
