// What an audit entry changed, as a manager reads it: one line per field that differs (or every
// field of something created or deleted), named in words, money with its currency, times in store
// time, yes/no for switches, a choice in the words of the page that sets it ("Warehouses only (by
// priority)", not "warehouse-first") — not the stored JSON of field names and minor units.
import { auditFieldLabel, isHiddenAuditField, isIdListField, isMoneyField, isPercentField } from '../../shared/admin-api/audit-fields.ts';
import { choiceLabel } from '../../shared/admin-api/choice-labels.ts';
import { formatDateTime, formatMoney } from '../reports/format.ts';

export interface AuditChangeLine {
  field: string;
  /** Absent: the field was only set (a creation). */
  before?: string;
  /** Absent: the field is gone (a deletion). */
  after?: string;
}

interface Display {
  currency: string;
  timeZone: string;
  /** What the entry is about ('user', 'order' …): a role or a state is read in its page's words. */
  entity?: string;
}

type Leaf = { key: string; label: string; value: unknown };

/** What names the thing comes first; the rest in the order stored. */
const FIRST = ['name', 'code', 'sku', 'username', 'displayName', 'role', 'kind', 'price', 'cost', 'amount', 'balance', 'reason'];
const rank = (key: string): number => {
  const i = FIRST.indexOf(key.split('.')[0] ?? key);
  return i < 0 ? FIRST.length : i;
};
const isEmpty = (v: unknown): boolean => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPrimitive = (v: unknown): boolean => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** A value's fields, nested settings one level down ("offline allowance – amount"), hidden ids left out. */
function leaves(v: unknown, into = new Map<string, Leaf>(), path = '', label = ''): Map<string, Leaf> {
  if (!isRecord(v)) {
    if (v !== undefined && v !== null) into.set('value', { key: 'value', label: 'value', value: v });
    return into;
  }
  for (const [key, value] of Object.entries(v)) {
    if (isHiddenAuditField(key)) continue;
    const p = path ? `${path}.${key}` : key;
    const l = label ? `${label} – ${auditFieldLabel(key)}` : auditFieldLabel(key);
    if (isRecord(value) && !path) leaves(value, into, p, l);
    else into.set(p, { key, label: l, value });
  }
  return into;
}

function show(leaf: Leaf, d: Display): string {
  const v = leaf.value;
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') {
    if (isMoneyField(leaf.key)) return formatMoney(v, d.currency);
    return isPercentField(leaf.key) ? `${v.toLocaleString('en', { maximumFractionDigits: 4 })} %` : String(v);
  }
  if (typeof v === 'string') return choiceLabel(leaf.key, v, d.entity) ?? formatDateTime(v, d.timeZone);
  if (Array.isArray(v)) {
    if (v.length === 0) return 'none';
    if (v.every(isPrimitive)) return v.map((x) => show({ ...leaf, value: x }, d)).join(', ');
    return String(v.length);
  }
  return JSON.stringify(v);
}

const currencyOf = (v: unknown): string | null => (isRecord(v) && typeof v.currency === 'string' ? v.currency : null);

/** The lines of one entry's before and after (either may be absent). */
export function auditChangeLines(before: unknown, after: unknown, display: Display): AuditChangeLine[] {
  const d = { ...display, currency: currencyOf(after) ?? currencyOf(before) ?? display.currency };
  const b = leaves(before);
  const a = leaves(after);
  const both = before !== null && before !== undefined && after !== null && after !== undefined;
  const hasMoney = [...a.values(), ...b.values()].some((l) => isMoneyField(l.key));
  const lines: AuditChangeLine[] = [];
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => rank(x) - rank(y));
  for (const path of paths) {
    const was = b.get(path);
    const now = a.get(path);
    const leaf = (now ?? was) as Leaf;
    const same = JSON.stringify(was?.value) === JSON.stringify(now?.value);
    // An update that names whole records (a pricelist, a channel): only what differs.
    if (both && same) continue;
    // What something new was made with: the fields it has (a blank category, no sites ticked, are the defaults).
    if (!was && isEmpty(now?.value)) continue;
    // The currency is in every amount already, unless an update changed it.
    if (leaf.key === 'currency' && hasMoney && (same || !both)) continue;
    if (isIdListField(leaf.key)) {
      // Ids of other records: that they changed, or how many a new record names.
      lines.push(was && now ? { field: leaf.label, after: 'changed' } : { field: leaf.label, after: String(Array.isArray(leaf.value) ? leaf.value.length : 1) });
      continue;
    }
    const line: AuditChangeLine = { field: leaf.label };
    if (was) line.before = show(was, d);
    if (now) line.after = show(now, d);
    // Lists of records of the same length read the same: say they changed.
    if (was && now && line.before === line.after) {
      delete line.before;
      line.after = 'changed';
    }
    lines.push(line);
  }
  return lines;
}

/** One line as text: "price: €5.99 → €3.45", "reason: damaged", "min: 5 → —". */
export function auditChangeText(line: AuditChangeLine): string {
  if (line.before === undefined) return `${line.field}: ${line.after ?? '—'}`;
  return `${line.field}: ${line.before} → ${line.after ?? '—'}`;
}
