// Hashing of every secret the server keeps.
// - Device and session tokens: 32 random bytes, stored as SHA-256. A fast hash is enough for
//   256-bit random secrets (no dictionary to try), and it lets us look a token up by its hash.
// - User passwords: scrypt with a random salt (slow, memory-hard) because people choose them, at
//   OWASP's minimum N=2^17, r=8, p=1 (~0.3 s and 128 MiB per hash here). The parameters are part of
//   each stored hash, so older hashes (N=2^14) still verify and are re-hashed at the next login.
//   At most two hashes run at once, so a burst of logins cannot take more than ~256 MiB.
// - Cashier PINs: PBKDF2-SHA256 in the shared format, because tills verify them offline with
//   WebCrypto, which offers PBKDF2 but not scrypt.
import { hash, pbkdf2Sync, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import pLimit from 'p-limit';
import { formatPinHash, parsePinHash, PIN_HASH_ITERATIONS, PIN_KEY_BYTES, PIN_SALT_BYTES } from '../../shared/pin-hash-format.ts';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;

export const SCRYPT = { N: 2 ** 17, r: 8, p: 1, keyLen: 32 } as const;
/** N=2^17, r=8 needs 128 MiB (128·N·r bytes); Node's default cap is 32 MiB. Hashes asking for more are refused. */
const SCRYPT_MAXMEM = 256 * 1024 * 1024;
const hashing = pLimit(2);

interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

function scryptKey(password: string, salt: Buffer, keyLen: number, params: ScryptParams): Promise<Buffer> {
  return hashing(() => scryptAsync(password, salt, keyLen, { ...params, maxmem: SCRYPT_MAXMEM }));
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** One-shot (crypto.hash): about a third of createHash().update().digest()'s time for a short text — it runs on every channel order and device request. */
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

export async function hashPassword(password: string, params: ScryptParams = SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptKey(password, salt, SCRYPT.keyLen, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** `scrypt$N$r$p$salt$hash` with sane numbers (a power-of-two N within the memory cap), else null. */
function parsePasswordHash(stored: string): (ScryptParams & { salt: Buffer; hash: Buffer }) | null {
  const m = /^scrypt\$([0-9]{1,8})\$([0-9]{1,3})\$([0-9]{1,3})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!m) return null;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (N < 2 || (N & (N - 1)) !== 0 || r < 1 || p < 1 || p > 16 || 128 * N * r > SCRYPT_MAXMEM / 2) return null;
  return { N, r, p, salt: Buffer.from(m[4] ?? '', 'base64'), hash: Buffer.from(m[5] ?? '', 'base64') };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  if (!parsed || parsed.hash.length === 0) return false;
  const key = await scryptKey(password, parsed.salt, parsed.hash.length, parsed);
  return timingSafeEqual(key, parsed.hash);
}

/** False for a hash made with other (older) parameters: the next successful login re-hashes it. */
export function passwordHashIsCurrent(stored: string): boolean {
  const parsed = parsePasswordHash(stored);
  return parsed !== null && parsed.N === SCRYPT.N && parsed.r === SCRYPT.r && parsed.p === SCRYPT.p && parsed.hash.length === SCRYPT.keyLen;
}

export function hashPin(pin: string, iterations = PIN_HASH_ITERATIONS): string {
  const salt = randomBytes(PIN_SALT_BYTES);
  const key = pbkdf2Sync(pin, salt, iterations, PIN_KEY_BYTES, 'sha256');
  return formatPinHash({ iterations, saltBase64: salt.toString('base64'), hashBase64: key.toString('base64') });
}

export function verifyPin(pin: string, stored: string): boolean {
  const parts = parsePinHash(stored);
  const expected = Buffer.from(parts.hashBase64, 'base64');
  const key = pbkdf2Sync(pin, Buffer.from(parts.saltBase64, 'base64'), parts.iterations, expected.length, 'sha256');
  return timingSafeEqual(key, expected);
}
