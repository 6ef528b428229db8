// Acknowledgements (server-owned): the outcome of each event a device pushed.
import type { RxJsonSchema } from 'rxdb';
import type { AckStatus, Problem } from './common.ts';
import { idField, problemSchema } from './common.ts';

export interface Ack {
  /** The event id this acknowledges. */
  id: string;
  /** The collection the acknowledged event was pushed to. Not `collection`: RxDocument owns that name. */
  eventCollection: string;
  status: AckStatus;
  problems: Problem[];
  deviceId: string;
  at: string;
}

export const ackSchema = {
  title: 'acks',
  description: 'Outcome per pushed event; server-owned.',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    eventCollection: { type: 'string', maxLength: 32 },
    status: { type: 'string', enum: ['applied', 'exception', 'rejected'] },
    problems: { type: 'array', maxItems: 50, items: problemSchema },
    deviceId: idField,
    at: { type: 'string', maxLength: 40 },
  },
  required: ['id', 'eventCollection', 'status', 'problems', 'deviceId', 'at'],
  additionalProperties: false,
} as const satisfies RxJsonSchema<Ack>;
