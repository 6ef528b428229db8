// The seeded chart of accounts and the posting roles that point into it.
// Posting rules never name an account code directly: they ask for a role (revenue, output tax,
// the till's cash drawer, …) and the `account_roles` table, editable by an admin, says which
// account plays it. The codes below are only the seeded defaults.

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
  | 'sale_suspense'
  | 'inventory_adjustment'
  | 'opening_balance';

export interface AccountSeed {
  code: string;
  name: string;
  type: AccountType;
  role?: AccountRole;
}

export const defaultChart: readonly AccountSeed[] = [
  { code: '1010', name: 'Cash in till drawers', type: 'asset', role: 'cash_drawer' },
  { code: '1050', name: 'Cash in transit (safe / bank)', type: 'asset', role: 'cash_transfer' },
  { code: '1020', name: 'Card clearing', type: 'asset', role: 'card_clearing' },
  { code: '1030', name: 'Other tenders clearing', type: 'asset', role: 'other_tender_clearing' },
  { code: '1100', name: 'Accounts receivable', type: 'asset', role: 'receivable' },
  { code: '1300', name: 'Inventory', type: 'asset', role: 'inventory' },
  { code: '2000', name: 'Accounts payable', type: 'liability', role: 'payable' },
  { code: '2200', name: 'Output tax', type: 'liability', role: 'output_tax' },
  { code: '3000', name: 'Opening balances', type: 'equity', role: 'opening_balance' },
  { code: '4000', name: 'Sales revenue', type: 'revenue', role: 'revenue' },
  { code: '5000', name: 'Cost of goods sold', type: 'expense', role: 'cogs' },
  { code: '5100', name: 'Inventory adjustments', type: 'expense', role: 'inventory_adjustment' },
  { code: '6500', name: 'Cash differences', type: 'expense', role: 'cash_difference' },
  { code: '6900', name: 'Sale suspense (till totals that did not add up)', type: 'expense', role: 'sale_suspense' },
];

/** Resolved role → account code map, loaded once per transaction from `account_roles`. */
export type AccountMap = Readonly<Record<AccountRole, string>>;

export const defaultAccountMap: AccountMap = Object.fromEntries(
  defaultChart.filter((a) => a.role).map((a) => [a.role, a.code]),
) as Record<AccountRole, string>;

/** Which clearing account a tender settles into: cash to the till's drawer, card to card clearing. */
export function tenderAccount(method: string, isCash: boolean, map: AccountMap): string {
  if (isCash || method === 'cash') return map.cash_drawer;
  if (method === 'card') return map.card_clearing;
  return map.other_tender_clearing;
}
