// Offline PIN check: the cashier's PIN is verified with WebCrypto PBKDF2-SHA256 against the
// salted hash synced down in the user's config entry (`pbkdf2$<iterations>$<saltB64>$<hashB64>`).
// Raw PINs never leave this function and are never stored.
export class PinHashFormatError extends Error {
  readonly code = 'pin-hash-format';
  constructor(message: string) {
    super(message);
    this.name = 'PinHashFormatError';
  }
}

export interface PinHash {
  iterations: number;
  salt: Uint8Array<ArrayBuffer>;
  hash: Uint8Array<ArrayBuffer>;
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function parsePinHash(stored: string): PinHash {
  const parts = stored.split('$');
  if (parts.length !== 4 || parts[0] !== 'pbkdf2') throw new PinHashFormatError('PIN hash is not pbkdf2$<iterations>$<salt>$<hash>');
  const iterations = Number(parts[1]);
  if (!Number.isSafeInteger(iterations) || iterations < 1) throw new PinHashFormatError(`bad iteration count ${String(parts[1])}`);
  return { iterations, salt: fromBase64(parts[2] ?? ''), hash: fromBase64(parts[3] ?? '') };
}

/** True when `pin` matches `stored`; constant-time over the derived bytes. */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const { iterations, salt, hash } = parsePinHash(stored);
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, hash.length * 8));
  let diff = bits.length ^ hash.length;
  for (let i = 0; i < hash.length; i++) diff |= (bits[i] ?? 0) ^ (hash[i] ?? 0);
  return diff === 0;
}
