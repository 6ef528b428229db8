// Where `serve` listens, and what it refuses there. By default only this machine can reach it
// (127.0.0.1); `--host`/HOST opens it to the network (0.0.0.0: every address), which is refused
// while a demo account that can log in with a password (admin/admin, manager/manager) keeps its
// demo password — anyone on the LAN could log in as that admin.
import { isIP } from 'node:net';
import type { Db } from '../db/db.ts';
import { verifyPassword } from '../security/secrets.ts';
import { DEMO_USERS } from '../seed/demo-seed.ts';
import { CliError } from './output.ts';

export const DEFAULT_HOST = '127.0.0.1';

/** `--host`, else HOST, else loopback only. */
export function serveHost(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return option || env.HOST || DEFAULT_HOST;
}

export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host === '::1' || host === '[::1]') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/** The demo accounts that still have their demo password (only those that log in with one). */
export async function demoPasswordsInUse(db: Db): Promise<string[]> {
  const demo = DEMO_USERS.filter((u) => u.role === 'admin' || u.role === 'manager');
  const rows = await db.query<{ username: string; password_hash: string }>(
    'SELECT username, password_hash FROM users WHERE username = ANY($1::text[]) AND active AND password_hash IS NOT NULL',
    [demo.map((u) => u.username)],
  );
  const inUse: string[] = [];
  for (const row of rows) {
    const password = demo.find((u) => u.username === row.username)?.password;
    if (password !== undefined && (await verifyPassword(password, row.password_hash))) inUse.push(row.username);
  }
  return inUse.sort();
}

/** Throws, saying how to fix it, when `host` reaches beyond this machine and a demo password is still set. */
export async function refuseDemoPasswordsOnNetwork(db: Db, host: string): Promise<void> {
  if (isLoopbackHost(host)) return;
  const inUse = await demoPasswordsInUse(db);
  if (inUse.length === 0) return;
  const accounts = inUse.map((u) => `${u}/${u}`).join(' and ');
  const fixes = inUse.map((u) => `  npm run aisle -- user passwd --username ${u} --password '<a new password>'`).join('\n');
  throw new CliError(
    'demo_password',
    `Aisle will not listen on ${host}, where other machines can reach it, while the demo login ${accounts} still works: anyone on the network could sign in with it.\n` +
      `Change ${inUse.length === 1 ? 'that password' : 'those passwords'} first (the server does not need to run):\n${fixes}\n` +
      `or serve on this machine only (without --host or HOST).`,
  );
}
