// Flagged events at the till, in names: the server's messages carry ids (products, sales); the
// cashier reads product names and receipt numbers. Pure text work plus one lookup of the sales.
import { useEffect, useState } from 'react';
import type { Ack } from '../../shared/schemas/index.ts';
import { useCatalogStore } from '../catalog/catalog-store.ts';
import type { FlaggedText } from '../sync/sync-status-bar.tsx';
import { useSyncStore } from '../sync/sync-store.ts';
import { tillRuntime } from './till-runtime.ts';

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/** Replaces every id in `text` that `nameOf` knows by that name; unknown ids stay as they are. */
export function nameIds(text: string, nameOf: (id: string) => string | undefined): string {
  return text.replace(UUID, (id) => nameOf(id) ?? id);
}

const COLLECTION_NAMES: Readonly<Record<string, string>> = { sales: 'Sale', session_events: 'Session event' };

export function describeFlagged(ack: Ack, receiptOf: (saleId: string) => string | undefined, productName: (id: string) => string | undefined): FlaggedText {
  const receipt = ack.eventCollection === 'sales' ? receiptOf(ack.id) : undefined;
  const what = COLLECTION_NAMES[ack.eventCollection] ?? ack.eventCollection;
  const nameOf = (id: string): string | undefined => {
    const product = productName(id);
    if (product) return `"${product}"`;
    const r = receiptOf(id);
    return r ? `receipt ${r}` : undefined;
  };
  return {
    title: receipt ? `${what} receipt ${receipt}` : `${what} ${ack.id.slice(-8)}`,
    detail: ack.problems.map((p) => nameIds(p.message, nameOf)).join('; '),
  };
}

/** The describer for the till's status bar: receipt numbers come from the till's own sales. */
export function useFlaggedDescriber(): (ack: Ack) => FlaggedText {
  const flagged = useSyncStore((s) => s.flagged);
  const index = useCatalogStore((s) => s.index);
  const [receipts, setReceipts] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    const ids = new Set<string>();
    for (const a of flagged) {
      if (a.eventCollection === 'sales') ids.add(a.id);
      for (const p of a.problems) for (const id of p.message.match(UUID) ?? []) ids.add(id);
    }
    if (ids.size === 0) return;
    let live = true;
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
    };
  }, [flagged]);
  return (ack) => describeFlagged(ack, (id) => receipts.get(id), (id) => index?.byId(id)?.name);
}
