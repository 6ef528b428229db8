// A customer's history in words, as the till's History dialog and the back office's Customers page
// show it: what each entry is, its channel by name, its state, its total with the currency and its
// date in the store's time zone. Both read the same server answer (CustomerHistory).
import { SALE_STATE, type CustomerHistory, type HistoryEntry } from '../admin-api/customers.ts';
import { formatMoneyWithSymbol } from '../money/format.ts';
import { formatStoreDateTime } from '../time/index.ts';

/** One line of the history as a person reads it. */
export interface HistoryRow {
  key: string;
  /** Store time, `2026-12-03 14:05`. */
  date: string;
  /** Order, sale or return. */
  what: string;
  /** The channel's name, or the store's for a till sale. */
  channel: string;
  reference: string;
  /** With its currency, `€12.00`; negative for a refund. */
  total: string;
  state: string;
}

const KIND: Record<HistoryEntry['kind'], string> = { order: 'Order', sale: 'Sale', return: 'Return' };
const SALE_WORDS: Record<string, string> = { [SALE_STATE.PARTLY_RETURNED]: 'Partly returned', [SALE_STATE.RETURNED]: 'Returned' };
const ORDER_STATE: Record<string, string> = { open: 'Open', done: 'Completed', cancelled: 'Cancelled' };

function stateOf(e: HistoryEntry): string {
  if (e.kind === 'sale') return SALE_WORDS[e.state] ?? 'Paid';
  if (e.kind === 'return') return 'Refunded';
  return ORDER_STATE[e.state] ?? e.state;
}

/** The entries (newest first, as the server sends them) in words, dates in the store's time zone. */
export function historyRows(history: CustomerHistory, zone: string): HistoryRow[] {
  return history.entries.map((e) => ({
    key: `${e.kind}:${e.id}`,
    date: formatStoreDateTime(e.at, zone),
    what: KIND[e.kind],
    channel: e.channelName,
    reference: e.reference,
    total: formatMoneyWithSymbol(e.total, e.currency),
    state: stateOf(e),
  }));
}
