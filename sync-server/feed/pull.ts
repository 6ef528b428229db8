// Reading the change feed: one indexed range scan on (collection, change_seq) — for stock, on
// quants (change_seq) — filtered by the device's scopes. The page is turned into JSON inside PostgreSQL and sent as is, so the server
// never parses and re-serialises the documents.
import type { Queryable } from '../db/db.ts';

export interface Checkpoint {
  seq: number;
}

export const MAX_PULL_LIMIT = 10_000;

export function parseCheckpoint(raw: unknown): Checkpoint {
  if (raw === undefined || raw === null || raw === '') return { seq: 0 };
  const value: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
  if (typeof value === 'object' && value !== null && 'seq' in value && Number.isSafeInteger(value.seq) && (value.seq as number) >= 0) {
    return { seq: value.seq as number };
  }
  throw new TypeError('checkpoint must be {"seq": <non-negative integer>}');
}

/** Returns the response body `{"documents":[…],"checkpoint":{"seq":n}}` as a JSON string. */
export async function pullPage(db: Queryable, collection: string, scopes: readonly string[], since: Checkpoint, limit: number): Promise<string> {
  // Stock documents are read from quants (stock_docs view, migration 050); the rest from
  // replicated_docs. Both number their changes from the same feed sequence.
  const page =
    collection === 'stock'
      ? `SELECT doc, false AS deleted, change_seq FROM stock_docs
         WHERE $1 = 'stock' AND change_seq > $2 AND scope = ANY($3::text[])
         ORDER BY change_seq LIMIT $4`
      : `SELECT doc, deleted, change_seq FROM replicated_docs
         WHERE collection = $1 AND change_seq > $2 AND scope = ANY($3::text[])
         ORDER BY change_seq LIMIT $4`;
  const [row] = await db.query<{ docs: string | null; last: number | null }>(
    `WITH page AS (${page})
     SELECT json_agg(doc || jsonb_build_object('_deleted', deleted) ORDER BY change_seq)::text AS docs,
            max(change_seq) AS last
     FROM page`,
    [collection, since.seq, [...scopes], limit],
  );
  const docs = row?.docs ?? '[]';
  const seq = row?.last ?? since.seq;
  return `{"documents":${docs},"checkpoint":{"seq":${seq}}}`;
}
