// A pushed document as the server stores it: without the fields RxDB adds to every replicated
// document, and fingerprinted by the SHA-256 of its RFC 8785 canonical JSON, so a retry of the
// same event is recognised whatever key order or replication metadata it arrives with. `raw` has
// passed unstorableReason (apply-batch.ts, apply-push.ts): canonicalJson's domain.
import { sha256Hex } from '../security/secrets.ts';
import { canonicalJson } from './canonical-json.ts';

const REPLICATION_FIELDS = new Set(['_deleted', '_meta', '_rev', '_attachments']);

export function eventDocument(raw: Record<string, unknown>): { doc: Record<string, unknown>; hash: string } {
  const doc = Object.fromEntries(Object.entries(raw).filter(([k]) => !REPLICATION_FIELDS.has(k)));
  return { doc, hash: sha256Hex(canonicalJson(doc)) };
}
