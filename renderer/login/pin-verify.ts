// Offline PIN check: the cashier's PIN is verified with WebCrypto PBKDF2-SHA256 against the
// salted hash synced down in the user's config entry (`pbkdf2$<iterations>$<saltB64>$<hashB64>`).
// Raw PINs never leave this function and are never stored. The text format is shared/pin-hash-format.ts.
import { parsePinHash, PinHashFormatError } from '../../shared/pin-hash-format.ts';
export { PinHashFormatError };

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** True when `pin` matches `stored`; constant-time over the derived bytes. */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const parts = parsePinHash(stored);
  const { iterations } = parts;
  const salt = fromBase64(parts.saltBase64);
  const hash = fromBase64(parts.hashBase64);
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, hash.length * 8));
  let diff = bits.length ^ hash.length;
  for (let i = 0; i < hash.length; i++) diff |= (bits[i] ?? 0) ^ (hash[i] ?? 0);
  return diff === 0;
}
