// The seeded chart of accounts and the posting roles that point into it.
// Posting rules never name an account code directly: they ask for a role (revenue, output tax,
// the till's cash drawer, …) and the `account_roles` table, editable by an admin, says which
// account plays it. The codes below are only the seeded defaults, used for a role missing there.
import { GIFT_CARD_METHOD, STORE_CREDIT_METHOD } from '../../shared/stored-value/sale-value.ts';

export type AccountType = 'asset' | 'liability' | 'equity' | 'revenue' | 'expense';

export type AccountRole =
  | 'cash_drawer'
  | 'cash_transfer'
  | 'card_clearing'
  | 'other_tender_clearing'
  | 'receivable'
  | 'payable'
  | 'inventory'
  | 'output_tax'
  | 'revenue'
  | 'cogs'
  | 'cash_difference'
  | 'cash_rounding'
  | 'sale_suspense'
  | 'inventory_adjustment'
  | 'opening_balance'
  | 'gift_card_liability'
  | 'store_credit_liability'
  | 'points_liability'
  | 'points_expense'
  | 'value_issued'
  | 'customer_deposits';

/** Resolved role → account code map, loaded once per transaction from `account_roles`. */
export type AccountMap = Readonly<Record<AccountRole, string>>;

/** The seeded role → account codes (migration 020_ledger.sql inserts the accounts and roles). */
export const defaultAccountMap: AccountMap = {
  cash_drawer: '1010',
  card_clearing: '1020',
  other_tender_clearing: '1030',
  cash_transfer: '1050',
  receivable: '1100',
  inventory: '1300',
  payable: '2000',
  output_tax: '2200',
  opening_balance: '3000',
  revenue: '4000',
  cogs: '5000',
  inventory_adjustment: '5100',
  cash_difference: '6500',
  cash_rounding: '6550',
  sale_suspense: '6900',
  // Stored value (migration 078, docs/stored-value.md).
  gift_card_liability: '2300',
  store_credit_liability: '2310',
  points_liability: '2320',
  points_expense: '6600',
  value_issued: '6610',
  // Endless aisle: paid at a till, invoiced on delivery (migration 098).
  customer_deposits: '2400',
};

/** Which clearing account a tender settles into: cash to the till's drawer, card to card clearing,
 *  a gift card or store credit straight to its liability (nothing to clear: the value is spent). */
export function tenderAccount(method: string, isCash: boolean, map: AccountMap): string {
  if (method === GIFT_CARD_METHOD) return map.gift_card_liability;
  if (method === STORE_CREDIT_METHOD) return map.store_credit_liability;
  if (isCash || method === 'cash') return map.cash_drawer;
  if (method === 'card') return map.card_clearing;
  return map.other_tender_clearing;
}
