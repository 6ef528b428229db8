// RFC 8785 canonical JSON (JCS) on the server's hot paths: the fingerprint of every pushed event,
// the hash check of every pushed sale, the request hash of every channel order. The server only
// canonicalises values that passed `unstorableReason` (db/storable-json.ts): parsed from JSON,
// finite numbers, no lone surrogates, at most 32 levels deep. On that domain safe-stable-stringify
// writes exactly what JCS does — object keys sorted by UTF-16 code units, numbers and strings as
// ECMAScript's JSON.stringify writes them — at about twice the speed of `canonicalize`, which walks
// every string again for lone surrogates and tracks cycles in a Set (24 µs → 11 µs for a five-line
// sale; canonicalisation was 13 % of the server's CPU in `npm run bench -- pos`). `strict` makes it
// throw, as `canonicalize` does, on what JSON cannot hold (NaN, Infinity, functions) and on cycles.
// The till keeps `canonicalize` (shared/chain/hash-sale.ts): it seals what it builds itself and must
// refuse a lone surrogate. Tested against `canonicalize` on generated JSON (canonical-json.test.ts).
import { configure } from 'safe-stable-stringify';

const stringify = configure({ strict: true, circularValue: Error, deterministic: true });

/** JCS of a storable JSON value (see above); '' for a value JSON has no text for (undefined). */
export function canonicalJson(value: unknown): string {
  return stringify(value) ?? '';
}
