// The till's customers in memory, for the customer search (customer-search.ts): every customer the
// till holds with its searchable strings computed once, in id order — the order a scan of the
// collection gave, so the search lists the same customers in the same order — and changed in place
// as the collection changes (customer-store.ts). Customers reach every till (tens of thousands on
// a big retailer's), so a keystroke must not read and fold them all again.
import type { Customer } from '../../shared/schemas/index.ts';
import { customerMatches, customerQuery, searchableCustomer, type SearchableCustomer } from './customer-search.ts';

/** Changes up to this many are placed in the ordered list at once; more re-sort it at the next search. */
const IN_PLACE_MAX = 64;

export interface CustomerIndex {
  readonly size: number;
  byId(id: string): Customer | undefined;
  /** The customers matching `query` (customer-search.ts rules), in id order, at most `limit`. */
  search(query: string, country: string | null | undefined, limit?: number): Customer[];
  /** Adds or replaces customers (by id). */
  put(customers: readonly Customer[]): void;
  /** Drops customers (deleted, or merged into another on the server). */
  remove(ids: readonly string[]): void;
}

/** First position in `list` (ordered by id) whose id is ≥ `id`. */
function lowerBound(list: readonly SearchableCustomer[], id: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid]?.customer.id ?? '') < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const byId = (a: SearchableCustomer, b: SearchableCustomer): number => (a.customer.id < b.customer.id ? -1 : a.customer.id > b.customer.id ? 1 : 0);

export function createCustomerIndex(customers: Iterable<Customer> = []): CustomerIndex {
  const entries = new Map<string, SearchableCustomer>();
  for (const c of customers) entries.set(c.id, searchableCustomer(c));
  // Null when a big change left it to be sorted again (at the next search).
  let ordered: SearchableCustomer[] | null = null;
  const list = (): SearchableCustomer[] => (ordered ??= [...entries.values()].sort(byId));

  return {
    get size() {
      return entries.size;
    },
    byId: (id) => entries.get(id)?.customer,
    search(query, country, limit = 6) {
      const q = customerQuery(query, country);
      if (!q) return [];
      const hits: Customer[] = [];
      for (const c of list()) {
        if (hits.length >= limit) break;
        if (customerMatches(c, q)) hits.push(c.customer);
      }
      return hits;
    },
    put(changed) {
      const inPlace = ordered !== null && changed.length <= IN_PLACE_MAX;
      for (const c of changed) {
        const entry = searchableCustomer(c);
        const known = entries.has(c.id);
        entries.set(c.id, entry);
        if (!inPlace || !ordered) continue;
        const at = lowerBound(ordered, c.id);
        if (known) ordered[at] = entry;
        else ordered.splice(at, 0, entry);
      }
      if (!inPlace) ordered = null;
    },
    remove(ids) {
      const inPlace = ordered !== null && ids.length <= IN_PLACE_MAX;
      for (const id of ids) {
        if (!entries.delete(id) || !inPlace || !ordered) continue;
        ordered.splice(lowerBound(ordered, id), 1);
      }
      if (!inPlace) ordered = null;
    },
  };
}
