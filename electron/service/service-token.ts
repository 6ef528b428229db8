// The hardware service's per-install token: 32 random bytes in a file only the user can read,
// made on first start. A page must present it to talk to the printer, so another local web page
// (or another user's process) cannot print or open the drawer.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const TOKEN_FILE = 'hardware-service.token';

export class TokenFileError extends Error {
  readonly code = 'token-file';
  constructor(message: string) {
    super(message);
    this.name = 'TokenFileError';
  }
}

export async function loadOrCreateToken(dir: string): Promise<string> {
  const file = join(dir, TOKEN_FILE);
  try {
    const token = (await readFile(file, 'utf8')).trim();
    if (!/^[0-9a-f]{64}$/.test(token)) throw new TokenFileError(`${file} does not hold a 64-hex-digit token; delete it to make a new one`);
    return token;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await mkdir(dir, { recursive: true });
  const token = randomBytes(32).toString('hex');
  await writeFile(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return token;
}

export function tokensEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
