// Weighed demo products (issue 12 point 6): a new user can try scale barcodes at once. The first
// few products sold by the kg get plain names and prices per kg, and the two restricted-circulation
// EAN-13 layouts the till reads by default (shared/barcode/scan-config.ts): prefix 20 carries the
// price (20 IIIII PPPPP C, cents) and prefix 21 the weight (21 IIIII WWWWW C, grams). Each product
// is stored under both lookup codes (item reference + zeros), which is what the till's scan
// resolution looks up; `demoScaleBarcodes` gives example labels to scan (listed in docs/till.md).
import { defaultScanConfig, variableMeasureCode, type VariableMeasureRule } from '../../shared/barcode/index.ts';
import { multiplyMinor } from '../../shared/money/minor-units.ts';
import type { Tx } from '../db/db.ts';

export interface DemoWeighed {
  /** The item reference after the prefix (5 digits). */
  item: string;
  name: string;
  /** Price per kg, minor units. */
  pricePerKg: number;
}

export const DEMO_WEIGHED: readonly DemoWeighed[] = [
  { item: '00001', name: 'Loose Apples', pricePerKg: 320 },
  { item: '00002', name: 'Comté Cheese', pricePerKg: 2490 },
  { item: '00003', name: 'Mixed Nuts', pricePerKg: 1590 },
];

function ruleFor(kind: 'price' | 'weight'): VariableMeasureRule {
  const prefix = kind === 'price' ? '20' : '21';
  const rule = defaultScanConfig.variableMeasureRules.find((r) => r.prefix === prefix && r.valueKind === kind);
  if (!rule) throw new Error(`the default scan config has no ${kind} rule with prefix ${prefix}`);
  return rule;
}

/** Example labels for a weighed demo product: `grams` of it, by weight and by price (the line amount the till computes). */
export function demoScaleBarcodes(product: DemoWeighed, grams: number): { weight: string; price: string; priceCents: number } {
  const priceCents = multiplyMinor(product.pricePerKg, grams / 1000);
  return {
    weight: variableMeasureCode(ruleFor('weight'), product.item, grams).ean13,
    price: variableMeasureCode(ruleFor('price'), product.item, priceCents).ean13,
    priceCents,
  };
}

/**
 * Turns the first products sold by the kg (by SKU) into the weighed demo products, with their
 * price- and weight-embedded lookup codes. Runs inside the seed, before the catalog is published.
 * A catalog with fewer products sold by the kg gets fewer of them.
 */
export async function addWeighedDemoProducts(tx: Tx): Promise<void> {
  const kg = await tx.query<{ id: string }>(`SELECT id FROM products WHERE unit = 'kg' ORDER BY sku LIMIT $1`, [DEMO_WEIGHED.length]);
  for (const [i, row] of kg.entries()) {
    const demo = DEMO_WEIGHED[i];
    if (!demo) break;
    await tx.query(`UPDATE products SET name = $2, price = $3, cost = $4, category = 'Grocery' WHERE id = $1`, [row.id, demo.name, demo.pricePerKg, Math.round(demo.pricePerKg * 0.6)]);
    await tx.query(`UPDATE product_taxes SET tax_id = 'tax-reduced' WHERE product_id = $1`, [row.id]);
    for (const kind of ['price', 'weight'] as const) {
      await tx.query('INSERT INTO product_barcodes (barcode, product_id) VALUES ($1, $2)', [variableMeasureCode(ruleFor(kind), demo.item, 0).lookupGtin, row.id]);
    }
  }
}
