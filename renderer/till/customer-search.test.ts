import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Customer } from '../../shared/schemas/index.ts';
import { searchCustomers } from './customer-search.ts';

const customer = (id: string, name: string, extra: Partial<Customer> = {}): Customer => ({ id, name, business: false, updatedAt: '2026-01-01T00:00:00.000Z', ...extra });

const ada = customer('c1', 'Ada Lovelace', { email: 'Ada@Example.com', phone: '+33 6 12 34 56 78' });
const bob = customer('c2', 'Bob Martin', { phone: '07 00 00 00 01' });
const grace = customer('c3', 'Grace Hopper', { email: 'grace@example.org' });
const all = [ada, bob, grace];
const ids = (query: string, country: string | null = 'FR'): string[] => searchCustomers(all, query, country).map((c) => c.id);

describe('till customer search', () => {
  it('finds a phone number typed nationally or internationally, with spaces, dots or dashes', () => {
    for (const typed of ['06 12 34 56 78', '0612345678', '06.12.34.56.78', '06-12-34-56-78', '+33612345678', '+33 6 12 34 56 78', '0033 6 12 34 56 78']) {
      expect(ids(typed), typed).toEqual(['c1']);
    }
    // A number stored nationally is found by its international form too.
    expect(ids('+33 7 00 00 00 01')).toEqual(['c2']);
    expect(ids('07.00.00.00.01')).toEqual(['c2']);
  });

  it('reads national numbers with the store’s country: without it, a national number is only its digits', () => {
    expect(ids('+33 6 12 34 56 78', null)).toEqual(['c1']);
    expect(ids('+33 7 00 00 00 01', null)).toEqual([]);
    expect(ids('06 12 34 56 78', 'GB')).toEqual([]);
    expect(ids('06 12 34 56 78', null)).toEqual([]);
  });

  it('finds a part of the number as the cashier types it', () => {
    expect(ids('12 34 56')).toEqual(['c1']);
    expect(ids('+33 6 12')).toEqual(['c1']);
    expect(ids('00 00 01')).toEqual(['c2']);
  });

  it('finds a name however its accents are typed', () => {
    const people = [customer('c4', 'José Álvarez'), customer('c5', 'Zoë Øberg'), customer('c6', 'Joss Stone')];
    const found = (query: string): string[] => searchCustomers(people, query, 'FR').map((c) => c.id);
    expect(found('jose')).toEqual(['c4']);
    expect(found('ALVAREZ')).toEqual(['c4']);
    expect(found('josé')).toEqual(['c4']);
    expect(found('zoe ob')).toEqual(['c5']);
    expect(found('jos')).toEqual(['c4', 'c6']);
  });

  it('finds by a part of the name or the e-mail whatever its case, and nobody for less than two characters', () => {
    expect(ids('love')).toEqual(['c1']);
    expect(ids('EXAMPLE')).toEqual(['c1', 'c3']);
    expect(ids('a')).toEqual([]);
    expect(ids('  ')).toEqual([]);
    expect(ids('zz')).toEqual([]);
  });

  it('does not read digits inside other text as a phone number', () => {
    const agent = customer('c4', 'Agent 007', {});
    expect(searchCustomers([...all, agent], 'agent 007', 'FR').map((c) => c.id)).toEqual(['c4']);
    expect(searchCustomers([...all, agent], 'ada 0612345678', 'FR')).toEqual([]);
  });

  it('stops at the limit', () => {
    const many = Array.from({ length: 20 }, (_, i) => customer(`m${i}`, `Martin ${i}`));
    expect(searchCustomers(many, 'martin', 'FR')).toHaveLength(6);
    expect(searchCustomers(many, 'martin', 'FR', 3).map((c) => c.id)).toEqual(['m0', 'm1', 'm2']);
  });

  it('finds a French mobile number however its digits are grouped and separated', () => {
    const separator = fc.constantFrom('', ' ', '.', '-');
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 }), separator, fc.boolean(), (rest, sep, international) => {
        const digits = `6${rest.join('')}`;
        const stored = customer('x', 'Someone', { phone: `+33 ${digits[0]} ${digits.slice(1).match(/../g)?.join(' ')}` });
        const groups = `0${digits}`.match(/../g) ?? [];
        const typed = international ? `+33${sep}${digits[0]}${sep}${groups.slice(1).join(sep)}` : groups.join(sep);
        expect(searchCustomers([grace, stored], typed, 'FR').map((c) => c.id)).toEqual(['x']);
      }),
    );
  });
});
