import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderTaxIds, sameTaxes } from './product-taxes.ts';

const IDS = ['t0', 't1', 't2', 't3', 't4', 't5', 't6', 't7'];

/** Which of IDS are compound, a product's taxes (distinct) and what is ticked, in tick order (repeats allowed). */
const cases = fc.record({
  compound: fc.array(fc.boolean(), { minLength: IDS.length, maxLength: IDS.length }),
  existing: fc.uniqueArray(fc.constantFrom(...IDS), { maxLength: 5 }),
  chosen: fc.array(fc.constantFrom(...IDS), { maxLength: 10 }),
});
const compoundOf = (flags: readonly boolean[]) => (id: string): boolean => flags[IDS.indexOf(id)] === true;

describe('the order the product form saves taxes in', () => {
  it("keeps a product's taxes as they are when the ticks are the product's own", () => {
    fc.assert(fc.property(cases, ({ compound, existing }) => {
      const isCompound = compoundOf(compound);
      expect(orderTaxIds(existing, existing, isCompound)).toEqual(existing);
      expect(orderTaxIds(existing, [...existing].reverse(), isCompound)).toEqual(existing);
    }));
  });

  it('saves exactly the ticked taxes, each once', () => {
    fc.assert(fc.property(cases, ({ compound, existing, chosen }) => {
      const saved = orderTaxIds(existing, chosen, compoundOf(compound));
      expect(new Set(saved).size).toBe(saved.length);
      expect([...saved].sort()).toEqual([...new Set(chosen)].sort());
    }));
  });

  it("keeps the order of the product's taxes that stay", () => {
    fc.assert(fc.property(cases, ({ compound, existing, chosen }) => {
      const saved = orderTaxIds(existing, chosen, compoundOf(compound));
      expect(saved.filter((id) => existing.includes(id))).toEqual(existing.filter((id) => chosen.includes(id)));
    }));
  });

  it('puts a newly ticked plain tax before every compound tax, and a newly ticked compound tax last, in the order ticked', () => {
    fc.assert(fc.property(cases, ({ compound, existing, chosen }) => {
      const isCompound = compoundOf(compound);
      const saved = orderTaxIds(existing, chosen, isCompound);
      const added = [...new Set(chosen)].filter((id) => !existing.includes(id));
      const at = (id: string): number => saved.indexOf(id);
      for (const plain of added.filter((id) => !isCompound(id))) for (const c of saved.filter(isCompound)) expect(at(plain)).toBeLessThan(at(c));
      const addedCompound = added.filter(isCompound);
      expect(saved.slice(saved.length - addedCompound.length)).toEqual(addedCompound);
      expect(saved.filter((id) => added.includes(id) && !isCompound(id))).toEqual(added.filter((id) => !isCompound(id)));
    }));
  });

  it('lists plain taxes before compound ones whenever the product did', () => {
    fc.assert(fc.property(cases, ({ compound, existing, chosen }) => {
      const isCompound = compoundOf(compound);
      const plainFirst = (ids: readonly string[]): boolean => ids.every((id, i) => !isCompound(id) || ids.slice(i).every(isCompound));
      fc.pre(plainFirst(existing));
      expect(plainFirst(orderTaxIds(existing, chosen, isCompound))).toBe(true);
    }));
  });

  it('gives the same order when a saved product is opened and saved again', () => {
    fc.assert(fc.property(cases, ({ compound, existing, chosen }) => {
      const isCompound = compoundOf(compound);
      const saved = orderTaxIds(existing, chosen, isCompound);
      expect(sameTaxes(orderTaxIds(saved, saved, isCompound), saved)).toBe(true);
    }));
  });

  it('puts VAT ticked on a product with a compound levy before the levy, and a levy ticked after VAT', () => {
    const isCompound = (id: string): boolean => id === 'levy';
    expect(orderTaxIds(['levy'], ['levy', 'vat'], isCompound)).toEqual(['vat', 'levy']);
    expect(orderTaxIds(['vat'], ['levy', 'vat'], isCompound)).toEqual(['vat', 'levy']);
    // An order a CSV import gave (the levy charged on the price alone) stays; a new VAT goes under the levy.
    expect(orderTaxIds(['levy', 'vat'], ['levy', 'vat', 'reduced'], isCompound)).toEqual(['reduced', 'levy', 'vat']);
  });

  it('tells the same list from another order or another set', () => {
    expect(sameTaxes(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameTaxes(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(sameTaxes(['a'], ['a', 'b'])).toBe(false);
    expect(sameTaxes([], [])).toBe(true);
  });
});
