// The sale a customer brings back (docs/till.md "Returns"): looked up on this till first, then on
// the server (GET /api/till/sales/lookup) — a sale of another till, or of another store — with the
// returns every till took against it, so the quantities offered are what is left. The server's
// returns and this till's own (some not pushed yet) are merged by id. A sale of another till is
// only held on the screen: the till's `sales` collection is its own chain, pushed as its own.
import type { Sale } from '../../shared/schemas/index.ts';
import { SALE_LOOKUP_REFUSALS, type SaleLookupAnswer, type SoldAt } from '../../shared/till-api/sale-lookup.ts';
import { formatStoreDateTime } from '../../shared/time/index.ts';
import type { TillDatabase } from '../db/database.ts';
import { joinUrl, requestJson, ServerApiError } from '../db/server-api.ts';
import { findSale, priorReturnsOf } from './sale-lookup.ts';

export interface SaleToReturn {
  sale: Sale;
  /** Every return known against the sale: the server's and this till's. */
  prior: Sale[];
  /** Where it was sold, when not at this till. */
  soldAt?: SoldAt;
  /** Said under the sale when the returns of other tills could not be read. */
  note?: string;
}

/** Why no sale can be shown, in the cashier's words. */
export class SaleLookupError extends Error {
  readonly code = 'sale-lookup';
  constructor(message: string) {
    super(message);
    this.name = 'SaleLookupError';
  }
}

export const offlineLookupMessage = (text: string): string =>
  `No sale ${text} on this till. The till is offline: a sale made at another till can be returned once it is back online, or at the till that sold it.`;

const REFUSALS = new Set<string>(Object.values(SALE_LOOKUP_REFUSALS));

/** The server's failure to find `text`, in the cashier's words. */
function lookupFailure(err: ServerApiError, text: string): string {
  if (err.code === 'offline') return offlineLookupMessage(text);
  if (err.code === 'not-found') return `No sale ${text} on this till or any other: check the number, or scan the code on the receipt.`;
  // A number several tills printed, or a sale in another currency: the server says what to do.
  if (REFUSALS.has(err.reason ?? '') && err.serverMessage) return err.serverMessage;
  if (err.code === 'unauthorized' || err.code === 'forbidden') return `No sale ${text} on this till, and the server refused to look further: the till may have been unpaired. Ask a manager to check it in the back office.`;
  return `No sale ${text} on this till, and the server could not look at the other tills (${err.status ?? err.code}): try again in a moment.`;
}

/** Returns of both lists once each (by id), the server's first. */
export function withLocalReturns(server: readonly Sale[], local: readonly Sale[]): Sale[] {
  const seen = new Set(server.map((r) => r.id));
  return [...server, ...local.filter((r) => !seen.has(r.id))];
}

/** "Sold at Till 2, Demo Store, 2026-12-07 14:03" — the time as its receipt printed it (the selling store's). */
export function soldAtLine(sale: Pick<Sale, 'createdAt'>, at: SoldAt): string {
  return `Sold at ${at.tillName}, ${at.siteName}, ${formatStoreDateTime(sale.createdAt, at.timeZone)}`;
}

type Connection = { serverUrl: string; token: string; deviceId: string };

function askServer(conn: Connection, text: string): Promise<SaleLookupAnswer> {
  return requestJson<SaleLookupAnswer>(joinUrl(conn.serverUrl, `/api/till/sales/lookup?code=${encodeURIComponent(text)}`), { token: conn.token, timeoutMs: 8_000 });
}

/**
 * The receipt number of a sale another till made — what a reprinted return names as its original
 * (this till's database holds only its own sales). Asked of the server; undefined when it cannot say.
 */
export async function originalReceiptNo(conn: Connection, saleId: string): Promise<string | undefined> {
  try {
    return (await askServer(conn, saleId)).sale.receiptNo;
  } catch (err) {
    if (err instanceof ServerApiError) return undefined;
    throw err;
  }
}

/**
 * The sale `text` names and the returns taken against it. A sale of this till is shown from its
 * own database; online, the server adds the returns other tills took (offline or unanswered, this
 * till's own are all it knows — the server still flags an over-return when the return arrives).
 */
export async function findSaleToReturn(db: TillDatabase, conn: Connection, text: string, online: boolean): Promise<SaleToReturn> {
  const typed = text.trim();
  const local = await findSale(db, typed);
  if (local) {
    const own = await priorReturnsOf(db, local.id);
    if (local.kind !== 'sale' || !online) return { sale: local, prior: own };
    try {
      return { sale: local, prior: withLocalReturns((await askServer(conn, local.id)).returns, own) };
    } catch (err) {
      if (!(err instanceof ServerApiError)) throw err;
      // Not pushed yet: no other till can have taken it back through the server.
      if (err.code === 'not-found') return { sale: local, prior: own };
      return { sale: local, prior: own, note: 'Returns made at other tills could not be checked (no answer from the server): make sure the customer has not already brought these items back.' };
    }
  }
  if (!typed) throw new SaleLookupError('Scan the code on the receipt, or type its number');
  let answer: SaleLookupAnswer;
  try {
    answer = await askServer(conn, typed);
  } catch (err) {
    if (err instanceof ServerApiError) throw new SaleLookupError(lookupFailure(err, typed));
    throw err;
  }
  const prior = withLocalReturns(answer.returns, await priorReturnsOf(db, answer.sale.id));
  return { sale: answer.sale, prior, ...(answer.sale.tillId === conn.deviceId ? {} : { soldAt: answer.soldAt }) };
}
