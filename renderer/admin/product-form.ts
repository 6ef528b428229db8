// What the back office's product form holds as typed, and how it becomes the admin API's body
// (shared/admin-api/catalog.ts) or the sentences that say what to fix. Pure.
//
// A change sends only what differs from the product as the form opened it: a product is also
// changed by CSV imports, the API and receipts (which move its average cost), and a form left open
// meanwhile must not write back what it showed; a rename never touches the product's taxes (some of
// which, retired since, the server would refuse to put back: see parseProductChange).
import type { Product, ProductInput, ProductPatch, TaxDetail } from '../../shared/admin-api/catalog.ts';
import { isValidGtin, printedGtin, toGtin14 } from '../../shared/barcode/gtin.ts';
import { parseMoneyInput } from '../../shared/money/money-input.ts';
import type { Parsed } from './pricing-forms.ts';
import { orderTaxIds, sameTaxes } from './product-taxes.ts';

export const UNITS = ['unit', 'kg', 'g', 'l', 'ml', 'm'] as const;
/** The admin API's limits: money in minor units, taxes per product. */
const MAX_MONEY = 1_000_000_000;
export const MAX_TAXES = 5;

export interface ProductDraft {
  name: string;
  sku: string;
  /** Barcodes as printed, separated by spaces or commas. */
  barcode: string;
  price: string;
  priceIncludesTax: boolean;
  /** What one unit costs the store; empty: 0. */
  cost: string;
  /** The ticked taxes: the product's own in their order, then the ones ticked since, in the order ticked. */
  taxIds: string[];
  category: string;
  unit: (typeof UNITS)[number];
  tracking: Product['tracking'];
}

/** What the form needs to know of a tax. */
export type FormTax = Pick<TaxDetail, 'id' | 'name' | 'active' | 'compound'>;

/** Minor units as the form shows them: 250 → "2.50". */
export const typedMoney = (minor: number, digits: number): string => (minor / 10 ** digits).toFixed(digits);

/**
 * An empty form. Its price includes tax, as the server's default; it carries the first active tax
 * that is charged on the price alone (the store's usual VAT, rather than a levy on top of it).
 */
export function newProductDraft(taxes: readonly FormTax[]): ProductDraft {
  const usual = taxes.find((t) => t.active && t.compound !== true);
  return { name: '', sku: '', barcode: '', price: '', priceIncludesTax: true, cost: '', taxIds: usual ? [usual.id] : [], category: '', unit: 'unit', tracking: 'none' };
}

export function productDraft(p: Product, digits: number): ProductDraft {
  return {
    name: p.name, sku: p.sku, barcode: p.barcodes.map(printedGtin).join(' '), price: typedMoney(p.price, digits), priceIncludesTax: p.priceIncludesTax,
    cost: typedMoney(p.cost, digits), taxIds: [...p.taxIds], category: p.category, unit: p.unit, tracking: p.tracking,
  };
}

/** The taxes the form offers: the active ones, and a retired one only where the product carries it (to show it, not to add it). */
export function offeredTaxes<T extends FormTax>(taxes: readonly T[], product: Product | null): T[] {
  return taxes.filter((t) => t.active || (product?.taxIds.includes(t.id) ?? false));
}

/** The draft's taxes in the order they would be saved (product-taxes.ts). */
export function draftTaxOrder(d: ProductDraft, product: Product | null, taxes: readonly FormTax[]): string[] {
  return orderTaxIds(product?.taxIds ?? [], d.taxIds, (id) => taxes.find((t) => t.id === id)?.compound === true);
}

/** Why a retired tax the product carries must go before its taxes can change (the server refuses a retired tax on a product, even one it carries already). */
export const retiredTaxProblem = (name: string): string =>
  `The tax "${name}" is retired: this product keeps it only while its taxes stay as they are. To change them, untick "${name}" and tick the tax that replaces it (or restore "${name}" on the Taxes page first).`;

/** What the form's fields say, as the admin API's product holds it. */
type Fields = Pick<Product, 'name' | 'sku' | 'barcodes' | 'price' | 'priceIncludesTax' | 'cost' | 'taxIds' | 'category' | 'unit' | 'tracking'>;

function moneyOf(typed: string, digits: number, problem: string, out: string[]): number {
  const minor = parseMoneyInput(typed, digits);
  if (minor === null || minor > MAX_MONEY) out.push(problem);
  return minor ?? 0;
}

/** The draft read, with the sentences that say what to fix; `taxesChanged`: whether its taxes differ from the product's. */
function readDraft(d: ProductDraft, product: Product | null, taxes: readonly FormTax[], digits: number): { fields: Fields; taxesChanged: boolean; problems: string[] } {
  const out: string[] = [];
  const name = d.name.trim();
  if (!name) out.push('Name is required.');
  if (!/^\S+$/.test(d.sku)) out.push('SKU is required, without spaces.');
  const barcodes = d.barcode.split(/[\s,]+/).filter(Boolean);
  for (const b of barcodes) if (!isValidGtin(b)) out.push(`Barcode ${b} is not a valid EAN/UPC (length or check digit).`);
  const price = moneyOf(d.price, digits, 'Price must be an amount like 2.50.', out);
  const cost = d.cost.trim() === '' ? 0 : moneyOf(d.cost, digits, `Cost must be an amount like 1.20 (what one unit costs the store, in the store currency), or empty for none.`, out);
  const taxIds = draftTaxOrder(d, product, taxes);
  const taxesChanged = !sameTaxes(taxIds, product?.taxIds ?? []);
  if (taxIds.length > MAX_TAXES) out.push(`A product carries at most ${MAX_TAXES} taxes: untick ${taxIds.length - MAX_TAXES}.`);
  if (taxesChanged) {
    const retired = taxIds.map((id) => taxes.find((t) => t.id === id)).find((t) => t !== undefined && !t.active);
    if (retired) out.push(retiredTaxProblem(retired.name));
  }
  const fields: Fields = { name, sku: d.sku, barcodes, price, priceIncludesTax: d.priceIncludesTax, cost, taxIds, category: d.category.trim(), unit: d.unit, tracking: d.tracking };
  return { fields, taxesChanged, problems: out };
}

/** A new product's body (`POST /api/admin/products`). */
export function parseNewProduct(d: ProductDraft, taxes: readonly FormTax[], digits: number): Parsed<ProductInput> {
  const { fields, problems } = readDraft(d, null, taxes, digits);
  return problems.length ? { ok: false, problems } : { ok: true, value: fields };
}

const sameBarcodes = (typed: readonly string[], stored: readonly string[]): boolean => {
  const a = [...new Set(typed.map((b) => toGtin14(b) ?? b))].sort();
  const b = [...stored].sort();
  return a.length === b.length && a.every((x, i) => x === b[i]);
};

/**
 * A change's body (`PATCH /api/admin/products/:id`): only the fields that differ from `product`,
 * the product as the form opened it; empty when nothing changed. Its taxes are sent only when the
 * set or their order changed, so a product keeps a tax retired since it was given (the server
 * refuses to put a retired tax on a product, even back on one that carries it) as long as its taxes
 * are left alone; changing them while a retired one stays ticked is refused here with a sentence
 * rather than by the server.
 */
export function parseProductChange(d: ProductDraft, product: Product, taxes: readonly FormTax[], digits: number): Parsed<ProductPatch> {
  const { fields, taxesChanged, problems } = readDraft(d, product, taxes, digits);
  if (problems.length) return { ok: false, problems };
  // Texts are compared as the form showed them, amounts and barcodes by value: a name stored with a
  // trailing space by an import is not "changed" by opening the form, "3.4" is the price "3.40".
  const shown = productDraft(product, digits);
  const patch: ProductPatch = {};
  if (d.name !== shown.name) patch.name = fields.name;
  if (fields.sku !== product.sku) patch.sku = fields.sku;
  if (!sameBarcodes(fields.barcodes, product.barcodes)) patch.barcodes = fields.barcodes;
  if (fields.price !== product.price) patch.price = fields.price;
  if (fields.priceIncludesTax !== product.priceIncludesTax) patch.priceIncludesTax = fields.priceIncludesTax;
  if (fields.cost !== product.cost) patch.cost = fields.cost;
  if (taxesChanged) patch.taxIds = fields.taxIds;
  if (d.category !== shown.category) patch.category = fields.category;
  if (fields.unit !== product.unit) patch.unit = fields.unit;
  if (fields.tracking !== product.tracking) patch.tracking = fields.tracking;
  return { ok: true, value: patch };
}
