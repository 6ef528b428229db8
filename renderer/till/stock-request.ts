// Requesting stock from the till (docs/till.md "Request stock"): a supervisor asks another site — a
// warehouse or another store — to send an item to this store. It is the back office's transfer
// request (the source accepts or declines it), sent at once to the server with the till's token:
// online only, since what the source has and whether it accepts are the server's. Offline the till
// says so and keeps nothing (there is no sale to finish: the supervisor asks again later).
import type { TillTransferRequestBody, TransferRequested } from '../../shared/admin-api/warehouse-moves.ts';
import type { KnownUser } from '../config/config-snapshot.ts';
import { joinUrl, requestJson, ServerApiError } from '../db/server-api.ts';
import type { AisleSite } from './endless-aisle.ts';

export class StockRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StockRequestError';
  }
}

export const OFFLINE_MESSAGE = 'Requesting stock needs the network, and the till is offline: nothing was sent. Ask again when the till is back online (or from the back office).';

/** The store's authority asks other sites for stock: a supervisor at the till (managers and admins have no PIN on tills, but may). */
export const mayRequestStock = (user: Pick<KnownUser, 'role'> | null | undefined): boolean => user?.role === 'supervisor' || user?.role === 'manager' || user?.role === 'admin';

/** Why the request cannot be sent, in the supervisor's words; null when it can. */
export function stockRequestProblem(qty: number, unit: string | undefined, site: AisleSite | null): string | null {
  if (!(qty > 0)) return 'Enter a quantity';
  if ((unit ?? 'unit') === 'unit' && !Number.isInteger(qty)) return 'Whole pieces only';
  if (!site) return 'Choose the site that sends it';
  if (site.here) return 'Choose another site: this store cannot send to itself';
  return null;
}

/** Sends the request; the server answers the transfer's reference (e.g. WH1/OUT/000123). */
export async function sendStockRequest(conn: { serverUrl: string; token: string }, body: TillTransferRequestBody): Promise<TransferRequested> {
  try {
    return await requestJson<TransferRequested>(joinUrl(conn.serverUrl, '/api/till/transfer-requests'), { method: 'POST', body, token: conn.token, timeoutMs: 10_000 });
  } catch (err) {
    if (err instanceof ServerApiError && err.code === 'offline') {
      throw new StockRequestError(OFFLINE_MESSAGE);
    }
    if (err instanceof ServerApiError && err.status !== undefined && err.status < 500 && err.serverMessage) throw new StockRequestError(err.serverMessage);
    if (err instanceof ServerApiError) throw new StockRequestError(`The server could not take the request (${err.status ?? err.code}): nothing was sent, try again`);
    throw err;
  }
}
