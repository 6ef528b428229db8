// Customers (server-owned), so the till can attach one to a sale offline.
import type { RxJsonSchema } from 'rxdb';
import { idField } from './common.ts';

export interface Customer {
  id: string;
  name: string;
  email?: string;
  phone?: string;
  /** VAT or company number: business customers may ask for an invoice. */
  taxNumber?: string;
  business: boolean;
  /** Customer group (issue 17): selects the customer's pricelist. */
  groupId?: string;
  /** Loyalty points (issue 17, docs/stored-value.md), as the server holds them. */
  points?: number;
  /** Store credit per currency, minor units, as the server holds it. */
  storeCredit?: { currency: string; amount: number }[];
  updatedAt: string;
}

export const customerSchema = {
  title: 'customers',
  description: 'Customers; server-owned.',
  // 1: groupId (issue 17); 2: points and storeCredit (issue 17, docs/stored-value.md).
  version: 2,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    name: { type: 'string', maxLength: 200 },
    email: { type: 'string', maxLength: 200 },
    phone: { type: 'string', maxLength: 40 },
    taxNumber: { type: 'string', maxLength: 40 },
    business: { type: 'boolean' },
    groupId: { type: 'string', maxLength: 64 },
    points: { type: 'integer' },
    storeCredit: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        properties: { currency: { type: 'string', maxLength: 3 }, amount: { type: 'integer' } },
        required: ['currency', 'amount'],
        additionalProperties: false,
      },
    },
    updatedAt: { type: 'string', maxLength: 40 },
  },
  required: ['id', 'name', 'business', 'updatedAt'],
  additionalProperties: false,
} as const satisfies RxJsonSchema<Customer>;
