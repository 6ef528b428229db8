// A customer's history at the till (docs/till.md "Customers"): the customer's orders and sales over
// every channel — web, marketplace, every store — read from the server (GET
// /api/till/customers/:id/history), the back office's history. Online only, and nothing is kept:
// offline the till says the history needs the connection rather than show an old copy.
import type { CustomerHistory } from '../../shared/admin-api/customers.ts';
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
