// Flagged events at the till, in names: the server's messages carry ids (products, sales); the
// cashier reads product names and receipt numbers. Pure text work plus one lookup of the sales.
import { useEffect, useState } from 'react';
import type { Ack } from '../../shared/schemas/index.ts';
import { useCatalogStore } from '../catalog/catalog-store.ts';
import { eventName, type FlaggedText } from '../sync/sync-status-bar.tsx';
import { useSyncStore } from '../sync/sync-store.ts';
import { tillRuntime } from './till-runtime.ts';
import { useTillUiStore } from './till-ui-store.ts';

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/** Replaces every id in `text` that `nameOf` knows by that name; unknown ids stay as they are. */
export function nameIds(text: string, nameOf: (id: string) => string | undefined): string {
  return text.replace(UUID, (id) => nameOf(id) ?? id);
}

/** Problems of a sale whose customer order was not placed (endless aisle): the customer is owed a refund. */
const UNPLACED_ORDER = /^customer_order_(unavailable|unknown_site|no_address|refused|empty)$/;

export interface RefundPath {
  /** The receipt of the return already made for this sale, if any. */
  refundedBy(saleId: string): string | undefined;
  start(receiptNo: string): void;
}

export function describeFlagged(ack: Ack, receiptOf: (saleId: string) => string | undefined, productName: (id: string) => string | undefined, refund?: RefundPath): FlaggedText {
  const receipt = ack.eventCollection === 'sales' ? receiptOf(ack.id) : undefined;
  const what = eventName(ack.eventCollection);
  const nameOf = (id: string): string | undefined => {
    const product = productName(id);
    if (product) return `"${product}"`;
    const r = receiptOf(id);
    return r ? `receipt ${r}` : undefined;
  };
  const detail = ack.problems.map((p) => nameIds(p.message, nameOf)).join('; ');
  const text = { title: receipt ? `${what} receipt ${receipt}` : `${what} ${ack.id.slice(-8)}`, detail };
  if (!refund || !receipt || !ack.problems.some((p) => UNPLACED_ORDER.test(p.code))) return text;
  const refundedBy = refund.refundedBy(ack.id);
  if (refundedBy) return { ...text, detail: `${detail} — refunded on receipt ${refundedBy}` };
  return { ...text, action: { label: `Refund receipt ${receipt}`, run: () => refund.start(receipt) } };
}

/** The describer for the till's status bar: receipt numbers come from the till's own sales. */
export function useFlaggedDescriber(): (ack: Ack) => FlaggedText {
  const flagged = useSyncStore((s) => s.flagged);
  const index = useCatalogStore((s) => s.index);
  const [receipts, setReceipts] = useState<ReadonlyMap<string, string>>(new Map());
  const [refunds, setRefunds] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    const ids = new Set<string>();
    for (const a of flagged) {
      if (a.eventCollection === 'sales') ids.add(a.id);
      for (const p of a.problems) for (const id of p.message.match(UUID) ?? []) ids.add(id);
    }
    if (ids.size === 0) return;
    let live = true;
    const unplaced = flagged.filter((a) => a.eventCollection === 'sales' && a.problems.some((p) => UNPLACED_ORDER.test(p.code))).map((a) => a.id);
    // A sale whose customer order was not placed is refunded by a return of it (its refund path).
    const returns = unplaced.length === 0 ? null : tillRuntime().db.sales.find({ selector: { returnOfSaleId: { $in: unplaced } } }).$.subscribe((found) => {
      if (live) setRefunds(new Map(found.map((d) => [d.returnOfSaleId ?? '', d.receiptNo])));
    });
    tillRuntime()
      .db.sales.findByIds([...ids])
      .exec()
      .then(
        (found) => {
          if (live) setReceipts(new Map([...found.values()].map((d) => [d.id, d.receiptNo])));
        },
        (error: unknown) => console.warn('flagged events: receipts not found', error),
      );
    return () => {
      live = false;
      returns?.unsubscribe();
    };
  }, [flagged]);
  const refund: RefundPath = { refundedBy: (id) => refunds.get(id), start: (receiptNo) => useTillUiStore.getState().startReturn(receiptNo, true) };
  return (ack) => describeFlagged(ack, (id) => receipts.get(id), (id) => index?.byId(id)?.name, refund);
}
