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
  updatedAt: string;
}

export const customerSchema = {
  title: 'customers',
  description: 'Customers; server-owned.',
  // 1: groupId (issue 17).
  version: 1,
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
    updatedAt: { type: 'string', maxLength: 40 },
  },
  required: ['id', 'name', 'business', 'updatedAt'],
  additionalProperties: false,
} as const satisfies RxJsonSchema<Customer>;
