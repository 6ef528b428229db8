// Scanner-station events (device-owned, append-only): claim, release and validate a picking.
import type { RxJsonSchema } from 'rxdb';
import { idField, stationEventOriginFields, type StationEventOrigin } from './common.ts';

export interface PickedLine {
  lineId: string;
  productId: string;
  qty: number;
  fromLocationId: string;
  toLocationId?: string;
  lot?: string;
  expiry?: string;
  serial?: string;
  packageId?: string;
}

export interface PickingEvent extends StationEventOrigin {
  kind: 'claim' | 'release' | 'validate';
  pickingId: string;
  lines?: PickedLine[];
  /** validate: create a backorder for what was not picked (true) or cancel the remainder. */
  backorder?: boolean;
  /** Scan errors seen while working, for the warehouse report. */
  scanErrors?: number;
}

export const pickingEventSchema = {
  title: 'picking_events',
  description: 'Claim/release/validate events from scanner stations; device-owned.',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    ...stationEventOriginFields,
    kind: { type: 'string', enum: ['claim', 'release', 'validate'] },
    pickingId: idField,
    lines: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        properties: {
          lineId: { type: 'string', maxLength: 64 },
          productId: { type: 'string', maxLength: 64 },
          qty: { type: 'number', minimum: 0 },
          fromLocationId: { type: 'string', maxLength: 64 },
          toLocationId: { type: 'string', maxLength: 64 },
          lot: { type: 'string', maxLength: 40 },
          expiry: { type: 'string', maxLength: 10 },
          serial: { type: 'string', maxLength: 40 },
          packageId: { type: 'string', maxLength: 64 },
        },
        required: ['lineId', 'productId', 'qty', 'fromLocationId'],
        additionalProperties: false,
      },
    },
    backorder: { type: 'boolean' },
    scanErrors: { type: 'integer', minimum: 0 },
  },
  required: ['id', 'kind', 'pickingId', 'deviceId', 'siteId', 'userId', 'createdAt'],
  indexes: ['createdAt'],
  additionalProperties: false,
} as const satisfies RxJsonSchema<PickingEvent>;
