// The text format of a cashier PIN hash, shared by the server (which makes it) and the tills
// (which verify PINs offline with WebCrypto): `pbkdf2$<iterations>$<saltBase64>$<hashBase64>`,
// PBKDF2-HMAC-SHA256. Pure parse/format only; the hashing lives on each platform.

export const PIN_HASH_ITERATIONS = 100_000;
export const PIN_SALT_BYTES = 16;
export const PIN_KEY_BYTES = 32;

export interface PinHashParts {
  iterations: number;
  /** Standard base64 (with padding) of the salt bytes. */
  saltBase64: string;
  /** Standard base64 (with padding) of the derived key bytes. */
  hashBase64: string;
}

export class PinHashFormatError extends Error {
  readonly code = 'pin_hash_format';
  constructor(message: string) {
    super(message);
    this.name = 'PinHashFormatError';
  }
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function formatPinHash(parts: PinHashParts): string {
  if (!Number.isInteger(parts.iterations) || parts.iterations < 1) throw new PinHashFormatError('iterations must be a positive integer');
  if (!BASE64.test(parts.saltBase64) || !BASE64.test(parts.hashBase64)) throw new PinHashFormatError('salt and hash must be base64');
  return `pbkdf2$${parts.iterations}$${parts.saltBase64}$${parts.hashBase64}`;
}

export function parsePinHash(text: string): PinHashParts {
  const fields = text.split('$');
  if (fields.length !== 4 || fields[0] !== 'pbkdf2') throw new PinHashFormatError('expected pbkdf2$<iterations>$<salt>$<hash>');
  const [, iter = '', saltBase64 = '', hashBase64 = ''] = fields;
  if (!/^[1-9][0-9]{0,9}$/.test(iter)) throw new PinHashFormatError('iterations must be a positive integer');
  if (!BASE64.test(saltBase64) || !BASE64.test(hashBase64)) throw new PinHashFormatError('salt and hash must be base64');
  return { iterations: Number(iter), saltBase64, hashBase64 };
}
