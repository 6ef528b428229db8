// Hashing of every secret the server keeps.
// - Device and session tokens: 32 random bytes, stored as SHA-256. A fast hash is enough for
//   256-bit random secrets (no dictionary to try), and it lets us look a token up by its hash.
// - User passwords: scrypt with a random salt (slow, memory-hard) because people choose them.
// - Cashier PINs: PBKDF2-SHA256 in the shared format, because tills verify them offline with
//   WebCrypto, which offers PBKDF2 but not scrypt.
import { createHash, pbkdf2Sync, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { formatPinHash, parsePinHash, PIN_HASH_ITERATIONS, PIN_KEY_BYTES, PIN_SALT_BYTES } from '../../shared/pin-hash-format.ts';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;

const SCRYPT = { N: 16384, r: 8, p: 1, keyLen: 32 };

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, SCRYPT.keyLen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return timingSafeEqual(key, expected);
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
