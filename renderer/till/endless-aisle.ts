// The endless aisle at the till (docs/till.md "Endless aisle"), pure: where a product is available
// (the replicated `availability` documents: what each site has now), which sites can serve the
// quantity asked for, and the fulfilment the sale carries (`customerOrder`, shared/schemas/sale.ts).
import type { CustomerOrderFulfillment, ProductAvailability, SiteAvailability } from '../../shared/schemas/index.ts';

export interface AisleSite extends SiteAvailability {
  /** The till's own store. */
  here: boolean;
}

/** The sites that hold the product: the till's store first, then the others with most available first. */
export function aisleSites(doc: ProductAvailability | null | undefined, storeSiteId: string): AisleSite[] {
  const sites = (doc?.sites ?? []).map((s) => ({ ...s, here: s.siteId === storeSiteId }));
  return sites.sort((a, b) => Number(b.here) - Number(a.here) || b.available - a.available || a.code.localeCompare(b.code));
}

export type FulfillmentType = CustomerOrderFulfillment['type'];

export interface AisleChoice {
  site: AisleSite | null;
  type: FulfillmentType;
  qty: number;
  address: string;
  phone: string;
}

/** Why the choice cannot go into the sale, in the cashier's words; null when it can. */
export function choiceProblem(c: AisleChoice, unit: string | undefined): string | null {
  if (!(c.qty > 0)) return 'Enter a quantity';
  if ((unit ?? 'unit') === 'unit' && !Number.isInteger(c.qty)) return 'Whole pieces only';
  if (!c.site) return 'Choose where it comes from';
  if (c.site.available < c.qty) return `${c.site.name} has only ${c.site.available}`;
  if (c.type === 'pickup' && c.site.kind !== 'store') return `${c.site.name} is a warehouse: deliver it, or choose a store to collect from`;
  if (c.type === 'delivery' && c.address.trim().length < 5) return 'Enter the customer’s name and delivery address';
  return null;
}

export function fulfillmentOf(c: AisleChoice & { site: AisleSite }): CustomerOrderFulfillment {
  if (c.type === 'pickup') return { type: 'pickup', site: c.site.code };
  const phone = c.phone.trim();
  return { type: 'delivery', site: c.site.code, address: c.address.trim(), ...(phone ? { phone } : {}) };
}

/** "Delivery from Demo Warehouse" / "Collect at Demo Store 2". */
export function describeFulfillment(f: CustomerOrderFulfillment, siteName: (code: string) => string | undefined): string {
  const name = siteName(f.site) ?? f.site;
  return f.type === 'pickup' ? `Collect at ${name}` : `Delivery from ${name}`;
}

/** Two customer orders in one sale must go the same way (one order per sale). */
export function sameFulfillment(a: CustomerOrderFulfillment, b: CustomerOrderFulfillment): boolean {
  return a.type === b.type && a.site === b.site && (a.address ?? '') === (b.address ?? '') && (a.phone ?? '') === (b.phone ?? '');
}
