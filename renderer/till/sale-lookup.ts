// Finding a past sale on this till: by the receipt code's sale id, by its receipt number, or by a
// bare number (the seq) — the reference read as the server reads it (shared/receipt/sale-reference.ts).
import type { Sale } from '../../shared/schemas/index.ts';
import { saleReference } from '../../shared/receipt/index.ts';
import type { TillDatabase } from '../db/database.ts';

export async function findSale(db: TillDatabase, text: string): Promise<Sale | null> {
  const ref = saleReference(text);
  if (!ref) return null;
  const byId = await db.sales.findOne(ref.saleId).exec();
  if (byId) return byId.toMutableJSON();
  const byNo = await db.sales.findOne({ selector: { receiptNo: ref.receiptNo } }).exec();
  if (byNo) return byNo.toMutableJSON();
  // A receipt number typed without the till prefix or zero padding, e.g. "12".
  if (ref.seq !== undefined) {
    const bySeq = await db.sales.findOne({ selector: { seq: ref.seq } }).exec();
    if (bySeq) return bySeq.toMutableJSON();
  }
  return null;
}

export async function priorReturnsOf(db: TillDatabase, saleId: string): Promise<Sale[]> {
  const docs = await db.sales.find({ selector: { kind: 'return', returnOfSaleId: saleId } }).exec();
  return docs.map((d) => d.toMutableJSON());
}
