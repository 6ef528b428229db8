// Finding a past sale on this till: by the receipt code's sale id, or by its receipt number.
import type { Sale } from '../../shared/schemas/index.ts';
import { parseReceiptCode } from '../../shared/receipt/index.ts';
import type { TillDatabase } from '../db/database.ts';

export async function findSale(db: TillDatabase, text: string): Promise<Sale | null> {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const code = parseReceiptCode(trimmed);
  const byId = await db.sales.findOne(code?.saleId ?? trimmed).exec();
  if (byId) return byId.toMutableJSON();
  const receiptNo = code?.receiptNo ?? trimmed.replace(/^RCT:/i, '');
  const byNo = await db.sales.findOne({ selector: { receiptNo } }).exec();
  if (byNo) return byNo.toMutableJSON();
  // A receipt number typed without the till prefix or zero padding, e.g. "12".
  if (/^\d+$/.test(receiptNo)) {
    const bySeq = await db.sales.findOne({ selector: { seq: Number(receiptNo) } }).exec();
    if (bySeq) return bySeq.toMutableJSON();
  }
  return null;
}

export async function priorReturnsOf(db: TillDatabase, saleId: string): Promise<Sale[]> {
  const docs = await db.sales.find({ selector: { kind: 'return', returnOfSaleId: saleId } }).exec();
  return docs.map((d) => d.toMutableJSON());
}
