// A customer's history at the till (docs/till.md "Customers"): the customer's orders and sales over
// every channel — web, marketplace, every store — read from the server (GET
// /api/till/customers/:id/history), the back office's history. Online only, and nothing is kept:
// offline the till says the history needs the connection rather than show an old copy.
import type { CustomerHistory, HistoryEntry } from '../../shared/admin-api/customers.ts';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { formatStoreDateTime } from '../../shared/time/index.ts';
import { joinUrl, requestJson, ServerApiError } from '../db/server-api.ts';

export class CustomerHistoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CustomerHistoryError';
  }
}

export const HISTORY_OFFLINE = 'The till is offline: a customer’s history needs the connection to the server. Open it again when the till is back online.';

/** The customer's history, newest first; a CustomerHistoryError says in the cashier's words why not. */
export async function fetchCustomerHistory(conn: { serverUrl: string; token: string }, customerId: string): Promise<CustomerHistory> {
  try {
    return await requestJson<CustomerHistory>(joinUrl(conn.serverUrl, `/api/till/customers/${encodeURIComponent(customerId)}/history`), { token: conn.token, timeoutMs: 10_000 });
  } catch (err) {
    if (!(err instanceof ServerApiError)) throw err;
    if (err.code === 'offline') throw new CustomerHistoryError(HISTORY_OFFLINE);
    if (err.code === 'not-found') throw new CustomerHistoryError('The server does not know this customer (removed or not yet sent to it): their history cannot be shown.');
    if (err.code === 'unauthorized' || err.code === 'forbidden') throw new CustomerHistoryError('The server refused this till: it may have been unpaired. Ask a manager to check the till in the back office.');
    throw new CustomerHistoryError(`The server could not show the history (${err.status ?? err.code}): try again in a moment.`);
  }
}

/** One line of the history as the cashier reads it. */
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
const ORDER_STATE: Record<string, string> = { open: 'Open', done: 'Completed', cancelled: 'Cancelled' };

function stateOf(e: HistoryEntry): string {
  if (e.kind === 'sale') return 'Paid';
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
