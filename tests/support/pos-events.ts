// Test support: a faithful till simulator that produces the events a real till would push —
// sessions, hash-chained sales with totals computed by shared/tax, returns against earlier
// sales, cash in/out and a close with counted amounts — from a small script, so property tests
// can generate many mixes and deliver them in any order.
import { sealSale, type ChainHead } from '../../shared/chain/index.ts';
import { discountShare } from '../../shared/pricing/discount-share.ts';
import { computeOrder } from '../../shared/tax/index.ts';
import type { Payment, Sale, SaleLine, SessionEvent } from '../../shared/schemas/index.ts';

export interface SimProduct {
  id: string;
  price: number;
  priceIncludesTax: boolean;
  taxes: { taxId: string; rate: number }[];
}

export type TillStep =
  | { kind: 'sale'; lines: { product: number; qty: number; discount: number; lot?: string; serial?: string }[]; orderDiscount: number; tender: 'cash' | 'card' | 'split' }
  | { kind: 'return'; of: number; fraction: number; restock: boolean }
  | { kind: 'cash_in' | 'cash_out'; amount: number };

export interface TillScript {
  tillId: string;
  siteId: string;
  cashierId: string;
  float: number;
  steps: TillStep[];
  /** Counted cash at close = expected + this (a shortage when negative). */
  cashDifference: number;
  /** Supervisor stamped on every discount, as the till does after a PIN (the server checks approvals). */
  approverId?: string;
  /** The customer the cashier attached to every sale and return. */
  customerId?: string;
}

export type PosEvent = { collection: 'sales'; doc: Sale } | { collection: 'sessions'; doc: SessionEvent };

let counter = 0;
/** Ids that sort like UUIDv7 would but are deterministic per run. */
function nextId(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter.toString(36).padStart(6, '0')}`;
}

/** A receipt number as a till prints it (6 characters of the till, 6-digit seq): at most 40 characters at any seq. */
const receiptNumber = (tillId: string, seq: number): string => `${tillId.replace(/[^0-9A-Za-z]/g, '').slice(-6).toUpperCase()}-${String(seq).padStart(6, '0')}`;

const timestamp = (i: number): string => new Date(Date.UTC(2026, 10, 22, 8, 0, 0) + i * 1000).toISOString();

export function simulateTill(script: TillScript, catalog: readonly SimProduct[], sessionId = nextId('session')): PosEvent[] {
  const events: PosEvent[] = [];
  const sales: Sale[] = [];
  const returned = new Map<string, number>();
  let head: ChainHead | null = null;
  let clock = 0;
  let expectedCash = script.float;
  let expectedCard = 0;
  const base = { tillId: script.tillId, siteId: script.siteId, sessionId, cashierId: script.cashierId };
  events.push({ collection: 'sessions', doc: { id: nextId('ev'), kind: 'open', ...base, createdAt: timestamp(clock++), amount: script.float } });

  const seal = (unsigned: Omit<Sale, 'seq' | 'prevHash' | 'hash'>): Sale => {
    const sale = sealSale(script.customerId ? { ...unsigned, customerId: script.customerId } : unsigned, head);
    head = { seq: sale.seq, hash: sale.hash };
    sales.push(sale);
    events.push({ collection: 'sales', doc: sale });
    return sale;
  };

  const pay = (total: number, tender: 'cash' | 'card' | 'split'): Payment[] => {
    if (tender === 'card' || total < 0) {
      if (tender === 'card') expectedCard += total;
      else expectedCash += total;
      return [{ paymentId: nextId('pay'), method: tender === 'card' ? 'card' : 'cash', amount: total }];
    }
    if (tender === 'cash') {
      expectedCash += total;
      const tendered = Math.ceil(total / 1000) * 1000;
      return [{ paymentId: nextId('pay'), method: 'cash', amount: total, tendered, change: tendered - total }];
    }
    const card = Math.floor(total / 2);
    expectedCard += card;
    expectedCash += total - card;
    return [
      { paymentId: nextId('pay'), method: 'card', amount: card },
      { paymentId: nextId('pay'), method: 'cash', amount: total - card },
    ];
  };

  for (const step of script.steps) {
    if (step.kind === 'cash_in' || step.kind === 'cash_out') {
      expectedCash += step.kind === 'cash_in' ? step.amount : -step.amount;
      // The supervisor (when the script has one) stamps every movement, as the till does after a PIN.
      const approved = script.approverId ? { approvedBy: script.approverId } : {};
      events.push({ collection: 'sessions', doc: { id: nextId('ev'), kind: step.kind, ...base, createdAt: timestamp(clock++), amount: step.amount, reason: 'test', ...approved } });
      continue;
    }
    if (step.kind === 'sale') {
      const chosen = step.lines.map((l) => ({ ...l, p: catalog[l.product % catalog.length] as SimProduct }));
      const orderLines = chosen.map((l) => ({ qty: l.qty, unitPrice: l.p.price, discount: Math.min(l.discount, l.p.price * l.qty), priceIncludesTax: l.p.priceIncludesTax, taxes: l.p.taxes }));
      // Like the till: an order discount never exceeds what is left after line discounts.
      const left = orderLines.reduce((a, l) => a + l.unitPrice * l.qty - l.discount, 0);
      const orderDiscount = step.orderDiscount < left ? step.orderDiscount : 0;
      const order = computeOrder({ lines: orderLines, orderDiscount });
      if (order.total <= 0) continue;
      const lines: SaleLine[] = chosen.map((l, i) => {
        const computed = order.lines[i];
        if (!computed) throw new Error('computeOrder lost a line');
        const approved = script.approverId && computed.amounts.discount > 0 ? { discountApprovedBy: script.approverId } : {};
        return { lineId: nextId('line'), productId: l.p.id, qty: l.qty, unitPrice: l.p.price, ...computed.amounts, ...approved, ...(l.lot ? { lot: l.lot } : {}), ...(l.serial ? { serial: l.serial } : {}) };
      });
      const seq = (head as ChainHead | null)?.seq ?? 0;
      seal({
        id: nextId('sale'), kind: 'sale', ...base, receiptNo: receiptNumber(script.tillId, seq + 1), createdAt: timestamp(clock++), currency: 'EUR',
        ...(orderDiscount ? { orderDiscount, ...(script.approverId ? { orderDiscountApprovedBy: script.approverId } : {}) } : {}), lines, payments: pay(order.total, step.tender), total: order.total,
      });
      continue;
    }
    if (step.kind !== 'return') continue;
    const original = sales.filter((s) => s.kind === 'sale')[step.of % Math.max(1, sales.length)];
    if (!original || original.kind !== 'sale') continue;
    const lines: SaleLine[] = [];
    for (const line of original.lines) {
      const key = `${original.id}/${line.lineId}`;
      const already = returned.get(key) ?? 0;
      const qty = Math.min(line.qty - already, Math.max(1, Math.floor(line.qty * step.fraction)));
      if (!Number.isInteger(line.qty) || qty <= 0) continue;
      returned.set(key, already + qty);
      // A partial return refunds the paid price less its units' share of the discount, counted after
      // the units returned before, recomputed like the till does (renderer/till/return-math.ts).
      const product = catalog.find((p) => p.id === line.productId) as SimProduct;
      const discount = -discountShare({ qty: line.qty, discount: line.discount }, already, qty);
      const order = computeOrder({ lines: [{ qty: -qty, unitPrice: line.unitPrice, discount, priceIncludesTax: product.priceIncludesTax, taxes: product.taxes }] });
      const amounts = order.lines[0]?.amounts;
      if (!amounts) continue;
      lines.push({ lineId: nextId('line'), productId: line.productId, qty: -qty, unitPrice: line.unitPrice, ...amounts, returnOf: { saleId: original.id, lineId: line.lineId }, restock: step.restock });
    }
    if (lines.length === 0) continue;
    const total = lines.reduce((a, l) => a + l.total, 0);
    const seq = (head as ChainHead | null)?.seq ?? 0;
    seal({
      id: nextId('sale'), kind: 'return', ...base, receiptNo: receiptNumber(script.tillId, seq + 1), createdAt: timestamp(clock++), currency: 'EUR',
      returnOfSaleId: original.id, lines, payments: pay(total, 'cash'), total,
    });
  }
  const lastSeq = (head as ChainHead | null)?.seq ?? 0;
  events.push({
    collection: 'sessions',
    doc: {
      id: nextId('ev'), kind: 'close', ...base, createdAt: timestamp(clock), lastSeq,
      counted: [{ method: 'cash', amount: expectedCash + script.cashDifference }, { method: 'card', amount: expectedCard }],
      expected: [{ method: 'cash', amount: expectedCash }, { method: 'card', amount: expectedCard }],
    },
  });
  return events;
}
