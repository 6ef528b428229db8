// Building blocks shared by every replicated collection schema.
// Keys that RxDB indexes must be `required` and carry `maxLength` (RxDB rule), so they live here once.

export const ID_MAX = 64;
export const HASH_HEX_LENGTH = 64;
export const ZERO_HASH = '0'.repeat(HASH_HEX_LENGTH);

export const idField = { type: 'string', maxLength: ID_MAX } as const;
export const isoDateField = { type: 'string', maxLength: 40 } as const;
export const moneyField = { type: 'integer' } as const;

/** Who made a station's event, where and when: the fields every device-owned scanner event starts with. */
export interface StationEventOrigin {
  id: string;
  deviceId: string;
  siteId: string;
  userId: string;
  createdAt: string;
}

/** The schema of {@link StationEventOrigin}; RxDB sorts schema keys before hashing, so spreading it keeps existing databases valid. */
export const stationEventOriginFields = {
  id: idField,
  deviceId: idField,
  siteId: idField,
  userId: idField,
  createdAt: isoDateField,
} as const;

/** Outcome of an event on the server, flowing back down in the `acks` collection. */
export type AckStatus = 'applied' | 'exception' | 'rejected';
export type Severity = 'info' | 'warning' | 'critical';

export interface Problem {
  code: string;
  message: string;
  severity: Severity;
}

export const problemSchema = {
  type: 'object',
  properties: {
    code: { type: 'string', maxLength: 64 },
    message: { type: 'string', maxLength: 1000 },
    severity: { type: 'string', enum: ['info', 'warning', 'critical'] },
  },
  required: ['code', 'message', 'severity'],
  additionalProperties: false,
} as const;
