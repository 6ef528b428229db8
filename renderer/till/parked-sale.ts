// A parked sale (docs/till.md "Parked sales"): a cart put aside so the cashier can serve the next
// customer, kept on the device until it is resumed or discarded. This module owns the record —
// its schema, how one is made from the sale in progress, how a stored one is read back (records
// of other versions included), and how the list is ordered and named. Pure: the storage and the
// screen are parked-sales-store.ts and parked-sales-dialog.tsx.
import { type Static, Type } from 'typebox';
import { Check } from 'typebox/schema';
import { countItems } from '../../shared/receipt/index.ts';
import type { Customer, GiftCardLoad, VoidedPayment } from '../../shared/schemas/index.ts';
import { formatStoreDateTime } from '../../shared/time/index.ts';
import { computeCart, type CartLine } from './cart-math.ts';
import type { OpenSaleRecord } from './open-sale-keeper.ts';

/** The version this till writes; a record of a later version is left on disk for that version. */
export const PARKED_SALE_VERSION = 1;
/** A note is a few words for the cashier ("blue coat"), not a document. */
export const PARKED_NOTE_MAX = 60;

const Id = Type.String({ minLength: 1, maxLength: 100 });
const Minor = Type.Integer();
// Lines, the customer and gift cards are the till's own shapes (CartLine, the customer document,
// GiftCardLoad): checked for what listing and resuming read, their other fields pass through.
const ParkedLine = Type.Object({
  lineId: Id,
  productId: Id,
  sku: Type.String({ maxLength: 64 }),
  name: Type.String({ maxLength: 200 }),
  qty: Type.Number({ exclusiveMinimum: 0 }),
  unitPrice: Minor,
  listPrice: Minor,
  priceIncludesTax: Type.Boolean(),
  taxes: Type.Array(Type.Object({ taxId: Type.String(), rate: Type.Number() })),
  discount: Minor,
});
const ParkedCustomer = Type.Object({ id: Id, name: Type.String({ maxLength: 200 }), business: Type.Boolean(), updatedAt: Type.String() });
const ParkedGiftCard = Type.Object({ loadId: Id, number: Type.String({ maxLength: 32 }), amount: Minor });
const ParkedVoided = Type.Object({ paymentId: Id, method: Type.String(), amount: Minor, voidedAt: Type.String(), voidedBy: Type.String() });

/**
 * The stored record. Fields a first version may lack (`couponCodes`, `giftCardLoads`, `voided`,
 * `note`) are optional here and defaulted by `readParkedSale`; what the list shows and what
 * resuming needs is required.
 */
export const ParkedSaleRecord = Type.Object({
  v: Type.Integer({ minimum: 1 }),
  /** The id the sale will be committed under once resumed and paid: also the record's key. */
  saleId: Id,
  note: Type.Optional(Type.String({ maxLength: 200 })),
  parkedAt: Type.String({ minLength: 20, maxLength: 40 }),
  parkedBy: Type.Object({ id: Id, name: Type.String({ maxLength: 200 }) }),
  /** What the list shows: the total when parked (resuming prices it again), in units and currency. */
  total: Minor,
  items: Type.Number({ minimum: 0 }),
  currency: Type.String({ minLength: 3, maxLength: 3 }),
  lines: Type.Array(ParkedLine, { maxItems: 2000 }),
  orderDiscount: Minor,
  orderDiscountApprovedBy: Type.Optional(Type.String({ maxLength: 100 })),
  customer: Type.Union([ParkedCustomer, Type.Null()]),
  couponCodes: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 50 })),
  giftCardLoads: Type.Optional(Type.Array(ParkedGiftCard, { maxItems: 50 })),
  /** Payments voided before parking: the sale's audit trail (`voidedPayments`), never money held. */
  voided: Type.Optional(Type.Array(ParkedVoided, { maxItems: 50 })),
});
type StoredParkedSale = Static<typeof ParkedSaleRecord>;

/** A parked sale as the till works with it: optional lists defaulted, the till's own shapes typed. */
export interface ParkedSale extends Omit<StoredParkedSale, 'lines' | 'customer' | 'giftCardLoads' | 'voided' | 'couponCodes' | 'note'> {
  note: string;
  lines: CartLine[];
  customer: Customer | null;
  couponCodes: string[];
  giftCardLoads: GiftCardLoad[];
  voided: VoidedPayment[];
}

/** A stored record as this version reads it, or null when it cannot (damaged, or of a later version). */
export function readParkedSale(value: unknown): ParkedSale | null {
  if (!Check(ParkedSaleRecord, value)) return null;
  const stored = value as StoredParkedSale & Pick<ParkedSale, 'lines' | 'customer'>;
  if (stored.v > PARKED_SALE_VERSION) return null;
  return {
    ...stored,
    note: stored.note ?? '',
    couponCodes: stored.couponCodes ?? [],
    giftCardLoads: (stored.giftCardLoads ?? []) as GiftCardLoad[],
    voided: (stored.voided ?? []) as VoidedPayment[],
  };
}

/** The cashier's note as kept: one line, trimmed, at most PARKED_NOTE_MAX characters. */
export function parkedNote(raw: string): string {
  return raw.replace(/\s+/g, ' ').trim().slice(0, PARKED_NOTE_MAX).trim();
}

export interface ParkedBy {
  id: string;
  name: string;
}

/** The record for the sale in progress (which park-rules.ts has allowed: no payment, pickup, order or points). */
export function parkedSaleOf(open: OpenSaleRecord, meta: { note: string; parkedBy: ParkedBy; currency: string; now?: Date }): ParkedSale {
  const loads = open.giftCardLoads ?? [];
  const total = computeCart(open.lines, open.orderDiscount).total + loads.reduce((sum, l) => sum + l.amount, 0);
  return {
    v: PARKED_SALE_VERSION,
    saleId: open.saleId,
    note: parkedNote(meta.note),
    parkedAt: (meta.now ?? new Date()).toISOString(),
    parkedBy: meta.parkedBy,
    total,
    items: countItems(open.lines) + loads.length,
    currency: meta.currency,
    lines: open.lines,
    orderDiscount: open.orderDiscount,
    ...(open.orderDiscountApprovedBy ? { orderDiscountApprovedBy: open.orderDiscountApprovedBy } : {}),
    customer: open.customer,
    couponCodes: open.couponCodes ?? [],
    giftCardLoads: loads,
    voided: open.voided,
  };
}

/** The list's order: the sale waiting longest first, as a queue at the counter (ties by id, stable). */
export function parkedOrder(sales: readonly ParkedSale[]): ParkedSale[] {
  return [...sales].sort((a, b) => a.parkedAt.localeCompare(b.parkedAt) || a.saleId.localeCompare(b.saleId));
}

/** How a parked sale is named to the cashier: its note, else its customer, else when it was parked (store time). */
export function parkedTitle(sale: Pick<ParkedSale, 'note' | 'customer' | 'parkedAt'>, timeZone: string): string {
  if (sale.note) return sale.note;
  if (sale.customer) return sale.customer.name;
  return `Sale parked at ${formatStoreDateTime(sale.parkedAt, timeZone).slice(11)}`;
}

/** Why the session does not close yet (Close session). */
export function parkedBeforeClose(count: number): string {
  const these = count === 1 ? 'it' : 'them';
  return `${count === 1 ? '1 parked sale' : `${count} parked sales`} on this till: resume or discard ${these} before closing the session. A parked sale holds no money, so discarding is allowed.`;
}

/** When it was parked, in store time: the time alone today, the date and time on another day. */
export function parkedWhen(parkedAt: string, timeZone: string, now = new Date()): string {
  const at = formatStoreDateTime(parkedAt, timeZone);
  return at.slice(0, 10) === formatStoreDateTime(now, timeZone).slice(0, 10) ? `today ${at.slice(11)}` : at;
}
