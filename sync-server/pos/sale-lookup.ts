// Finding a past till sale for a return at another till (GET /api/till/sales/lookup, docs/till.md
// "Returns"): by the receipt code's sale id, by a receipt number, or by a bare number typed without
// the till prefix — answered only when exactly one sale matches — with every return already
// applied against it, from any till. Any store of the company may take the return when it sells in
// the same currency: the server books a return at the till that takes it (stock back into that
// store, its session and journal) and judges over-returns by the original sale wherever it was
// sold (return-checks.ts); a sale in another currency would put foreign money into this store's
// drawer and books, so it goes back where it was sold (docs/ledger.md).
import type { Sale } from '../../shared/schemas/index.ts';
import { saleReference, type SaleReference } from '../../shared/receipt/index.ts';
import { SALE_LOOKUP_REFUSALS, type SaleLookupAnswer } from '../../shared/till-api/sale-lookup.ts';
import type { Queryable } from '../db/db.ts';
import type { DeviceIdentity } from '../devices/identity.ts';
import { HttpError, notFound } from '../http/errors.ts';

/**
 * Sales of any till matching a receipt number or a seq, at most two (two say it is ambiguous).
 * Receipt numbers and seqs are unique per till only: the (till_id, …) indexes are probed till by
 * till rather than scanning every sale or indexing every sale once more.
 */
async function byTill(q: Queryable, column: 'receipt_no' | 'seq', value: string | number): Promise<Candidate[]> {
  return q.query<Candidate>(
    `SELECT s.id, s.receipt_no FROM devices d
     CROSS JOIN LATERAL (SELECT id, receipt_no FROM pos_sales WHERE till_id = d.id AND ${column} = $1 LIMIT 2) s
     WHERE d.role = 'till' LIMIT 2`,
    [value],
  );
}

interface Candidate {
  id: string;
  receipt_no: string;
}

/** The sales `ref` may name, most precise reading first; the first reading that matches wins. */
async function candidates(q: Queryable, ref: SaleReference): Promise<Candidate[]> {
  const byId = await q.query<Candidate>('SELECT id, receipt_no FROM pos_sales WHERE id = $1', [ref.saleId]);
  if (byId.length > 0) return byId;
  if (ref.tillId) {
    const printed = await q.query<Candidate>('SELECT id, receipt_no FROM pos_sales WHERE till_id = $1 AND receipt_no = $2 LIMIT 2', [ref.tillId, ref.receiptNo]);
    if (printed.length > 0) return printed;
  }
  const byNumber = await byTill(q, 'receipt_no', ref.receiptNo);
  if (byNumber.length > 0 || ref.seq === undefined) return byNumber;
  return byTill(q, 'seq', ref.seq);
}

interface Found {
  payload: Sale;
  till_name: string;
  site_code: string;
  site_name: string;
  time_zone: string;
}

/** The sale `text` names and its returns, for a till of `device`'s store to take back. */
export async function lookUpSale(q: Queryable, device: DeviceIdentity, text: string): Promise<SaleLookupAnswer> {
  const ref = saleReference(text);
  const matches = ref ? await candidates(q, ref) : [];
  const typed = text.trim();
  const [match] = matches;
  if (!match) throw notFound(`No sale ${typed} at any till: check the number, or scan the code on the receipt.`);
  if (matches.length > 1) {
    const printed = [...new Set(matches.map((m) => m.receipt_no))].join(', ');
    throw new HttpError(409, SALE_LOOKUP_REFUSALS.ambiguous, `More than one till printed a receipt ${typed} (${printed}): scan the code on the receipt, or type the whole receipt number printed on it.`);
  }
  const [found] = await q.query<Found>(
    `SELECT e.payload, d.name AS till_name, s.code AS site_code, s.name AS site_name, s.time_zone
     FROM events e JOIN devices d ON d.id = e.device_id JOIN sites s ON s.id = e.site_id
     WHERE e.id = $1 AND e.collection = 'sales'`,
    [match.id],
  );
  if (!found) throw new Error(`sale ${match.id} is projected but its event is missing`);
  const sale = found.payload;
  const [here] = await q.query<{ currency: string }>('SELECT currency FROM sites WHERE id = $1', [device.siteId]);
  if (here && here.currency !== sale.currency) {
    throw new HttpError(409, SALE_LOOKUP_REFUSALS.otherCurrency, `Receipt ${sale.receiptNo} was sold at ${found.site_name} in ${sale.currency}: return it there.`);
  }
  const returns = await q.query<{ payload: Sale }>(
    `SELECT e.payload FROM events e
     WHERE e.id IN (SELECT sale_id FROM pos_sale_lines WHERE return_of_sale_id = $1) AND e.collection = 'sales'
     ORDER BY e.received_at, e.id`,
    [sale.id],
  );
  return {
    sale,
    returns: returns.map((r) => r.payload),
    soldAt: { tillName: found.till_name, siteCode: found.site_code, siteName: found.site_name, timeZone: found.time_zone },
  };
}
