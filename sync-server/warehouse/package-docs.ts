// Packages as their warehouse's stations see them: one config entry (kind 'package') per package,
// with where it is and what the books say it holds, so a station shows a scanned package's
// contents and moves it offline. Republished whenever a package's place or contents change.
import type { Tx } from '../db/db.ts';
import { publishQuery } from '../feed/publish.ts';

/** Publishes packages to their warehouse's stations: where each is and what it holds (the caller holds the feed lock). */
export async function publishPackages(tx: Tx, ssccs: readonly string[]): Promise<void> {
  if (ssccs.length === 0) return;
  await publishQuery(
    tx,
    'config',
    `SELECT 'pkg:' || md5(p.sscc) AS id, 'site:' || p.site_id AS scope,
            jsonb_build_object('id', 'pkg:' || md5(p.sscc), 'kind', 'package', 'updatedAt', to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'data', jsonb_build_object('sscc', p.sscc, 'locationId', p.location_id, 'contents',
                (SELECT coalesce(jsonb_agg(jsonb_build_object('productId', c.product_id, 'lot', c.lot, 'qty', c.qty::float8) ORDER BY c.product_id, c.lot), '[]'::jsonb)
                 FROM package_contents c WHERE c.sscc = p.sscc))) AS doc
     FROM packages p WHERE p.sscc = ANY($1::text[])`,
    [[...ssccs]],
  );
}
