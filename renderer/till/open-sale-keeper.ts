// The sale in progress (cart and recorded payments) kept durably on the till, so a reload or a
// crashed window never loses a recorded card or voucher payment. Every change of the cart or the
// payments is written to a small IndexedDB store (idb-records.ts, strict durability; never
// localStorage, which Chromium flushes lazily and loses on a hard kill) under this window's id,
// and read back when the till starts.
//
// Windows: a reload keeps its window id (sessionStorage), so it finds its own record. A window that
// died (crash, SIGKILL, closed) leaves a record nobody holds: each living window holds a Web Lock
// named after its id, and a starting window with no record of its own adopts one whose lock is
// free — under a device-wide lock, so two windows starting together never both take it, and a
// record whose window is still open is never taken from it.
//
// A window killed between committing the sale and erasing the record would bring the payments back
// a second time: the record carries the id the sale will be committed under, and a record whose
// sale is already in the local database is dropped instead of restored.
import { create } from 'zustand';
import type { Customer, CustomerOrderFulfillment, GiftCardLoad, Payment, SalePickup, VoidedPayment } from '../../shared/schemas/index.ts';
import { withExclusiveLock } from '../db/chain-lock.ts';
import { idbRecords, type IdbRecords } from '../db/idb-records.ts';
import type { TillDatabase } from '../db/database.ts';
import type { CartLine } from './cart-math.ts';
import { useCartStore, type PointsRedemption } from './cart-store.ts';
import { usePayStore } from './pay-store.ts';

export interface OpenSaleRecord {
  saleId: string;
  savedAt: string;
  lines: CartLine[];
  orderDiscount: number;
  orderDiscountApprovedBy?: string;
  customer: Customer | null;
  /** A click-and-collect order being paid for (absent on records of older versions). */
  pickup?: SalePickup | null;
  customerOrder?: CustomerOrderFulfillment | null;
  payments: Payment[];
  voided: VoidedPayment[];
  /** Gift cards to sell and points redeemed (absent on records of older versions). */
  giftCardLoads?: GiftCardLoad[];
  pointsRedemption?: PointsRedemption | null;
  /** Coupon codes entered on the sale (absent on records of older versions). */
  couponCodes?: string[];
}

interface OpenSaleState {
  /** What was restored at start, for the banner; cleared when that sale ends or is dismissed. */
  restored: { saleId: string; payments: Payment[] } | null;
  dismiss(): void;
}

export const useOpenSaleStore = create<OpenSaleState>((set) => ({
  restored: null,
  dismiss: () => set({ restored: null }),
}));

function isOpenSaleRecord(value: unknown): value is OpenSaleRecord {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.saleId === 'string' && Array.isArray(v.lines) && Array.isArray(v.payments) && Array.isArray(v.voided) && typeof v.orderDiscount === 'number';
}

/** The sale in progress as the stores hold it now, or null when there is none (nothing to keep). */
export function currentOpenSale(now = new Date()): OpenSaleRecord | null {
  const cart = useCartStore.getState();
  const pay = usePayStore.getState();
  if (cart.lines.length === 0 && cart.giftCardLoads.length === 0 && pay.payments.length === 0 && pay.voided.length === 0) return null;
  return {
    saleId: pay.saleId,
    savedAt: now.toISOString(),
    lines: cart.lines,
    orderDiscount: cart.orderDiscount,
    ...(cart.orderDiscountApprovedBy ? { orderDiscountApprovedBy: cart.orderDiscountApprovedBy } : {}),
    customer: cart.customer,
    ...(cart.pickup ? { pickup: cart.pickup } : {}),
    ...(cart.customerOrder ? { customerOrder: cart.customerOrder } : {}),
    payments: pay.payments,
    voided: pay.voided,
    ...(cart.giftCardLoads.length > 0 ? { giftCardLoads: cart.giftCardLoads } : {}),
    ...(cart.pointsRedemption ? { pointsRedemption: cart.pointsRedemption } : {}),
    ...(cart.couponCodes.length > 0 ? { couponCodes: cart.couponCodes } : {}),
  };
}

/** The device's store of sales in progress, one record per window (parked-sales-store.ts reads it too). */
export function openSaleRecords(deviceId: string, factory: IDBFactory = indexedDB): IdbRecords<OpenSaleRecord> {
  return idbRecords<OpenSaleRecord>(`aisle-open-sale-${deviceId.toLowerCase().replace(/[^a-z0-9]/g, '')}`, 'sales', factory);
}

/** The sale ids some window of this device keeps as its sale in progress (living or dead windows). */
export async function keptSaleIds(records: IdbRecords<OpenSaleRecord>): Promise<Set<string>> {
  const entries = await records.entries();
  return new Set(entries.map((e) => e.value).filter(isOpenSaleRecord).map((r) => r.saleId));
}

// The keeper's latest write (rejected when it failed), for actions that must know the sale in
// progress is on disk before they go on (parking and resuming, parked-sales-store.ts).
let latestWrite: Promise<void> = Promise.resolve();

/** Resolves once what the stores hold now is on disk (rejects when that write failed). */
export function openSaleWritten(): Promise<void> {
  return latestWrite;
}

const windowLockName = (windowId: string) => `aisle-open-sale-window-${windowId}`;

/** Window ids whose window is alive (holds or waits for its lock); null where Web Locks do not exist. */
async function livingWindows(): Promise<Set<string> | null> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return null;
  const snapshot = await locks.query();
  const names = [...(snapshot.held ?? []), ...(snapshot.pending ?? [])].map((l) => l.name ?? '');
  return new Set(names.filter((n) => n.startsWith(windowLockName(''))).map((n) => n.slice(windowLockName('').length)));
}

/** This window's record, or one left by a window that is gone (moved under this window's id). */
async function claimRecord(store: IdbRecords<OpenSaleRecord>, deviceId: string, windowId: string): Promise<OpenSaleRecord | null> {
  return withExclusiveLock(`aisle-open-sale-claim-${deviceId}`, async () => {
    const own = await store.get(windowId);
    if (isOpenSaleRecord(own)) return own;
    const living = await livingWindows();
    if (!living) return null;
    const orphans = (await store.entries()).filter((e) => e.key !== windowId && !living.has(e.key) && isOpenSaleRecord(e.value));
    const newest = orphans.sort((a, b) => String((b.value as OpenSaleRecord).savedAt).localeCompare(String((a.value as OpenSaleRecord).savedAt)))[0];
    if (!newest) return null;
    const record = newest.value as OpenSaleRecord;
    await store.put(windowId, record);
    await store.delete(newest.key);
    return record;
  });
}

/** Puts a kept sale back into the cart and pay stores. */
function restore(record: OpenSaleRecord): void {
  useCartStore.setState({
    lines: record.lines,
    orderDiscount: record.orderDiscount,
    orderDiscountApprovedBy: record.orderDiscountApprovedBy,
    customer: record.customer,
    pickup: record.pickup ?? null,
    giftCardLoads: record.giftCardLoads ?? [],
    pointsRedemption: record.pointsRedemption ?? null,
    customerOrder: record.customerOrder ?? null,
    couponCodes: record.couponCodes ?? [],
    selectedLineId: record.lines.at(-1)?.lineId ?? null,
    message: null,
  });
  usePayStore.setState({ saleId: record.saleId, payments: record.payments, voided: record.voided });
  useOpenSaleStore.setState({ restored: { saleId: record.saleId, payments: record.payments } });
}

/**
 * Restores this window's sale in progress (or one a dead window left), then keeps writing every
 * change. `restored` resolves once the kept sale (if any) is back in the stores.
 */
export function keepOpenSale(db: TillDatabase, deviceId: string, windowId: string, factory: IDBFactory = indexedDB): { stop(): void; restored: Promise<void> } {
  const store = openSaleRecords(deviceId, factory);
  let releaseWindow: () => void = () => undefined;
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  void locks?.request(windowLockName(windowId), () => new Promise<void>((resolve) => (releaseWindow = resolve)));

  let stopped = false;
  let unsubscribe: () => void = () => undefined;
  // Writes run one at a time and always write the latest state: a burst of scans is one write.
  let writing: Promise<void> = Promise.resolve();
  let dirty = false;
  const flush = (): void => {
    if (dirty || stopped) return;
    dirty = true;
    const write = writing.then(async () => {
      dirty = false;
      const record = currentOpenSale();
      if (record) await store.put(windowId, record);
      else await store.delete(windowId);
      // What is on disk now (lines:payments), for tests that kill the window right after a payment.
      if (typeof document !== 'undefined') document.documentElement.dataset.openSaleKept = `${record?.lines.length ?? 0}:${record?.payments.length ?? 0}`;
    });
    latestWrite = write;
    writing = write.catch((error: unknown) => console.error('the sale in progress could not be kept', error));
  };

  const restored = (async () => {
    const record = await claimRecord(store, deviceId, windowId);
    if (record && (await db.sales.findOne(record.saleId).exec())) {
      await store.delete(windowId); // committed before the window died: nothing is in progress
    } else if (record && !stopped && !currentOpenSale()) {
      restore(record);
    }
    if (stopped) return;
    const onChange = (): void => {
      const restoredSale = useOpenSaleStore.getState().restored;
      if (restoredSale && restoredSale.saleId !== usePayStore.getState().saleId) useOpenSaleStore.setState({ restored: null });
      flush();
    };
    const stopCart = useCartStore.subscribe((s, before) => {
      if (s.lines !== before.lines || s.orderDiscount !== before.orderDiscount || s.customer !== before.customer || s.pickup !== before.pickup || s.customerOrder !== before.customerOrder || s.orderDiscountApprovedBy !== before.orderDiscountApprovedBy || s.giftCardLoads !== before.giftCardLoads || s.pointsRedemption !== before.pointsRedemption || s.couponCodes !== before.couponCodes) onChange();
    });
    const stopPay = usePayStore.subscribe((s, before) => {
      if (s.payments !== before.payments || s.voided !== before.voided || s.saleId !== before.saleId) onChange();
    });
    unsubscribe = () => {
      stopCart();
      stopPay();
    };
    flush();
  })().catch((error: unknown) => console.error('the sale in progress could not be restored', error));

  return {
    restored,
    stop() {
      stopped = true;
      unsubscribe();
      releaseWindow();
    },
  };
}

/** The banner's text: what came back, named as the cashier knows it. */
export function openSaleSummary(record: Pick<OpenSaleRecord, 'payments'>, labelOf: (method: string) => string, money: (n: number) => string): string {
  if (record.payments.length === 0) return 'A sale in progress was restored (no payment recorded yet)';
  const parts = record.payments.map((p) => `${labelOf(p.method).toLowerCase()} payment ${money(p.amount)}`);
  return `A sale in progress was restored (${parts.join(', ')} recorded)`;
}
