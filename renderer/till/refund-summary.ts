// What the Refunded screen tells the cashier to hand back, as the Paid screen says the change:
// each refund tender with its amount ("Refund €3.74 in cash"). Pure, over the committed return.
import type { Sale, TenderConfig } from '../../shared/schemas/index.ts';
import { tenderLabel } from '../../shared/text/display-names.ts';

/**
 * One sentence per refund tender of a return; nothing for a sale. Cash reads "in cash" because
 * the cashier counts it out of the drawer; other tenders are named as the till lists them.
 */
export function refundLines(sale: Sale, tenders: readonly TenderConfig[], money: (minor: number) => string): string[] {
  if (sale.kind !== 'return') return [];
  return sale.payments.map((p) => {
    const tender = tenders.find((t) => t.method === p.method);
    const isCash = tender ? tender.isCash : p.method === 'cash';
    const how = isCash ? 'in cash' : `by ${tender?.label ?? tenderLabel(p.method)}`;
    return `Refund ${money(Math.abs(p.amount))} ${how}`;
  });
}
