// Where POS stock moves start and end for a site: its main stock location (the internal
// location directly under the site's root), and its virtual customer and scrap locations.
import type { Queryable } from '../db/db.ts';

export interface SiteLocations {
  stock: string;
  customer: string;
  scrap: string;
}

export class SiteSetupError extends Error {
  readonly code = 'SITE_SETUP';
  constructor(message: string) {
    super(message);
    this.name = 'SiteSetupError';
  }
}

export async function siteLocations(q: Queryable, siteId: string): Promise<SiteLocations> {
  const rows = await q.query<{ usage: string; id: string }>(
    `SELECT usage, id FROM locations WHERE site_id = $1 AND usage IN ('customer', 'scrap')
     UNION ALL
     (SELECT 'stock', l.id FROM locations l JOIN locations root ON root.id = l.parent_id AND root.parent_id IS NULL
      WHERE l.site_id = $1 AND l.usage = 'internal' ORDER BY l.full_name LIMIT 1)`,
    [siteId],
  );
  const by = new Map(rows.map((r) => [r.usage, r.id]));
  const stock = by.get('stock');
  const customer = by.get('customer');
  const scrap = by.get('scrap');
  if (!stock || !customer || !scrap) throw new SiteSetupError(`site ${siteId} lacks a stock, customer or scrap location`);
  return { stock, customer, scrap };
}
