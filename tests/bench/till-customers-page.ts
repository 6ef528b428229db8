// Runs inside the till page during `npm run bench -- till-customers` (bundled by
// till-customers.bench.ts and injected): times the customer picker from typing a query to its list
// shown (the in-memory search, renderer/till/customer-store.ts), and, in the same page on the same
// stored customers, the picker's search as it ran before: every keystroke read every customer
// through RxDB (`find().exec()`, its own instance of the till's database), made each a plain object
// and ran the search below over them.
import { phoneKey } from '../../shared/customers/contact-keys.ts';
import type { Customer } from '../../shared/schemas/index.ts';
import { foldText } from '../../shared/text/fold.ts';
import { when as waitFor } from './dom-wait.ts';
import { databaseNameFor, openTillDatabase, type TillDatabase } from '../../renderer/db/database.ts';

const when = (pred: () => boolean): Promise<void> => waitFor(pred, 'the customer list', 30_000);

const PHONE_LIKE = /^[\d\s.\-+()/]+$/;

/** renderer/till/customer-search.ts `searchCustomers` as it was before the index (811c850), for the BEFORE figure only. */
function searchCustomersBefore(customers: readonly Customer[], query: string, country: string | null | undefined, limit = 6): Customer[] {
  const text = foldText(query.trim());
  if (text.length < 2) return [];
  const digits = text.replace(/\D/g, '');
  const phone = PHONE_LIKE.test(text) && digits.length >= 3 ? { key: phoneKey(text, country), digits } : null;
  const hits: Customer[] = [];
  for (const c of customers) {
    if (hits.length >= limit) break;
    const byText = foldText(c.name).includes(text) || (c.email ?? '').toLowerCase().includes(text);
    if (byText || (phone !== null && phoneMatchesBefore(c.phone, phone, country))) hits.push(c);
  }
  return hits;
}

function phoneMatchesBefore(stored: string | undefined, typed: { key: string | null; digits: string }, country: string | null | undefined): boolean {
  if (!stored) return false;
  const storedDigits = stored.replace(/\D/g, '');
  if (storedDigits.includes(typed.digits)) return true;
  return typed.key !== null && storedDigits.includes(typed.key.slice(-6)) && phoneKey(stored, country) === typed.key;
}


const field = (): HTMLInputElement => {
  const input = document.querySelector<HTMLInputElement>('.customer input');
  if (!input) throw new Error('no customer field on the screen');
  return input;
};
const list = (): HTMLElement | null => document.querySelector<HTMLElement>('.customer-found');

function type(value: string): void {
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(field(), value);
  field().dispatchEvent(new Event('input', { bubbles: true }));
}

let before: TillDatabase | null = null;

const api = {
  /** Typing a query (as one input, like a paste) → the picker lists its answer; with the names listed. */
  async pickerSearches(queries: readonly string[]): Promise<{ ms: number[]; names: string[][] }> {
    const ms: number[] = [];
    const names: string[][] = [];
    for (const q of queries) {
      type('');
      await when(() => list() === null);
      const t = performance.now();
      type(q);
      await when(() => list()?.dataset.query === q);
      ms.push(performance.now() - t);
      names.push([...(list()?.querySelectorAll('button') ?? [])].map((b) => b.textContent ?? ''));
    }
    type('');
    return { ms, names };
  },
  /** The search before: a full read through RxDB, plain objects, the search; times and names found. */
  async scanSearches(queries: readonly string[], country: string | null): Promise<{ ms: number[]; names: string[][] }> {
    const device = JSON.parse(localStorage.getItem('aisle.device') ?? '{}') as { deviceId: string };
    before ??= await openTillDatabase(databaseNameFor(device.deviceId));
    const ms: number[] = [];
    const names: string[][] = [];
    for (const q of queries) {
      const t = performance.now();
      const docs = await before.customers.find().exec();
      const hits = searchCustomersBefore(docs.map((d) => d.toMutableJSON()), q, country);
      ms.push(performance.now() - t);
      names.push(hits.map((c) => c.name));
    }
    return { ms, names };
  },
};

declare global {
  interface Window {
    aisleCustomerBench: typeof api;
  }
}
window.aisleCustomerBench = api;
