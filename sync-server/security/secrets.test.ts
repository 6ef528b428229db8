import { describe, expect, it } from 'vitest';
import { webcrypto } from 'node:crypto';
import { parsePinHash } from '../../shared/pin-hash-format.ts';
import { hashPassword, hashPin, newToken, passwordHashIsCurrent, sha256Hex, verifyPassword, verifyPin } from './secrets.ts';

describe('secrets', () => {
  it('verifies a password against its scrypt hash and refuses another', async () => {
    const stored = await hashPassword('correct horse');
    expect(stored).toMatch(/^scrypt\$/);
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('wrong', stored)).toBe(false);
  });

  it("hashes passwords at OWASP's minimum scrypt cost, N=2^17, r=8, p=1, and says so in the hash", async () => {
    const stored = await hashPassword('correct horse');
    expect(stored.split('$').slice(0, 4)).toEqual(['scrypt', '131072', '8', '1']);
    expect(passwordHashIsCurrent(stored)).toBe(true);
  });

  it('still verifies a hash made at the older cost (N=2^14), and marks it for re-hashing', async () => {
    const legacy = await hashPassword('old secret', { N: 16384, r: 8, p: 1 });
    expect(legacy).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('old secret', legacy)).toBe(true);
    expect(await verifyPassword('wrong', legacy)).toBe(false);
    expect(passwordHashIsCurrent(legacy)).toBe(false);
  });

  it('refuses malformed hashes and parameters beyond its memory cap instead of throwing', async () => {
    const stored = await hashPassword('x1234');
    const [, , , , salt, hash] = stored.split('$');
    for (const bad of ['', 'plain', `scrypt$1000$8$1$${salt}$${hash}`, `scrypt$${2 ** 20}$8$1$${salt}$${hash}`, `scrypt$131072$8$1$${salt}$`]) {
      expect(await verifyPassword('x1234', bad), bad).toBe(false);
      expect(passwordHashIsCurrent(bad)).toBe(false);
    }
  });

  it('salts passwords: the same password hashes differently', async () => {
    expect(await hashPassword('x')).not.toBe(await hashPassword('x'));
  });

  it('makes PIN hashes that a till can verify with WebCrypto PBKDF2', async () => {
    const stored = hashPin('1234');
    expect(verifyPin('1234', stored)).toBe(true);
    expect(verifyPin('4321', stored)).toBe(false);
    const parts = parsePinHash(stored);
    expect(parts.iterations).toBe(100_000);
    const key = await webcrypto.subtle.importKey('raw', new TextEncoder().encode('1234'), 'PBKDF2', false, ['deriveBits']);
    const bits = await webcrypto.subtle.deriveBits(
      { name: 'PBKDF2', hash: 'SHA-256', salt: Buffer.from(parts.saltBase64, 'base64'), iterations: parts.iterations },
      key,
      256,
    );
    expect(Buffer.from(bits).toString('base64')).toBe(parts.hashBase64);
  });

  it('makes 256-bit tokens and stores them as SHA-256 hex', () => {
    const token = newToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(sha256Hex(token)).toMatch(/^[0-9a-f]{64}$/);
  });
});
