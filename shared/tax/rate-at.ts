// A tax's rate at a moment. The back office can schedule a tax's next rate (a law change that takes
// effect at a set instant, e.g. midnight on the 1st): the tills get it ahead with the tax's config
// (`next`) and switch at that instant on their own, online or not; the server applies it to the
// catalog at the same instant (sync-server/admin/tax-schedule.ts) and records it in the rate's
// history from that instant, so sales either side of it are judged against the rate then in force.
import type { TaxConfig } from '../schemas/config-entry.ts';

/** The rate and name of `tax` in force at `at`: its scheduled `next` once that has begun. */
export function taxInForce(tax: TaxConfig, at: Date): { rate: number; name: string } {
  const next = tax.next;
  if (next && Date.parse(next.from) <= at.getTime()) return { rate: next.rate, name: next.name ?? tax.name };
  return { rate: tax.rate, name: tax.name };
}

/** The first scheduled switch of any of `taxes` after `after` (null: none), for a timer that re-rates an open cart. */
export function nextTaxSwitch(taxes: Iterable<TaxConfig>, after: Date): Date | null {
  let first: number | null = null;
  for (const t of taxes) {
    const at = t.next ? Date.parse(t.next.from) : NaN;
    if (at > after.getTime() && (first === null || at < first)) first = at;
  }
  return first === null ? null : new Date(first);
}
