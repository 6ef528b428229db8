// The stores, and money in the stores' currency (the first store's: prices and rules are kept in
// one currency), for the pricing and stored-value pages.
import { currencyMinorDigits, formatMoneyWithSymbol } from '../../shared/money/format.ts';
import type { Site } from '../../shared/admin-api/sites.ts';
import { useSites } from './use-sites.ts';

export interface StoreMoney {
  stores: Site[];
  currency: string;
  digits: number;
  timeZone: string;
  money(minor: number, currency?: string): string;
  /** Minor units as a form shows them: 250 → "2.50". */
  typed(minor: number): string;
  storeName(id: string): string;
}

export function useStoreMoney(): StoreMoney {
  const stores = useSites().filter((s) => s.kind === 'store');
  const currency = stores[0]?.currency ?? 'EUR';
  const digits = currencyMinorDigits(currency);
  return {
    stores, currency, digits, timeZone: stores[0]?.timeZone ?? 'UTC',
    money: (minor, c = currency) => formatMoneyWithSymbol(minor, c, 'en'),
    typed: (minor) => (minor / 10 ** digits).toFixed(digits),
    storeName: (id) => stores.find((s) => s.id === id)?.name ?? 'a closed store',
  };
}
