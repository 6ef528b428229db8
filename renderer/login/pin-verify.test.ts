import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PinHashFormatError, verifyPin } from './pin-verify.ts';

function hashPin(pin: string, iterations = 1000): string {
  const salt = randomBytes(16);
  const hash = pbkdf2Sync(pin, salt, iterations, 32, 'sha256');
  return `pbkdf2$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

describe('offline PIN verification', () => {
  it('accepts the right PIN and refuses a wrong one against a server-made hash', async () => {
    const stored = hashPin('1234');
    expect(await verifyPin('1234', stored)).toBe(true);
    expect(await verifyPin('1235', stored)).toBe(false);
  });

  it('rejects a malformed hash with a named error', async () => {
    await expect(verifyPin('1234', 'sha1$x')).rejects.toBeInstanceOf(PinHashFormatError);
  });
});
