// What each site has of a product to sell now (server-owned, company-wide): the endless aisle's
// "where is it" on the till (docs/till.md "Endless aisle"). One document per product, made by the
// server from its quants (on hand − reserved over each site's internal locations) whenever one of
// them changes (sync-server/feed/pull.ts), so it follows every sale, order and receipt live.
import type { RxJsonSchema } from 'rxdb';
import { idField } from './common.ts';

export interface SiteAvailability {
  siteId: string;
  code: string;
  name: string;
  kind: 'store' | 'warehouse';
  /** On hand − reserved, never below 0. */
  available: number;
}

export interface ProductAvailability {
  /** The product id. */
  id: string;
  productId: string;
  /** Every site that holds or held the product, warehouses first, then by code. */
  sites: SiteAvailability[];
}

export const availabilitySchema = {
  title: 'availability',
  description: 'Per product, what each site has available; server-owned.',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    productId: idField,
    sites: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        properties: {
          siteId: idField,
          code: { type: 'string', maxLength: 32 },
          name: { type: 'string', maxLength: 200 },
          kind: { type: 'string', enum: ['store', 'warehouse'] },
          available: { type: 'number' },
        },
        required: ['siteId', 'code', 'name', 'kind', 'available'],
        additionalProperties: false,
      },
    },
  },
  required: ['id', 'productId', 'sites'],
  additionalProperties: false,
} as const satisfies RxJsonSchema<ProductAvailability>;
