// Requesting stock from a device (docs/till.md and docs/scanner-station.md "Request stock"): a
// store's supervisor at the till, or a picker at a store's or warehouse's scanner station, asks
// another site — a warehouse or a store — to send an item here. It is the back office's transfer
// request (the source accepts or declines it), sent at once to the server with the device's token:
// online only, since what the source has and whether it accepts are the server's. Offline the device
// says so and keeps nothing (there is no sale to finish: the person asks again later).
import type { DeviceTransferRequestBody, TransferRequested } from '../../shared/admin-api/warehouse-moves.ts';
import type { KnownUser } from '../config/config-snapshot.ts';
import { joinUrl, requestJson, ServerApiError } from '../db/server-api.ts';
import type { AisleSite } from './endless-aisle.ts';

export class StockRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StockRequestError';
  }
}

/** The devices that ask, by their pairing role, with the server route each posts to and what people call it. */
export const REQUESTING_DEVICES = {
  till: { path: '/api/till/transfer-requests', noun: 'till' },
  scanner: { path: '/api/scanner/transfer-requests', noun: 'station' },
} as const;
export type RequestingDevice = keyof typeof REQUESTING_DEVICES;

/** What the device says when it cannot reach the server: nothing was sent. */
export function offlineMessage(device: RequestingDevice): string {
  const noun = REQUESTING_DEVICES[device].noun;
  return `Requesting stock needs the network, and the ${noun} is offline: nothing was sent. Ask again when the ${noun} is back online (or from the back office).`;
}
export const OFFLINE_MESSAGE = offlineMessage('till');

/** The store's authority asks other sites for stock: a supervisor at the till (managers and admins have no PIN on tills, but may). */
export const mayRequestStock = (user: Pick<KnownUser, 'role'> | null | undefined): boolean => user?.role === 'supervisor' || user?.role === 'manager' || user?.role === 'admin';

/** Why the request cannot be sent, in the supervisor's words; null when it can. */
export function stockRequestProblem(qty: number, unit: string | undefined, site: AisleSite | null, here = 'this store'): string | null {
  if (!(qty > 0)) return 'Enter a quantity';
  if ((unit ?? 'unit') === 'unit' && !Number.isInteger(qty)) return 'Whole pieces only';
  if (!site) return 'Choose the site that sends it';
  if (site.here) return `Choose another site: ${here} cannot send to itself`;
  return null;
}

/** Sends the request; the server answers the transfer's reference (e.g. WH1/OUT/000123). */
export async function sendStockRequest(conn: { serverUrl: string; token: string }, device: RequestingDevice, body: DeviceTransferRequestBody): Promise<TransferRequested> {
  try {
    return await requestJson<TransferRequested>(joinUrl(conn.serverUrl, REQUESTING_DEVICES[device].path), { method: 'POST', body, token: conn.token, timeoutMs: 10_000 });
  } catch (err) {
    if (err instanceof ServerApiError && err.code === 'offline') {
      throw new StockRequestError(offlineMessage(device));
    }
    if (err instanceof ServerApiError && err.status !== undefined && err.status < 500 && err.serverMessage) throw new StockRequestError(err.serverMessage);
    if (err instanceof ServerApiError) throw new StockRequestError(`The server could not take the request (${err.status ?? err.code}): nothing was sent, try again`);
    throw err;
  }
}
