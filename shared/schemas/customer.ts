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
  updatedAt: string;
}

export const customerSchema = {
  title: 'customers',
  description: 'Customers; server-owned.',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    name: { type: 'string', maxLength: 200 },
    email: { type: 'string', maxLength: 200 },
    phone: { type: 'string', maxLength: 40 },
    taxNumber: { type: 'string', maxLength: 40 },
    business: { type: 'boolean' },
    updatedAt: { type: 'string', maxLength: 40 },
  },
  required: ['id', 'name', 'business', 'updatedAt'],
  additionalProperties: false,
} as const satisfies RxJsonSchema<Customer>;
