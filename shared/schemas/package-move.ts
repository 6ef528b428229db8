// A package (SSCC) moved as a unit by a scanner station (device-owned, append-only): the station
// scanned the package, showed what the books say it holds, and the picker scanned where it went.
// The server moves each content line and compares what the station saw with its books.
import type { RxJsonSchema } from 'rxdb';
import { idField, stationEventOriginFields, type StationEventOrigin } from './common.ts';

export interface PackageContentLine {
  productId: string;
  lot?: string;
  qty: number;
}

export interface PackageMove extends StationEventOrigin {
  /** The package's SSCC (GS1 AI 00), or the package id typed at a pack step. */
  sscc: string;
  /** Where the station had the package when it was scanned. */
  fromLocationId: string;
  toLocationId: string;
  /** What the station showed the picker: the server flags a package whose contents changed since. */
  contents: PackageContentLine[];
}

export const packageMoveSchema = {
  title: 'package_moves',
  description: 'Packages moved as a unit by scanner stations; device-owned.',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    ...stationEventOriginFields,
    sscc: { type: 'string', minLength: 1, maxLength: 64 },
    fromLocationId: idField,
    toLocationId: idField,
    contents: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        properties: {
          productId: { type: 'string', maxLength: 64 },
          lot: { type: 'string', maxLength: 40 },
          qty: { type: 'number', exclusiveMinimum: 0 },
        },
        required: ['productId', 'qty'],
        additionalProperties: false,
      },
    },
  },
  required: ['id', 'deviceId', 'siteId', 'userId', 'createdAt', 'sscc', 'fromLocationId', 'toLocationId', 'contents'],
  indexes: ['createdAt'],
  additionalProperties: false,
} as const satisfies RxJsonSchema<PackageMove>;
