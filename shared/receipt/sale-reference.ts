// What a cashier typed or scanned to find a past sale, read once for the till's own database and
// the server's lookup (GET /api/till/sales/lookup): a receipt code (`AISLE:R:…`, the sale's id
// and the till that printed it), an `RCT:` receipt barcode, a receipt number (`4F2A1B-000012`),
// a sale id, or a bare number typed without the till prefix (`12`: the till's seq).
import { INT4_MAX } from '../schemas/column-bounds.ts';
import { parseReceiptCode } from './receipt-code.ts';

export interface SaleReference {
  /** The sale's id: the receipt code's, else the text itself (a typed or `RCT:` id). */
  saleId: string;
  /** The receipt number: the code's, else the text itself. */
  receiptNo: string;
  /** The till that printed the receipt (receipt codes only). */
  tillId?: string;
  /** A bare number (`12`, `000012`): the seq of the sale on its till — unique per till only. */
  seq?: number;
}

/** The reference in `text`, or null for blank text. */
export function saleReference(text: string): SaleReference | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const code = parseReceiptCode(trimmed);
  if (code) return { saleId: code.saleId, receiptNo: code.receiptNo, tillId: code.tillId };
  const ref = trimmed.replace(/^RCT:/i, '');
  if (!ref) return null;
  // A seq never passes the column that holds it (pos_sales.seq is an integer).
  const digits = /^0*(\d{1,10})$/.exec(ref)?.[1];
  const seq = digits ? Number(digits) : 0;
  return { saleId: ref, receiptNo: ref, ...(seq >= 1 && seq <= INT4_MAX ? { seq } : {}) };
}
