// Stock levels for the device's own site (server-owned): one document per product/location/lot quant.
import type { RxJsonSchema } from 'rxdb';
import { idField } from './common.ts';

export interface StockLevel {
  /** `${productId}|${locationId}|${lot}` — stable per quant. */
  id: string;
  productId: string;
  locationId: string;
  siteId: string;
  lot: string;
  expiry?: string;
  onHand: number;
  reserved: number;
}

export const stockLevelSchema = {
  title: 'stock',
  description: 'Quants of the device site; server-owned.',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 200 },
    productId: idField,
    locationId: idField,
    siteId: idField,
    lot: { type: 'string', maxLength: 40 },
    expiry: { type: 'string', maxLength: 10 },
    onHand: { type: 'number' },
    reserved: { type: 'number' },
  },
  required: ['id', 'productId', 'locationId', 'siteId', 'lot', 'onHand', 'reserved'],
  indexes: ['productId'],
  additionalProperties: false,
} as const satisfies RxJsonSchema<StockLevel>;
