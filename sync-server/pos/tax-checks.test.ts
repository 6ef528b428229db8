import { describe, expect, it } from 'vitest';
import type { Sale, SaleLine } from '../../shared/schemas/index.ts';
import { type CatalogTax, checkLineTaxes, returnTaxProblems, type TaxCheckContext, type TaxedProduct } from './tax-checks.ts';

const NOV_1 = Date.UTC(2026, 10, 1);
const DAY = 24 * 60 * 60 * 1000;

const taxes: Record<string, CatalogTax> = {
  vat: { name: 'VAT', rates: [{ value: 19, from: NOV_1 - 300 * DAY }, { value: 20, from: NOV_1 }] },
  reduced: { name: 'VAT reduced', rates: [{ value: 5.5, from: NOV_1 - 300 * DAY }] },
  eco: { name: 'Eco levy', rates: [{ value: 1, from: NOV_1 - 300 * DAY }] },
};
const ctx: TaxCheckContext = { tax: (id) => taxes[id], timeZone: 'Europe/Paris' };
const beans: TaxedProduct = { name: 'Espresso beans', taxIds: ['vat'], taxSets: [{ value: ['vat'], from: NOV_1 - 300 * DAY }] };

function sale(at: number, taxList: SaleLine['taxes'], extra: Partial<SaleLine> = {}): { sale: Sale; line: SaleLine } {
  const line: SaleLine = { lineId: 'l1', productId: 'p1', qty: 1, unitPrice: 1200, discount: 0, total: 1200, taxes: taxList, ...extra };
  const s = {
    id: 's1', kind: 'sale', tillId: 't', siteId: 'x', sessionId: 'se', cashierId: 'c', seq: 42, receiptNo: 'T1-000042', createdAt: new Date(at).toISOString(),
    currency: 'EUR', lines: [line], payments: [], total: 1200, prevHash: '', hash: '',
  } as Sale;
  return { sale: s, line };
}
const check = (at: number, taxList: SaleLine['taxes'], product = beans, extra: Partial<SaleLine> = {}) => {
  const { sale: s, line } = sale(at, taxList, extra);
  return checkLineTaxes(s, line, product, ctx);
};

describe('a sale line taxes judged against the catalog', () => {
  it('raises nothing for the catalog rate in force at the sale time, before and after a change', () => {
    expect(check(NOV_1 + DAY, [{ taxId: 'vat', rate: 20, amount: 200 }])).toEqual([]);
    expect(check(NOV_1 - DAY, [{ taxId: 'vat', rate: 19, amount: 192 }])).toEqual([]);
  });

  it('flags a lowered rate as critical, naming the receipt, product, tax and both rates with the date of the change in store time', () => {
    expect(check(NOV_1 + DAY, [{ taxId: 'vat', rate: 0, amount: 0 }])).toEqual([{
      code: 'tax_rate_mismatch', severity: 'critical',
      message: `Receipt T1-000042: "Espresso beans" sold with "VAT" at 0 %, but the catalog's rate for it is 20 % since 2026-11-01 01:00: check the till's tax settings and the receipt`,
    }]);
  });

  it('excuses the previous rate for a week after the change as outdated, then calls it critical', () => {
    expect(check(NOV_1 + 2 * DAY, [{ taxId: 'vat', rate: 19, amount: 192 }])).toEqual([{
      code: 'tax_rate_outdated', severity: 'warning',
      message: 'Receipt T1-000042: "Espresso beans" sold with "VAT" at 19 %, its rate until 2026-11-01 01:00, when it became 20 %: the till had not received that change yet; check that it syncs',
    }]);
    expect(check(NOV_1 + 8 * DAY, [{ taxId: 'vat', rate: 19, amount: 192 }]).map((p) => [p.code, p.severity])).toEqual([['tax_rate_mismatch', 'critical']]);
  });

  it('flags a product tax left off the line, a tax the product does not carry and a tax the catalog does not have', () => {
    expect(check(NOV_1 + DAY, [])).toEqual([{
      code: 'tax_missing', severity: 'critical',
      message: `Receipt T1-000042: "Espresso beans" sold without "VAT" (20 %), which the catalog charges on it: check the till's catalog and the receipt`,
    }]);
    expect(check(NOV_1 + DAY, [{ taxId: 'vat', rate: 20, amount: 198 }, { taxId: 'eco', rate: 1, amount: 2 }]).map((p) => [p.code, p.severity, p.message])).toEqual([
      ['tax_extra', 'critical', `Receipt T1-000042: "Espresso beans" sold with "Eco levy" (1 %), which the catalog does not charge on it: check the till's catalog and the receipt`],
    ]);
    expect(check(NOV_1 + DAY, [{ taxId: 'vat', rate: 20, amount: 200 }, { taxId: 'vat-zero', rate: 0, amount: 0 }]).map((p) => [p.code, p.severity, p.message])).toEqual([
      ['tax_unknown', 'critical', `Receipt T1-000042: "Espresso beans" sold with a tax the catalog does not have (id "vat-zero", 0 %): check the till's tax settings`],
    ]);
  });

  it('flags the same tax twice on a line', () => {
    expect(check(NOV_1 + DAY, [{ taxId: 'vat', rate: 20, amount: 200 }, { taxId: 'vat', rate: 20, amount: 200 }]).map((p) => p.code)).toEqual(['tax_extra']);
  });

  it('excuses the tax set a product had until a recent change as outdated, with the date', () => {
    const moved: TaxedProduct = { name: 'Espresso beans', taxIds: ['reduced'], taxSets: [{ value: ['vat'], from: NOV_1 - 300 * DAY }, { value: ['reduced'], from: NOV_1 }] };
    expect(check(NOV_1 + DAY, [{ taxId: 'vat', rate: 20, amount: 200 }], moved).map((p) => [p.code, p.severity, p.message])).toEqual([
      ['tax_missing', 'warning', 'Receipt T1-000042: "Espresso beans" sold without "VAT reduced" (5.5 %), which the catalog charges on it since 2026-11-01 01:00: the till had not received that change yet; check that it syncs'],
      ['tax_extra', 'warning', 'Receipt T1-000042: "Espresso beans" sold with "VAT" (20 %), which the catalog no longer charges on it since 2026-11-01 01:00: the till had not received that change yet; check that it syncs'],
    ]);
    expect(check(NOV_1 - DAY, [{ taxId: 'vat', rate: 19, amount: 192 }], moved)).toEqual([]);
    expect(check(NOV_1 + DAY, [{ taxId: 'reduced', rate: 5.5, amount: 63 }], moved)).toEqual([]);
  });

  it('judges a product with no tax and a line with none as fine, in any order of a product set', () => {
    const exempt: TaxedProduct = { name: 'Gift wrap', taxIds: [], taxSets: [] };
    expect(check(NOV_1, [], exempt)).toEqual([]);
    const two: TaxedProduct = { name: 'Soda', taxIds: ['vat', 'eco'], taxSets: [] };
    expect(check(NOV_1 + DAY, [{ taxId: 'eco', rate: 1, amount: 1 }, { taxId: 'vat', rate: 20, amount: 200 }], two)).toEqual([]);
  });

  it('leaves a return line that names its original to the refund checks', () => {
    expect(check(NOV_1 + DAY, [{ taxId: 'vat', rate: 0, amount: 0 }], beans, { qty: -1, returnOf: { saleId: 'old', lineId: 'l' } })).toEqual([]);
  });
});

describe('a return line taxes judged against its original line', () => {
  const names = (id: string): string => taxes[id]?.name ?? id;
  const ret = (t: { taxId: string; rate: number }[]) => ({ returnNo: 'R1', product: 'Espresso beans', taxes: t });
  const original = { receiptNo: 'T1-000042', taxes: [{ taxId: 'vat', rate: 19 }] };

  it('accepts the original rate even after the catalog changed it', () => {
    expect(returnTaxProblems(ret([{ taxId: 'vat', rate: 19 }]), original, names)).toEqual([]);
  });

  it('flags another rate, a dropped tax and an added one, naming both receipts', () => {
    expect(returnTaxProblems(ret([{ taxId: 'vat', rate: 20 }]), original, names)).toEqual([{
      code: 'tax_rate_mismatch', severity: 'critical', message: 'return R1: "Espresso beans" is refunded with "VAT" at 20 %, but receipt T1-000042 charged it at 19 %: check the refund against the receipt',
    }]);
    expect(returnTaxProblems(ret([]), original, names).map((p) => p.code)).toEqual(['tax_missing']);
    expect(returnTaxProblems(ret([{ taxId: 'vat', rate: 19 }, { taxId: 'eco', rate: 1 }]), original, names).map((p) => p.code)).toEqual(['tax_extra']);
  });
});
