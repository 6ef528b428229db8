// The hash of a sale (PROTOCOL.md "Sale document"):
//   hash = hex SHA-256 of UTF-8( prevHash + JCS(document without `hash`) )
// JCS is RFC 8785 canonical JSON, so the hash does not depend on key order or on how a
// platform serialises numbers. The till computes it when sealing, the server when verifying.
import canonicalize from 'canonicalize';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Sale } from '../schemas/sale.ts';
import { ZERO_HASH } from '../schemas/common.ts';
import { SaleNotHashableError } from './chain-errors.ts';

/** `prevHash` of the first sale of every till (seq 1): 64 zeros. */
export const GENESIS_HASH: string = ZERO_HASH;

/** A sale with or without its `hash` (the field is ignored when present). */
export type HashableSale = Omit<Sale, 'hash'> & { hash?: string };

/**
 * RxDB bookkeeping that can ride along on a stored or replicated document (`_deleted` is in every
 * push's `newDocumentState`). It is not part of the sale, so it never enters the hash.
 */
const STORAGE_FIELDS: ReadonlySet<string> = new Set(['_deleted', '_rev', '_meta', '_attachments']);

/**
 * The exact text that is hashed: `prevHash` followed by the canonical JSON of the sale without `hash`.
 * `canonical` is RFC 8785 JCS; the server passes a faster one that writes the same text for the
 * values it accepts (sync-server/events/canonical-json.ts).
 */
export function saleHashInput(doc: HashableSale, canonical: (value: unknown) => string | undefined = canonicalize): string {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (key !== 'hash' && !STORAGE_FIELDS.has(key)) body[key] = value;
  }
  let json: string | undefined;
  try {
    json = canonical(body);
  } catch (cause) {
    throw new SaleNotHashableError(`sale ${String(doc.id)} cannot be canonicalised: ${String(cause)}`, { cause });
  }
  if (json === undefined) throw new SaleNotHashableError(`sale ${String(doc.id)} has no JSON form`);
  return doc.prevHash + json;
}

/** Hex SHA-256 (lowercase, 64 chars) of `prevHash + JCS(doc without hash)`. */
export function hashSale(doc: HashableSale): string {
  return bytesToHex(sha256(utf8ToBytes(saleHashInput(doc))));
}

/** The first 8 hex digits of a hash, as printed on receipts. */
export function shortHash(hash: string): string {
  return hash.slice(0, 8);
}
