// Till session events (device-owned, append-only): open with a float, cash in/out, close with counts.
import type { RxJsonSchema } from 'rxdb';
import { idField, isoDateField, moneyField } from './common.ts';

export interface TenderAmount {
  method: string;
  amount: number;
}

export interface SessionEvent {
  id: string;
  kind: 'open' | 'cash_in' | 'cash_out' | 'close';
  tillId: string;
  siteId: string;
  sessionId: string;
  cashierId: string;
  createdAt: string;
  /** open: the counted float; cash_in / cash_out: the amount moved (always ≥ 0). */
  amount?: number;
  reason?: string;
  /** cash_in / cash_out: the supervisor who approved a movement beyond the limits. */
  approvedBy?: string;
  /** close: what the cashier counted per tender. */
  counted?: TenderAmount[];
  /** close: what the till expected per tender (informative; the server recomputes). */
  expected?: TenderAmount[];
  /** close: the last sale `seq` of this session, so the server can tell late sales. */
  lastSeq?: number;
}

const tenderAmounts = {
  type: 'array',
  maxItems: 20,
  items: {
    type: 'object',
    properties: { method: { type: 'string', maxLength: 32 }, amount: moneyField },
    required: ['method', 'amount'],
    additionalProperties: false,
  },
} as const;

export const sessionEventSchema = {
  title: 'sessions',
  description: 'Till session events; device-owned, append-only.',
  // 1: optional fields added (issue 12); schemaMigrations in index.ts carries old documents over.
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    kind: { type: 'string', enum: ['open', 'cash_in', 'cash_out', 'close'] },
    tillId: idField,
    siteId: idField,
    sessionId: idField,
    cashierId: idField,
    createdAt: isoDateField,
    amount: { type: 'integer', minimum: 0 },
    reason: { type: 'string', maxLength: 200 },
    approvedBy: idField,
    counted: tenderAmounts,
    expected: tenderAmounts,
    lastSeq: { type: 'integer', minimum: 0 },
  },
  required: ['id', 'kind', 'tillId', 'siteId', 'sessionId', 'cashierId', 'createdAt'],
  indexes: ['sessionId', 'createdAt'],
  additionalProperties: false,
} as const satisfies RxJsonSchema<SessionEvent>;
