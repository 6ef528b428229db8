// Words for the codes that data carries and people read: tenders ("gift_card" → "Gift card"),
// device roles and journal entry kinds. The till's receipts, the back office and the reports
// take them from here so a code reads the same everywhere; a configured name (a tender's label
// in the back office) still wins where the caller has one.

const TENDERS: Readonly<Record<string, string>> = {
  cash: 'Cash',
  card: 'Card',
  gift_card: 'Gift card',
  store_credit: 'Store credit',
  points: 'Loyalty points',
  account: 'On account',
  order_refund: 'Order refund',
};

const DEVICE_ROLES: Readonly<Record<string, string>> = { till: 'Till', scanner: 'Scanner station' };

/**
 * The name every pairing screen proposes for a device of each role. Left as it is, the server
 * numbers it from 1 ("Till 1", "Till 2"): a plain "Till" would print "Till: Till" on receipts.
 */
export const DEFAULT_DEVICE_NAMES: Readonly<Record<'till' | 'scanner', string>> = { till: 'Till', scanner: 'Scanner' };

const JOURNAL_KINDS: Readonly<Record<string, string>> = {
  sale: 'Sale',
  return: 'Return',
  session_open: 'Session opened',
  cash_in: 'Cash in',
  cash_out: 'Cash out',
  session_close: 'Session closed',
  late_adjustment: 'Late sale adjustment',
  delivery: 'Delivery',
  invoice: 'Invoice',
  adjustment: 'Stock adjustment',
  opening: 'Opening balance',
};

/** A delivery route's steps as the tasks they are (Odoo's Pick, Pack, Delivery). */
const PICKING_STEPS: Readonly<Record<string, string>> = { pick: 'Pick', pack: 'Pack', ship: 'Delivery', receive: 'Receipt', transfer: 'Transfer', count: 'Count' };

/** An unknown code as words: "bank_transfer" → "Bank transfer". */
export function codeAsWords(code: string): string {
  const words = code.replaceAll(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const lookup = (names: Readonly<Record<string, string>>, code: string): string =>
  (Object.hasOwn(names, code) ? names[code] : undefined) ?? codeAsWords(code);

/**
 * A name as it reads inside a sentence ("Counted cash", "Count gift card too"): a capitalised first
 * word loses its capital; a name that is not a plain word — an initialism or a brand ("EC card",
 * "PayPal") — keeps its spelling.
 */
export function inSentence(name: string): string {
  return /^[A-Z][a-z]*(?:[\s-]|$)/.test(name) ? name.charAt(0).toLowerCase() + name.slice(1) : name;
}

/** A payment method's name: "cash" → "Cash", "gift_card" → "Gift card". */
export const tenderLabel = (method: string): string => lookup(TENDERS, method);

/** A device's role as the back office names it: "till" → "Till", "scanner" → "Scanner station". */
export const deviceRoleLabel = (role: string): string => lookup(DEVICE_ROLES, role);

/** A journal entry's kind in words: "session_open" → "Session opened". */
export const journalKindLabel = (kind: string): string => lookup(JOURNAL_KINDS, kind);

/** A picking's step in words: "ship" → "Delivery", "pick" → "Pick". */
export const pickingStepLabel = (step: string): string => lookup(PICKING_STEPS, step);
