// Request stock at the station (docs/scanner-station.md "Request stock"), pure: what a scan does to
// the request being made — a product's barcode chooses it (the same product again adds one), a
// location or an unknown barcode is refused in the picker's words — and the quantity pad's steps.
import type { ScanResult } from '../../shared/barcode/index.ts';
import type { Product } from '../../shared/schemas/index.ts';
import type { Feedback } from './pick-rules.ts';

export interface RequestDraft {
  product: Product | null;
  qty: number;
}

export const emptyDraft: RequestDraft = { product: null, qty: 1 };

export interface RequestStep {
  draft: RequestDraft;
  feedback: Feedback;
}

const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;

/** The product chosen from the search list (a new product starts at 1, or at nothing for a weighed one). */
export function chooseProduct(draft: RequestDraft, product: Product): RequestStep {
  if (draft.product?.id === product.id) return { draft, feedback: { outcome: 'product-ok', message: `${product.name}: ${draft.qty} to request` } };
  const qty = product.unit === 'unit' ? 1 : 0;
  const message = product.unit === 'unit' ? `${product.name}: 1 to request` : `${product.name}: type the quantity in ${product.unit}`;
  return { draft: { product, qty }, feedback: { outcome: product.unit === 'unit' ? 'product-ok' : 'weight-required', message } };
}

export function applyScanToRequest(draft: RequestDraft, scan: ScanResult, productByGtin: (gtin: string) => Product | undefined): RequestStep {
  const refuse = (outcome: Feedback['outcome'], message: string): RequestStep => ({ draft, feedback: { outcome, message } });
  if (scan.kind === 'invalid') return refuse('invalid-scan', `Unreadable scan: ${scan.reason}`);
  if (scan.kind === 'location') return refuse('scan-product-first', `${scan.code} is a location: scan a product to request.`);
  const gtin = scan.kind === 'gtin' || scan.kind === 'gs1' ? scan.gtin : scan.kind === 'variable-measure' ? scan.lookupGtin : undefined;
  if (!gtin) return refuse('invalid-scan', 'This barcode is not a product: scan the product’s barcode.');
  const product = productByGtin(gtin);
  if (!product) return refuse('unknown-product', `Unknown barcode ${gtin}: not in the catalog.`);
  if (draft.product?.id === product.id && product.unit === 'unit') return plusOne(draft);
  return chooseProduct(draft, product);
}

export function plusOne(draft: RequestDraft): RequestStep {
  if (!draft.product) return { draft, feedback: { outcome: 'scan-product-first', message: 'Scan or find the product first.' } };
  const qty = round4(draft.qty + 1);
  return { draft: { ...draft, qty }, feedback: { outcome: 'qty-ok', message: `${draft.product.name}: ${qty} to request` } };
}

export function typeQty(draft: RequestDraft, qty: number): RequestStep {
  if (!draft.product) return { draft, feedback: { outcome: 'scan-product-first', message: 'Scan or find the product first.' } };
  if (!(qty > 0)) return { draft, feedback: { outcome: 'over-pick', message: 'The quantity must be more than 0.' } };
  if (draft.product.unit === 'unit' && !Number.isInteger(qty)) return { draft, feedback: { outcome: 'over-pick', message: `${draft.product.name} is counted in whole pieces.` } };
  return { draft: { ...draft, qty: round4(qty) }, feedback: { outcome: 'qty-ok', message: `${draft.product.name}: ${round4(qty)} to request` } };
}
