// GET /api/stock?productId=… : on hand / reserved / available per location. A device sees its
// own site only; a manager/admin session sees every site.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/db.ts';
import { authenticateDevice, authenticateUser, bearerToken } from '../auth.ts';
import { badRequest } from '../errors.ts';
import { isOperatorRequest } from '../../admin/actor.ts';

interface StockRow {
  site_code: string;
  location_id: string;
  location: string;
  lot: string;
  expiry: string | null;
  on_hand: number;
  reserved: number;
}

async function siteFilter(db: Db, req: FastifyRequest): Promise<string | null> {
  if (isOperatorRequest(req)) return null;
  // A device token and a session token look alike: try the device first, then the session.
  if (bearerToken(req)) {
    try {
      return (await authenticateDevice(db, req)).siteId;
    } catch (err) {
      req.log.debug({ err }, 'not a device token; trying a user session');
    }
  }
  await authenticateUser(db, req);
  return null;
}

export function registerStock(app: FastifyInstance, db: Db): void {
  app.get<{ Querystring: { productId?: string } }>('/api/stock', async (req) => {
    const siteId = await siteFilter(db, req);
    const productId = req.query.productId;
    if (!productId) throw badRequest('productId is required');
    const rows = await db.query<StockRow>(
      `SELECT s.code AS site_code, l.id AS location_id, l.full_name AS location, q.lot,
              to_char(q.expiry, 'YYYY-MM-DD') AS expiry, q.on_hand, q.reserved
       FROM quants q JOIN locations l ON l.id = q.location_id JOIN sites s ON s.id = l.site_id
       WHERE q.product_id = $1 AND ($2::text IS NULL OR l.site_id = $2)
       ORDER BY s.code, l.full_name, q.lot`,
      [productId, siteId],
    );
    const locations = rows.map((r) => ({
      site: r.site_code,
      locationId: r.location_id,
      location: r.location,
      lot: r.lot,
      ...(r.expiry ? { expiry: r.expiry } : {}),
      onHand: r.on_hand,
      reserved: r.reserved,
      available: r.on_hand - r.reserved,
    }));
    const total = (k: 'onHand' | 'reserved' | 'available'): number => locations.reduce((s, l) => s + l[k], 0);
    return { productId, onHand: total('onHand'), reserved: total('reserved'), available: total('available'), locations };
  });
}
