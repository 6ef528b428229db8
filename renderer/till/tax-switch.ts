// A tax rate change the back office scheduled ahead (a tax's `next` in the config: VAT 19 % → 16 %
// at midnight on the 1st) takes effect on the till at its instant, by the till's own clock, online
// or not: new lines take the rate in force when they are added (scan-apply.ts `taxRulesFor`), and a
// timer re-rates the sale on screen at the instant, so its total and tax are what will be charged.
// The server judges a sale's taxes by the rates in force at its `createdAt`, the moment it is
// completed (sync-server/pos/tax-checks.ts), so a sale completed after the switch carries the new rate.
import { taxRateLabel } from '../../shared/receipt/index.ts';
import type { TaxConfig } from '../../shared/schemas/index.ts';
import { nextTaxSwitch, taxInForce } from '../../shared/tax/index.ts';
import { formatStoreTime, zoneOrDefault } from '../../shared/time/index.ts';
import { useCatalogStore } from '../catalog/catalog-store.ts';
import { useConfigStore } from '../config/config-store.ts';
import { useCartStore } from './cart-store.ts';
import { taxRulesOf } from './scan-apply.ts';

/**
 * The longest single wait. setTimeout takes at most 2^31−1 ms (about 24.8 days) — a longer delay
 * fires at once —, and Chromium's timers run on a monotonic clock that, on Linux and macOS, stands
 * still while the machine sleeps, so a till asleep across the instant would switch late by the
 * length of its sleep. Waking once a minute to compare the wall clock bounds both.
 */
export const MAX_TAX_SWITCH_WAIT_MS = 60_000;

/** The taxes whose scheduled rate began in (`after`, `until`]. */
function switchedBetween(taxes: readonly TaxConfig[], after: Date, until: Date): TaxConfig[] {
  return taxes.filter((t) => {
    const from = t.next ? Date.parse(t.next.from) : NaN;
    return from > after.getTime() && from <= until.getTime();
  });
}

/**
 * Gives the lines of the sale on screen the rates in force at `at` and tells the cashier when that
 * changed any. Every cart line is a sale line whose taxes were the till's rates when it was added:
 * a scan, a weighed or price-embedded item, a line ordered from another site (aisle-screen.tsx), and
 * a collected order's line too — pickup-handover.ts charges the order's price but the till's tax
 * rates (taxRulesFor), not taxes from the order, and the server judges it at the sale's time like
 * any line. Returns are refunded on their own screen at the original line's taxes (return-math.ts)
 * and never enter the cart. A line keeps the taxes its product carries now, or its own tax ids
 * when its product is not in the catalog index. `switched`: the scheduled switches that began (the
 * message names their instant); none when the rates came with the config (a rate changed at once in
 * the back office, or a sale restored at start after a switch).
 */
function reRateOpenCart(at: Date, switched: readonly TaxConfig[]): void {
  const index = useCatalogStore.getState().index;
  const cart = useCartStore.getState();
  const before = new Map(cart.lines.flatMap((l) => l.taxes.map((t) => [`${l.lineId}|${t.taxId}`, t.rate] as const)));
  const changed = cart.setLineTaxes((line) => taxRulesOf(index?.byId(line.productId)?.taxIds ?? line.taxes.map((t) => t.taxId), at));
  if (!changed) return;
  const taxes = useConfigStore.getState().config.taxes;
  // The taxes whose rate on a line changed, named as they are now.
  const ids = new Set(useCartStore.getState().lines.flatMap((l) => l.taxes.filter((t) => before.get(`${l.lineId}|${t.taxId}`) !== t.rate).map((t) => t.taxId)));
  const rates = [...ids].flatMap((id) => {
    const tax = taxes.get(id);
    if (!tax) return [];
    const now = taxInForce(tax, at);
    return [taxRateLabel(now.name, now.rate)];
  });
  const s = rates.length > 1 ? 's' : '';
  const named = rates.length > 0 ? `: ${rates.join(', ')}` : '';
  const zone = zoneOrDefault(useConfigStore.getState().config.site?.timeZone);
  // The scheduled instant, not the timer's: a till that slept through it re-rates on waking.
  const since = switched[0]?.next?.from;
  const head = since ? `Tax rate${s} changed at ${formatStoreTime(since, zone)}` : `Tax rate${s} changed`;
  cart.say('info', `${head}${named}. The items on screen now carry the new rate${s}.`);
}

/**
 * Starts the till's tax switch timer: armed for the next scheduled rate of the config's taxes,
 * armed again whenever the taxes change and after each switch. Returns the stop (teardown).
 * At start, at each switch and whenever the taxes change, the open cart is given the rates in
 * force (a sale completed now is charged, and judged by the server, at those).
 */
export function watchTaxSwitch(): () => void {
  let checkedUntil = new Date();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const check = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const now = new Date();
    const taxes = [...useConfigStore.getState().config.taxes.values()];
    // Every check brings the sale on screen to the rates in force: at a scheduled instant, when the
    // taxes changed (a rate changed at once), and at start (a sale restored after a switch).
    reRateOpenCart(now, switchedBetween(taxes, checkedUntil, now));
    // A clock set back never brings an applied switch round again.
    if (now > checkedUntil) checkedUntil = now;
    const next = nextTaxSwitch(taxes, checkedUntil);
    if (next) timer = setTimeout(check, Math.min(Math.max(next.getTime() - Date.now(), 0), MAX_TAX_SWITCH_WAIT_MS));
  };
  check();
  const unsubscribe = useConfigStore.subscribe((s, before) => {
    if (s.config.taxes !== before.config.taxes) check();
  });
  return () => {
    unsubscribe();
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
}
