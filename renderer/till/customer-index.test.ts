import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Customer } from '../../shared/schemas/index.ts';
import { createCustomerIndex } from './customer-index.ts';
import { searchCustomers } from './customer-search.ts';

const customer = (id: string, name: string, extra: Partial<Customer> = {}): Customer => ({ id, name, business: false, updatedAt: '2026-01-01T00:00:00.000Z', ...extra });
const ids = (found: readonly Customer[]): string[] => found.map((c) => c.id);

describe('till customer index', () => {
  it('finds what the customer search finds, in id order whatever order the customers came in', () => {
    const index = createCustomerIndex([
      customer('c3', 'Grace Hopper', { email: 'grace@example.org' }),
      customer('c1', 'José Álvarez', { email: 'jose@example.com', phone: '+33 6 12 34 56 78' }),
      customer('c2', 'Joss Stone', { phone: '07 00 00 00 01' }),
    ]);
    expect(ids(index.search('jos', 'FR'))).toEqual(['c1', 'c2']);
    expect(ids(index.search('EXAMPLE', 'FR'))).toEqual(['c1', 'c3']);
    expect(ids(index.search('06 12 34 56 78', 'FR'))).toEqual(['c1']);
    expect(ids(index.search('+33 7 00 00 00 01', 'FR'))).toEqual(['c2']);
    expect(index.search('j', 'FR')).toEqual([]);
  });

  it('finds a customer put in after it was built, and the new version of a changed one only', () => {
    const index = createCustomerIndex([customer('c1', 'Ada Lovelace')]);
    index.put([customer('c0', 'Ada Byron', { phone: '+44 20 7946 0000' })]);
    expect(ids(index.search('ada', 'GB'))).toEqual(['c0', 'c1']);
    expect(ids(index.search('7946', 'GB'))).toEqual(['c0']);
    index.put([customer('c1', 'Augusta King', { email: 'augusta@example.com' })]);
    expect(ids(index.search('ada', 'GB'))).toEqual(['c0']);
    expect(ids(index.search('augusta@', 'GB'))).toEqual(['c1']);
    expect(index.byId('c1')?.name).toBe('Augusta King');
    expect(index.size).toBe(2);
  });

  it('forgets a deleted customer (a customer merged into another is deleted from the tills)', () => {
    const index = createCustomerIndex([customer('keep', 'Ada Lovelace', { email: 'ada@example.com' }), customer('merged', 'Ada L.', { email: 'ada.l@example.com' })]);
    expect(ids(index.search('ada', null))).toEqual(['keep', 'merged']);
    index.remove(['merged']);
    expect(ids(index.search('ada', null))).toEqual(['keep']);
    expect(index.byId('merged')).toBeUndefined();
    index.remove(['nobody']);
    expect(index.size).toBe(1);
  });

  it('after any sequence of puts and removes, small or in bulk, answers as the search over the customers it holds', () => {
    const names = ['Ada Lovelace', 'José Álvarez', 'Zoë Øberg', 'Martin Dupont', 'Anna Martin', 'Agent 007'];
    const arbCustomer = fc.record({
      id: fc.integer({ min: 0, max: 150 }).map((n) => `c${String(n).padStart(3, '0')}`),
      name: fc.constantFrom(...names),
      phone: fc.option(fc.integer({ min: 0, max: 99_999_999 }).map((n) => `+33 6 ${String(n).padStart(8, '0')}`), { nil: undefined }),
    });
    const arbStep = fc.oneof(
      fc.record({ put: fc.array(arbCustomer, { maxLength: 100 }) }),
      fc.record({ remove: fc.array(fc.integer({ min: 0, max: 150 }).map((n) => `c${String(n).padStart(3, '0')}`), { maxLength: 100 }) }),
    );
    const queries = ['ada', 'mar', 'jose', 'zoe ob', '06 00', '+33 6', '007', 'ex'];
    fc.assert(
      fc.property(fc.array(arbCustomer, { maxLength: 50 }), fc.array(arbStep, { maxLength: 12 }), (initial, steps) => {
        const held = new Map<string, Customer>();
        const make = ({ id, name, phone }: { id: string; name: string; phone: string | undefined }): Customer => customer(id, name, phone ? { phone } : {});
        for (const c of initial) held.set(c.id, make(c));
        const index = createCustomerIndex([...held.values()].reverse());
        for (const step of steps) {
          if ('put' in step) {
            const batch = step.put.map(make);
            // One version per customer in a batch, as a change bulk holds.
            const unique = [...new Map(batch.map((c) => [c.id, c])).values()];
            index.put(unique);
            for (const c of unique) held.set(c.id, c);
          } else {
            index.remove(step.remove);
            for (const id of step.remove) held.delete(id);
          }
          const inIdOrder = [...held.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
          for (const q of queries) expect(ids(index.search(q, 'FR', 10)), q).toEqual(ids(searchCustomers(inIdOrder, q, 'FR', 10)));
          expect(index.size).toBe(held.size);
        }
      }),
      { numRuns: 60 },
    );
  });
});
