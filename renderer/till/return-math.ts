// Returns against an original sale: what is still returnable per line (sold minus already
// returned), and the return document's lines — negative quantities, the original unit price, the
// returned share of the original discount, taxes recomputed by shared/tax, each line linked back.
// The discount share is shared/pricing's discountShare, counted after what earlier returns of the
// line took, so that a line returned in parts refunds exactly what was paid for it.
import { newEventId } from '../../shared/ids.ts';
import { discountShare } from '../../shared/pricing/discount-share.ts';
import type { Payment, Sale, SaleLine } from '../../shared/schemas/index.ts';
import { computeOrder } from '../../shared/tax/index.ts';

export interface ReturnSelection {
  lineId: string;
  qty: number;
  restock: boolean;
}

export class ReturnError extends Error {
  constructor(
    readonly code: 'too-many' | 'nothing-selected' | 'not-a-sale',
    message: string,
  ) {
    super(message);
    this.name = 'ReturnError';
  }
}

/** Quantity still returnable per original line id. */
export function returnable(original: Sale, priorReturns: readonly Sale[]): Map<string, number> {
  const left = new Map(original.lines.map((l) => [l.lineId, l.qty]));
  for (const ret of priorReturns) {
    for (const line of ret.lines) {
      if (line.returnOf?.saleId !== original.id) continue;
      left.set(line.returnOf.lineId, (left.get(line.returnOf.lineId) ?? 0) + line.qty);
    }
  }
  return left;
}

export function buildReturnLines(original: Sale, priorReturns: readonly Sale[], selections: readonly ReturnSelection[], priceIncludesTax: (productId: string) => boolean): { lines: SaleLine[]; total: number } {
  if (original.kind !== 'sale') throw new ReturnError('not-a-sale', 'Only sales can be returned');
  const left = returnable(original, priorReturns);
  const chosen = selections.filter((s) => s.qty > 0);
  if (chosen.length === 0) throw new ReturnError('nothing-selected', 'Choose the quantity to return on at least one line');
  const originals = chosen.map((s) => {
    const line = original.lines.find((l) => l.lineId === s.lineId);
    if (!line) throw new ReturnError('not-a-sale', `line ${s.lineId} is not on the sale`);
    if (s.qty > (left.get(s.lineId) ?? 0) + 1e-9) throw new ReturnError('too-many', `Only ${left.get(s.lineId) ?? 0} of ${line.name ?? line.sku ?? 'this line'} can be returned`);
    return { line, sel: s };
  });
  // Units of each line already returned: by earlier returns, then by earlier selections of this one.
  const handled = new Map(original.lines.map((l) => [l.lineId, l.qty - (left.get(l.lineId) ?? l.qty)]));
  const shares = originals.map(({ line, sel }) => {
    const before = handled.get(line.lineId) ?? 0;
    handled.set(line.lineId, before + sel.qty);
    return discountShare({ qty: line.qty, discount: line.discount }, before, sel.qty);
  });
  const amounts = computeOrder({
    lines: originals.map(({ line, sel }, i) => ({
      qty: -sel.qty,
      unitPrice: line.unitPrice,
      discount: -(shares[i] ?? 0),
      priceIncludesTax: priceIncludesTax(line.productId),
      taxes: line.taxes.map((t) => ({ taxId: t.taxId, rate: t.rate })),
    })),
  });
  const lines = originals.map(({ line, sel }, i): SaleLine => {
    const computed = amounts.lines[i];
    if (!computed) throw new RangeError(`no amounts for return line ${i}`);
    return {
      lineId: newEventId(),
      productId: line.productId,
      ...(line.sku ? { sku: line.sku } : {}),
      ...(line.name ? { name: line.name } : {}),
      qty: -sel.qty,
      unitPrice: line.unitPrice,
      ...computed.amounts,
      ...(line.lot ? { lot: line.lot } : {}),
      ...(line.serial ? { serial: line.serial } : {}),
      returnOf: { saleId: original.id, lineId: line.lineId },
      restock: sel.restock,
    };
  });
  return { lines, total: amounts.total };
}

/** The refund of a return: `amount` is its total, or for cash the total rounded to the site's step. */
export function refundPayment(method: string, amount: number): Payment {
  return { paymentId: newEventId(), method, amount };
}
