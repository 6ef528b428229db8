// Inventory counts (device-owned, append-only): what was physically counted at a location.
// The server turns the difference with on-hand into an adjustment (or a pending approval).
import type { RxJsonSchema } from 'rxdb';
import { idField, stationEventOriginFields, type StationEventOrigin } from './common.ts';

export interface CountedLine {
  productId: string;
  lot?: string;
  counted: number;
}

export interface StockCount extends StationEventOrigin {
  locationId: string;
  reason?: string;
  lines: CountedLine[];
}

export const stockCountSchema = {
  title: 'counts',
  description: 'Inventory counts from devices; device-owned.',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    ...stationEventOriginFields,
    locationId: idField,
    reason: { type: 'string', maxLength: 200 },
    lines: {
      type: 'array',
      minItems: 1,
      maxItems: 5000,
      items: {
        type: 'object',
        properties: {
          productId: { type: 'string', maxLength: 64 },
          lot: { type: 'string', maxLength: 40 },
          counted: { type: 'number', minimum: 0 },
        },
        required: ['productId', 'counted'],
        additionalProperties: false,
      },
    },
  },
  required: ['id', 'deviceId', 'siteId', 'userId', 'locationId', 'createdAt', 'lines'],
  indexes: ['createdAt'],
  additionalProperties: false,
} as const satisfies RxJsonSchema<StockCount>;
