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

/**
 * Availability documents (one per product, company-wide) are made from quants when they are pulled:
 * a product's document is numbered with the last change of any of its quants, the page is the
 * `limit` products whose last change is oldest after the checkpoint, each sent as it stands now
 * (what each site has: on hand − reserved over its internal locations). A product whose last
 * change is at or below the page's checkpoint had all its changes there, so nothing is skipped;
 * a page with fewer than `limit` documents is the end, as for every collection.
 */
const availabilityPage = `
  SELECT jsonb_build_object('id', k.product_id, 'productId', k.product_id, 'sites', coalesce((
      SELECT jsonb_agg(jsonb_build_object('siteId', si.id, 'code', si.code, 'name', si.name, 'kind', si.kind,
               'available', greatest(a.available, 0)) ORDER BY si.kind DESC, si.code)
      FROM (SELECT l.site_id, sum(q.on_hand - q.reserved) AS available FROM quants q JOIN locations l ON l.id = q.location_id AND l.usage = 'internal'
            WHERE q.product_id = k.product_id GROUP BY l.site_id) a JOIN sites si ON si.id = a.site_id), '[]'::jsonb)) AS doc,
    false AS deleted, k.change_seq
  FROM (SELECT product_id, max(change_seq) AS change_seq FROM quants
        WHERE $1 = 'availability' AND change_seq > $2 AND 'all' = ANY($3::text[])
        GROUP BY product_id ORDER BY 2 LIMIT $4) k`;

/** Returns the response body `{"documents":[…],"checkpoint":{"seq":n}}` as a JSON string. */
export async function pullPage(db: Queryable, collection: string, scopes: readonly string[], since: Checkpoint, limit: number): Promise<string> {
  // Stock documents are read from quants (stock_docs view, migration 050); the rest from
  // replicated_docs. Both number their changes from the same feed sequence.
  const page =
    collection === 'availability'
      ? availabilityPage
      : collection === 'stock'
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
