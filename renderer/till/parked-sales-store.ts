// The parked sales of this till (docs/till.md "Parked sales"), kept in their own IndexedDB store
// (idb-records.ts, strict durability; never localStorage) and device-wide: every window and every
// cashier of the till sees one list, and a BroadcastChannel tells the other windows it changed.
//
// The order of writes, so that a window killed at any point neither loses a parked sale nor brings
// it back twice:
// - park: the parked record is written; then the cart is emptied and the open-sale keeper erases
//   the sale in progress (open-sale-keeper.ts);
// - resume: the sale goes into the cart under its own id and the keeper writes it as the sale in
//   progress; then the parked record is erased.
// Killed in between, the same sale id is both parked and kept as a sale in progress: the list then
// drops the parked copy (as it drops one already committed), and the sale comes back once, as the
// sale in progress (with the restored-sale banner). Park, resume, discard and that clean-up run
// under one device-wide Web Lock, so no window ever reads another's in-between state.
import { create } from 'zustand';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { counted } from '../../shared/text/count.ts';
import { withExclusiveLock } from '../db/chain-lock.ts';
import type { TillDatabase } from '../db/database.ts';
import { idbRecords, type IdbRecords } from '../db/idb-records.ts';
import { useCatalogStore } from '../catalog/catalog-store.ts';
import { useConfigStore } from '../config/config-store.ts';
import { useCartStore } from './cart-store.ts';
import { currentOpenSale, keptSaleIds, openSaleRecords, openSaleWritten, type OpenSaleRecord } from './open-sale-keeper.ts';
import { parkRefusal, resumeLines } from './park-rules.ts';
import { parkedOrder, parkedSaleOf, parkedTitle, readParkedSale, type ParkedBy, type ParkedSale } from './parked-sale.ts';
import { usePayStore } from './pay-store.ts';
import { taxRulesFor } from './scan-apply.ts';

interface ParkedSalesState {
  /** Readable parked sales, the one waiting longest first. */
  sales: ParkedSale[];
  loaded: boolean;
}

export const useParkedSalesStore = create<ParkedSalesState>(() => ({ sales: [], loaded: false }));

export type ParkedResult<T> = { ok: true; value: T } | { ok: false; error: string };

export class ParkedSalesNotStartedError extends Error {
  readonly code = 'parked-sales-not-started';
  constructor() {
    super('the parked sales are not open yet');
    this.name = 'ParkedSalesNotStartedError';
  }
}

interface ParkedEnv {
  db: TillDatabase;
  deviceId: string;
  records: IdbRecords<ParkedSale>;
  openSales: IdbRecords<OpenSaleRecord>;
  channel: BroadcastChannel | null;
}

let env: ParkedEnv | null = null;

function started(): ParkedEnv {
  if (!env) throw new ParkedSalesNotStartedError();
  return env;
}

const lockName = (deviceId: string): string => `aisle-parked-sales-${deviceId}`;

/** The readable parked sales, less those a killed window left both parked and in progress (or committed). */
async function readList(e: ParkedEnv): Promise<ParkedSale[]> {
  const readable: { key: string; sale: ParkedSale }[] = [];
  for (const entry of await e.records.entries()) {
    const sale = readParkedSale(entry.value);
    // Left on disk: a later version of the till (after a downgrade) may read it.
    if (sale) readable.push({ key: entry.key, sale });
    else console.warn(`parked sale ${entry.key} cannot be read by this version of the till; left as it is`);
  }
  if (readable.length === 0) return [];
  const inProgress = await keptSaleIds(e.openSales);
  const committed = await e.db.sales.findByIds(readable.map((r) => r.sale.saleId)).exec();
  const list: ParkedSale[] = [];
  for (const { key, sale } of readable) {
    if (inProgress.has(sale.saleId) || committed.has(sale.saleId)) await e.records.delete(key);
    else list.push(sale);
  }
  return list;
}

async function reload(e: ParkedEnv): Promise<void> {
  const sales = await withExclusiveLock(lockName(e.deviceId), () => readList(e));
  if (env === e) useParkedSalesStore.setState({ sales: parkedOrder(sales), loaded: true });
}

/** Re-reads the list here and tells the till's other windows to. The change itself is on disk already: a failed re-read is reported, not thrown. */
async function changed(e: ParkedEnv): Promise<void> {
  e.channel?.postMessage('changed');
  await reload(e).catch((error: unknown) => console.error('the parked sales could not be read again', error));
}

/** Opens the device's parked sales and follows changes made by other windows; returns the stop. */
export function watchParkedSales(db: TillDatabase, deviceId: string, factory: IDBFactory = indexedDB): () => void {
  const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(`aisle-parked-sales:${deviceId}`);
  const e: ParkedEnv = {
    db,
    deviceId,
    records: idbRecords<ParkedSale>(`aisle-parked-sales-${deviceId.toLowerCase().replace(/[^a-z0-9]/g, '')}`, 'parked', factory),
    openSales: openSaleRecords(deviceId, factory),
    channel,
  };
  env = e;
  const refresh = (): void => void reload(e).catch((error: unknown) => console.error('the parked sales could not be read', error));
  if (channel) channel.onmessage = refresh;
  refresh();
  return () => {
    channel?.close();
    if (env === e) env = null;
    useParkedSalesStore.setState({ sales: [], loaded: false });
  };
}

/** Why the sale on screen cannot be parked (park-rules.ts), with the till's tender names and currency. */
export function currentParkRefusal(): string | null {
  const cart = useCartStore.getState();
  const { config } = useConfigStore.getState();
  const currency = config.site?.currency ?? 'EUR';
  const labelOf = (method: string): string => config.tenders.find((t) => t.method === method)?.label ?? method;
  return parkRefusal({ ...cart, payments: usePayStore.getState().payments }, labelOf, (n) => formatMoneyWithSymbol(n, currency));
}

/** Same sale, same state: nothing the stores hold changed since `a` was read. */
const unchanged = (a: OpenSaleRecord, b: OpenSaleRecord | null): boolean =>
  b !== null && a.saleId === b.saleId && a.lines === b.lines && a.customer === b.customer && a.orderDiscount === b.orderDiscount &&
  a.couponCodes === b.couponCodes && a.giftCardLoads === b.giftCardLoads && a.payments === b.payments && a.voided === b.voided;

async function parkLocked(e: ParkedEnv, note: string, parkedBy: ParkedBy): Promise<ParkedResult<ParkedSale>> {
  const currency = useConfigStore.getState().config.site?.currency ?? 'EUR';
  for (;;) {
    const refusal = currentParkRefusal();
    const open = currentOpenSale();
    if (refusal || !open) return { ok: false, error: refusal ?? 'Nothing to park: the sale is empty.' };
    const sale = parkedSaleOf(open, { note, parkedBy, currency });
    await e.records.put(sale.saleId, sale);
    // A scan that landed while the record was written is parked with the rest (written again).
    if (!unchanged(open, currentOpenSale())) continue;
    // One synchronous step, as a committed sale ends (pay-store.ts): the keeper writes the empty sale once.
    useCartStore.getState().clear();
    usePayStore.getState().reset();
    await openSaleWritten();
    return { ok: true, value: sale };
  }
}

/** Parks the sale on screen with the cashier's note and leaves an empty cart; or says why it cannot. */
export async function parkSale(note: string, parkedBy: ParkedBy): Promise<ParkedResult<ParkedSale>> {
  const e = started();
  const result = await withExclusiveLock(lockName(e.deviceId), () => parkLocked(e, note, parkedBy));
  if (result.ok) await changed(e);
  return result;
}

export interface Resumed {
  title: string;
  /** Names of lines left out: no longer in the catalog. */
  missing: string[];
  orderDiscountDropped: boolean;
}

/**
 * Brings a parked sale back into the cart, priced now. With a sale on screen it parks that one
 * first when `parkCurrent` (the cashier said so), and otherwise refuses.
 */
export async function resumeParkedSale(saleId: string, options: { parkCurrent: boolean; cashier: ParkedBy }): Promise<ParkedResult<Resumed>> {
  const e = started();
  const zone = useConfigStore.getState().config.site?.timeZone ?? 'UTC';
  const result = await withExclusiveLock(lockName(e.deviceId), async (): Promise<ParkedResult<Resumed>> => {
    const parked = readParkedSale(await e.records.get(saleId));
    if (!parked) return { ok: false, error: 'This parked sale is no longer on the list: it was resumed or discarded at another window.' };
    const title = parkedTitle(parked, zone);
    const { index, ready } = useCatalogStore.getState();
    if (!index || !ready) return { ok: false, error: `The catalog is still loading: resume “${title}” once it is ready.` };
    const resumed = resumeLines(parked.lines, (id) => index.byId(id), taxRulesFor);
    if (resumed.lines.length === 0 && parked.giftCardLoads.length === 0) {
      return { ok: false, error: `None of the items of “${title}” is sold any more (${resumed.missing.join(', ')}): discard it.` };
    }
    if (currentOpenSale()) {
      if (!options.parkCurrent) return { ok: false, error: `A sale is on screen: park it or finish it before resuming “${title}”.` };
      const parkedNow = await parkLocked(e, '', options.cashier);
      if (!parkedNow.ok) return { ok: false, error: `“${title}” was not resumed: the sale on screen has to be finished or voided first. ${parkedNow.error}` };
    }
    // The customer as the till knows them now (their group prices the sale); the parked copy when gone.
    const customer = parked.customer ? ((await e.db.customers.findOne(parked.customer.id).exec())?.toMutableJSON() ?? parked.customer) : null;
    // Lines left out would move their share of the order discount onto the others: it is given again, or not.
    const orderDiscountDropped = resumed.missing.length > 0 && parked.orderDiscount > 0;
    useCartStore.getState().resume({
      lines: resumed.lines,
      orderDiscount: orderDiscountDropped ? 0 : parked.orderDiscount,
      ...(!orderDiscountDropped && parked.orderDiscountApprovedBy ? { orderDiscountApprovedBy: parked.orderDiscountApprovedBy } : {}),
      customer,
      couponCodes: parked.couponCodes,
      giftCardLoads: parked.giftCardLoads,
    });
    usePayStore.setState({ saleId: parked.saleId, payments: [], voided: parked.voided, error: null });
    // The sale in progress is on disk before the parked copy goes: killed in between, the list drops that copy.
    await openSaleWritten();
    await e.records.delete(saleId);
    return { ok: true, value: { title, missing: resumed.missing, orderDiscountDropped } };
  });
  if (result.ok) {
    await changed(e);
    useCartStore.getState().say(result.value.missing.length > 0 ? 'error' : 'info', resumedMessage(result.value));
  }
  return result;
}

/** What the cashier is told once a parked sale is back in the cart. */
export function resumedMessage(resumed: Resumed): string {
  const lines = useCartStore.getState().lines;
  const base = `Resumed “${resumed.title}”: ${counted(lines.length, 'line')}, priced at today's prices.`;
  if (resumed.missing.length === 0) return base;
  const dropped = resumed.orderDiscountDropped ? ' The order discount was taken off: give it again if it still applies.' : '';
  return `${base} Left out, no longer sold here: ${resumed.missing.join(', ')}.${dropped}`;
}

/** Removes a parked sale (the cashier confirmed). It holds no money: nothing else to undo. */
export async function discardParkedSale(saleId: string): Promise<void> {
  const e = started();
  await withExclusiveLock(lockName(e.deviceId), () => e.records.delete(saleId));
  await changed(e);
}
