// The event behind a journal entry as a document a manager reads (a receipt, a till-session
// step, a picking validation), not as raw JSON: names instead of ids, money in the site's
// currency, times in store time. Pure: the server looks the names up and passes them in.
import { formatMoneyWithSymbol } from '../money/format.ts';
import { formatStoreDateTime } from '../time/store-time.ts';
import type { DocField, DocTable, EventDocument } from './report-types.ts';

export interface DocumentContext {
  currency: string;
  timeZone: string;
  /** Display names of the ids the payload mentions (products, users, devices, locations, pickings, sites). */
  names: Readonly<Record<string, string>>;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

/** Every id-looking value in a payload (fields named `id` or ending in `Id`), for the name lookup. */
export function referencedIds(payload: unknown): string[] {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isObject(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (typeof x === 'string' && /(^|[a-z])Id$/.test(k)) out.add(x);
        else walk(x);
      }
    }
  };
  walk(payload);
  return [...out];
}

function make(ctx: DocumentContext) {
  const money = (v: unknown): string => (typeof v === 'number' && Number.isSafeInteger(v) ? formatMoneyWithSymbol(v, ctx.currency, 'en') : '');
  const name = (v: unknown): string => {
    const id = str(v);
    return ctx.names[id] ?? id;
  };
  const when = (v: unknown): string => {
    const t = Date.parse(str(v));
    return Number.isNaN(t) ? str(v) : formatStoreDateTime(new Date(t), ctx.timeZone);
  };
  return { money, name, when };
}

function saleDocument(p: Json, ctx: DocumentContext): EventDocument {
  const { money, name, when } = make(ctx);
  const lines = list(p.lines);
  const payments = list(p.payments);
  const fields: DocField[] = [
    { label: 'Receipt', value: str(p.receiptNo) },
    { label: 'When', value: when(p.createdAt) },
    { label: 'Till', value: name(p.tillId) },
    { label: 'Cashier', value: name(p.cashierId) },
    { label: 'Total', value: money(p.total) },
  ];
  if (p.rounding) fields.push({ label: 'Cash rounding', value: money(p.rounding) }, { label: 'Paid', value: money(num(p.total) + num(p.rounding)) });
  if (p.orderDiscount) fields.push({ label: 'Order discount', value: money(p.orderDiscount) });
  if (p.customerId) fields.push({ label: 'Customer', value: name(p.customerId) });
  const tables: DocTable[] = [
    {
      title: 'Lines',
      columns: ['Product', 'Quantity', 'Unit price', 'Discount', 'Tax', 'Total'],
      rows: lines.map((l) => [
        ctx.names[str(l.productId)] ?? ([str(l.sku), str(l.name)].filter(Boolean).join(' ') || str(l.productId)),
        str(l.qty), money(l.unitPrice), money(l.discount), money(list(l.taxes).reduce((a, t) => a + num(t.amount), 0)), money(l.total),
      ]),
    },
    { title: 'Payments', columns: ['Tender', 'Amount'], rows: payments.map((x) => [str(x.method), money(x.amount)]) },
  ];
  return { title: `${p.kind === 'return' ? 'Return' : 'Sale'}, receipt ${str(p.receiptNo)}`, fields, tables };
}

const SESSION_KIND: Record<string, string> = { open: 'Session opened', cash_in: 'Cash in', cash_out: 'Cash out', close: 'Session closed' };

function sessionDocument(p: Json, ctx: DocumentContext): EventDocument {
  const { money, name, when } = make(ctx);
  const fields: DocField[] = [
    { label: 'When', value: when(p.createdAt) },
    { label: 'Till', value: name(p.tillId) },
    { label: 'Cashier', value: name(p.cashierId) },
  ];
  if (typeof p.amount === 'number') fields.push({ label: p.kind === 'open' ? 'Float' : 'Amount', value: money(p.amount) });
  if (p.reason) fields.push({ label: 'Reason', value: str(p.reason) });
  const counted = list(p.counted);
  const expected = new Map(list(p.expected).map((t) => [str(t.method), num(t.amount)]));
  const tables: DocTable[] = counted.length > 0
    ? [{ title: 'Count', columns: ['Tender', 'Expected (till)', 'Counted'], rows: counted.map((t) => [str(t.method), expected.has(str(t.method)) ? money(expected.get(str(t.method))) : '', money(t.amount)]) }]
    : [];
  return { title: SESSION_KIND[str(p.kind)] ?? `Session ${str(p.kind)}`, fields, tables };
}

function pickingDocument(p: Json, ctx: DocumentContext): EventDocument {
  const { name, when } = make(ctx);
  const fields: DocField[] = [
    { label: 'Picking', value: name(p.pickingId) },
    { label: 'When', value: when(p.createdAt) },
    { label: 'Station', value: name(p.deviceId) },
    { label: 'Picker', value: name(p.userId) },
  ];
  if (typeof p.scanErrors === 'number') fields.push({ label: 'Scan errors', value: String(p.scanErrors) });
  if (typeof p.backorder === 'boolean') fields.push({ label: 'Backorder the rest', value: p.backorder ? 'yes' : 'no' });
  const lines = list(p.lines);
  const tables: DocTable[] = lines.length > 0
    ? [{ title: 'Lines', columns: ['Product', 'Quantity', 'From', 'To', 'Lot'], rows: lines.map((l) => [name(l.productId), str(l.qty), name(l.fromLocationId), name(l.toLocationId), str(l.lot)]) }]
    : [];
  const verb = { claim: 'claimed', release: 'released', validate: 'validated' }[str(p.kind)] ?? str(p.kind);
  return { title: `Picking ${name(p.pickingId)} ${verb}`, fields, tables };
}

/** Any other event: its plain fields with ids named, and its arrays as tables. */
function genericDocument(collection: string, p: Json, ctx: DocumentContext): EventDocument {
  const { money, name, when } = make(ctx);
  const fields: DocField[] = [];
  const tables: DocTable[] = [];
  for (const [k, v] of Object.entries(p)) {
    if (k === 'id' || k === 'hash' || k === 'prevHash') continue;
    const label = k.replace(/([A-Z])/g, ' $1').replace(/ Id$/, '').replace(/^./, (c) => c.toUpperCase());
    if (Array.isArray(v)) {
      const rows = list(v);
      const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((c) => !isObject(rows[0]?.[c]) && !Array.isArray(rows[0]?.[c]));
      tables.push({ title: label, columns, rows: rows.map((r) => columns.map((c) => (/Id$/.test(c) ? name(r[c]) : str(r[c])))) });
    } else if (!isObject(v)) {
      const value = /Id$/.test(k) ? name(v) : /At$/.test(k) ? when(v) : /(amount|total|price)$/i.test(k) ? money(v) : str(v);
      fields.push({ label, value });
    }
  }
  return { title: `${collection} event`, fields, tables };
}

export function describeEvent(collection: string, payload: unknown, ctx: DocumentContext): EventDocument {
  const p = isObject(payload) ? payload : {};
  if (collection === 'sales') return saleDocument(p, ctx);
  if (collection === 'sessions') return sessionDocument(p, ctx);
  if (collection === 'picking_events') return pickingDocument(p, ctx);
  return genericDocument(collection, p, ctx);
}
