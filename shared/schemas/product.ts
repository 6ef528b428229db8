// Catalog products (server-owned, replicated down to every device of the company).
import type { RxJsonSchema } from 'rxdb';
import { idField, moneyField } from './common.ts';

export interface Product {
  id: string;
  sku: string;
  name: string;
  /** GTIN-14 normalised barcodes (see shared/barcode). */
  barcodes: string[];
  /** Unit price in minor units; tax-inclusive unless `priceIncludesTax` is false. */
  price: number;
  priceIncludesTax: boolean;
  /** Moving-average cost, minor units per unit. */
  cost: number;
  taxIds: string[];
  category: string;
  /** `unit` for pieces, `kg` / `l` / `m` for measured goods. */
  unit: string;
  tracking: 'none' | 'lot' | 'serial';
  active: boolean;
  updatedAt: string;
}

export const productSchema = {
  title: 'products',
  description: 'Product master; server-owned, read-only on devices.',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    sku: { type: 'string', maxLength: 64 },
    name: { type: 'string', maxLength: 200 },
    barcodes: { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 14 } },
    price: moneyField,
    priceIncludesTax: { type: 'boolean' },
    cost: moneyField,
    taxIds: { type: 'array', maxItems: 8, items: { type: 'string', maxLength: 64 } },
    category: { type: 'string', maxLength: 100 },
    unit: { type: 'string', maxLength: 16 },
    tracking: { type: 'string', enum: ['none', 'lot', 'serial'] },
    active: { type: 'boolean' },
    updatedAt: { type: 'string', maxLength: 40 },
  },
  required: [
    'id', 'sku', 'name', 'barcodes', 'price', 'priceIncludesTax', 'cost', 'taxIds',
    'category', 'unit', 'tracking', 'active', 'updatedAt',
  ],
  indexes: ['sku'],
  additionalProperties: false,
} as const satisfies RxJsonSchema<Product>;
