// Serial numbers: one place at a time. Every validated move of a serial-numbered unit books the
// serial where the unit went; a serial taken from another place than the books say, or received
// while the books still hold it in stock, becomes an exception (the goods moved all the same).
import type { Tx } from '../db/db.ts';
import type { WorkContext } from './work-context.ts';

export interface SerialMove {
  productId: string;
  serial: string;
  lot: string;
  qty: number;
  fromLocationId: string;
  toLocationId: string;
  eventId?: string;
}

interface Place {
  location_id: string;
  full_name: string;
  usage: string;
}

async function placeOf(tx: Tx, productId: string, serial: string): Promise<Place | undefined> {
  const [row] = await tx.query<Place>(
    `SELECT s.location_id, l.full_name, l.usage FROM serials s JOIN locations l ON l.id = s.location_id
     WHERE s.product_id = $1 AND s.serial = $2 FOR UPDATE OF s`,
    [productId, serial],
  );
  return row;
}

export async function trackSerial(ctx: WorkContext, m: SerialMove): Promise<void> {
  const { tx } = ctx;
  const [product] = await tx.query<{ name: string }>('SELECT name FROM products WHERE id = $1', [m.productId]);
  const name = product?.name ?? m.productId;
  if (m.qty !== 1) {
    ctx.problems.push({ code: 'serial_quantity', message: `${name} serial ${m.serial} was moved ${m.qty} times at once: one serial is one unit`, severity: 'warning' });
  }
  const known = await placeOf(tx, m.productId, m.serial);
  const [from] = await tx.query<{ usage: string; full_name: string }>('SELECT usage, full_name FROM locations WHERE id = $1', [m.fromLocationId]);
  if (known && known.location_id !== m.fromLocationId) {
    if (known.usage === 'internal' && from?.usage !== 'internal') {
      ctx.problems.push({ code: 'serial_in_stock', message: `${name} serial ${m.serial} arrived from ${from?.full_name ?? 'outside'} but the books have it in stock at ${known.full_name}: check for a duplicate label`, severity: 'warning' });
    } else if (known.usage === 'internal') {
      ctx.problems.push({ code: 'serial_elsewhere', message: `${name} serial ${m.serial} was booked at ${known.full_name} but taken from ${from?.full_name ?? 'another place'}; the books now follow the goods`, severity: 'warning' });
    }
  }
  await tx.query(
    `INSERT INTO serials (product_id, serial, location_id, lot, event_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (product_id, serial) DO UPDATE SET location_id = EXCLUDED.location_id, lot = EXCLUDED.lot, event_id = EXCLUDED.event_id, updated_at = now()`,
    [m.productId, m.serial, m.toLocationId, m.lot, m.eventId ?? null],
  );
}

/** Where a serial is now (full location name), or null when the books never saw it. */
export async function serialLocation(tx: Tx, productId: string, serial: string): Promise<string | null> {
  const [row] = await tx.query<{ full_name: string }>('SELECT l.full_name FROM serials s JOIN locations l ON l.id = s.location_id WHERE s.product_id = $1 AND s.serial = $2', [productId, serial]);
  return row?.full_name ?? null;
}
