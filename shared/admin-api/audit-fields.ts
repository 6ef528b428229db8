// The words for the fields an admin change names — in the audit log's summaries (written by the
// server) and in its list of changes (the back office) — and which of them are money. The stored
// before/after values keep the API's field names and minor units; only what a manager reads is
// translated, so "changed timeZone" reads "changed time zone" and a price 599 reads €5.99.

const LABELS: Record<string, string> = {
  sku: 'SKU',
  priceIncludesTax: 'price includes tax',
  taxIds: 'taxes',
  timeZone: 'time zone',
  receiptHeader: 'receipt header',
  receiptFooter: 'receipt footer',
  cashRounding: 'cash rounding',
  quickKeys: 'quick keys',
  pickupHoldDays: 'days a pickup is held',
  maxDiscountPercent: 'discount above (%)',
  maxPriceOverridePercent: 'price lowered by more than (%)',
  maxCashMovement: 'one cash in/out above',
  maxCashMovedPerSession: 'cash moved per session above',
  offlineAllowance: 'offline allowance',
  holdMinutes: 'authorisations hold (minutes)',
  displayName: 'display name',
  qty: 'quantity',
  maxUses: 'uses',
  expiresAt: 'expires',
  showExpected: 'show the expected quantity',
  items: 'rules',
  invoicePolicy: 'invoice orders',
  routing: 'ship delivery orders from',
};

/** Fields whose numbers are money in minor units (of the stores' currency unless the change names another). */
const MONEY = new Set(['price', 'cost', 'amount', 'balance', 'maxCashMovement', 'maxCashMovedPerSession', 'fixedPrice', 'unitPrice', 'unitCost', 'minAmount']);

/** "timeZone" → "time zone", "siteIds" → "sites"; known fields by their form's words. */
export function auditFieldLabel(key: string): string {
  return LABELS[key] ?? key.replace(/Ids$/, 's').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

export function isMoneyField(key: string): boolean {
  return MONEY.has(key);
}

/** Fields whose numbers are percentages (a tax's rate): "20 %", as the Taxes page writes them. */
export function isPercentField(key: string): boolean {
  return key === 'rate';
}

/** Fields a reader does not need: a record's id (the summary names the thing) and the row's own timestamps. */
export function isHiddenAuditField(key: string): boolean {
  return key === 'id' || /[a-z]Id$/.test(key) || key === 'updatedAt' || key === 'createdAt';
}

/** Fields that hold ids of other records (taxes, sites): a reader is told they changed, not the ids. */
export function isIdListField(key: string): boolean {
  return /[a-z]Ids$/.test(key);
}

/** "price, time zone" — the changed fields of a summary. */
export function auditFieldList(keys: readonly string[]): string {
  return keys.length ? keys.map(auditFieldLabel).join(', ') : 'nothing';
}
