import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatPinHash, parsePinHash, PinHashFormatError } from './pin-hash-format.ts';

describe('pin hash format', () => {
  it('parses what it formats', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.uint8Array({ minLength: 1, maxLength: 64 }), (iterations, salt, hash) => {
        const parts = { iterations, saltBase64: btoa(String.fromCharCode(...salt)), hashBase64: btoa(String.fromCharCode(...hash)) };
        expect(parsePinHash(formatPinHash(parts))).toEqual(parts);
      }),
    );
  });

  it('refuses other schemes and malformed fields', () => {
    for (const bad of ['scrypt$1$a$b', 'pbkdf2$0$AA==$AA==', 'pbkdf2$10$AA==', 'pbkdf2$x$AA==$AA==', 'pbkdf2$10$!!$AA==']) {
      expect(() => parsePinHash(bad)).toThrow(PinHashFormatError);
    }
  });
});
