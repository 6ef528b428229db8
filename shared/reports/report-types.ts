// The JSON the /api/reports routes answer, declared once: the server's query modules
// (sync-server/reports/*) return these types and the reports UI (renderer/reports/*) reads
// them, so a field changed on one side fails the typecheck on the other. Platform-free: types
// only, no imports.

/** The filters every report page shares; the overview and sales answers echo them back. */
export interface ReportFilters {
  /** First store day, YYYY-MM-DD. */
  from: string;
  /** Last store day, included. */
  to: string;
  siteId: string | null;
  channel: string | null;
  /**
   * The zone the period's bounds and "today" are read in for lists of timestamped rows (journal,
   * sessions, pickings, exceptions): the site's, or with all sites the one they share (else the
   * first site's by code). Aggregated sales and accounts always use each site's own store days.
   */
  timeZone: string;
}

/** A report section that reads tables another feature creates, when that database lacks them. */
export interface Unavailable {
  available: false;
  reason: string;
}

export type Section<T> = ({ available: true } & T) | Unavailable;

// Overview and sales (sales_daily, tender_daily, product_sales_daily).

export interface SalesTotals {
  /** Revenue net of tax (what the journal's revenue account holds), minor units. */
  revenue: number;
  tax: number;
  /** Tax included, net of returns. */
  gross: number;
  cost: number;
  margin: number;
  /** Margin as a share of revenue, 0..1 (0 when there is no revenue). */
  marginRate: number;
  orders: number;
  returns: number;
  /** Average ticket of sales, tax included (returns excluded). */
  avgBasket: number;
  soldGross: number;
  returnedGross: number;
}

export interface TotalsRow extends SalesTotals {
  key: string;
  label: string;
}

export interface TrendPoint {
  day: string;
  revenue: number;
  previousDay: string;
  previousRevenue: number;
}

export interface Overview {
  filters: ReportFilters;
  today: SalesTotals & { day: string };
  period: SalesTotals;
  previous: SalesTotals & { from: string; to: string };
  byChannel: TotalsRow[];
  bySite: TotalsRow[];
  trend: TrendPoint[];
}

export interface TenderRow {
  method: string;
  payments: number;
  amount: number;
}

export interface ProductRow {
  productId: string;
  sku: string;
  name: string;
  qtySold: number;
  qtyReturned: number;
  revenue: number;
  margin: number;
}

/** A day against the same weekday one week before (the dashboard). */
export interface DayComparison {
  revenue: number;
  orders: number;
  avgBasket: number;
  marginRate: number;
  margin: number;
}

export interface DashboardRow {
  key: string;
  label: string;
  current: DayComparison;
  previous: DayComparison;
}

export interface UnsentDeviceRow {
  deviceId: string;
  name: string;
  site: string;
  /** Receipts the server knows the device made but has not received (gaps in its sequence). */
  pending: number;
  /** Rejected events not replayed yet. */
  deadLetters: number;
  lastSeenAt: string | null;
}

export interface Dashboard {
  filters: ReportFilters;
  /** The day shown (the period's last store day) and the same weekday a week before. */
  day: string;
  compareDay: string;
  current: DayComparison;
  previous: DayComparison;
  bySite: DashboardRow[];
  byChannel: DashboardRow[];
  openExceptions: { total: number; byKind: { kind: string; count: number }[] };
  unsentDevices: UnsentDeviceRow[];
}

export interface MarginRow {
  key: string;
  label: string;
  revenue: number;
  cost: number;
  margin: number;
  marginRate: number;
}

export interface SlowMoverRow {
  productId: string;
  sku: string;
  name: string;
  qtySold: number;
  revenue: number;
  onHand: number;
  /** On hand × product cost, minor units. */
  stockValue: number;
  /** Last store day the product sold (any site in scope), null if never. */
  lastSale: string | null;
}

export interface SalesReport {
  filters: ReportFilters;
  totals: SalesTotals;
  returns: { count: number; amount: number; rateByAmount: number; rateByCount: number };
  byChannel: TotalsRow[];
  bySite: TotalsRow[];
  byDay: TotalsRow[];
  byHour: TotalsRow[];
  byCashier: TotalsRow[];
  byTender: TenderRow[];
  best: ProductRow[];
  /** Products with stock and the lowest sales over the period (unsold first), with their stock value. */
  worst: SlowMoverRow[];
  /** Products with stock and no sale in the last `deadStockDays` store days. */
  deadStock: SlowMoverRow[];
  deadStockDays: number;
  mostReturned: ProductRow[];
  marginByCategory: MarginRow[];
  /** The 15 products with the highest margin and the 15 with the lowest. */
  marginByProduct: MarginRow[];
}

// Stock (quants, reorder rules, purchase proposals, stock moves).

export interface StockLevelRow {
  siteId: string;
  site: string;
  locationId: string | null;
  location: string;
  products: number;
  onHand: number;
  reserved: number;
  available: number;
  value: number;
}

export interface LowStockRow {
  site: string;
  sku: string;
  name: string;
  onHand: number;
  available: number;
  minQty: number;
  maxQty: number;
  shortBy: number;
}

export interface ProposalRow {
  id: string;
  site: string;
  sku: string;
  name: string;
  qty: number;
  forecast: number;
  createdAt: string;
}

export interface CategoryStockRow {
  category: string;
  products: number;
  onHand: number;
  value: number;
  /** Units sold per day over the last 28 store days. */
  dailySales: number;
  /** On hand ÷ daily sales; null when nothing sold (cover is unbounded). */
  daysOfCover: number | null;
}

export interface StockOutRow {
  site: string;
  sku: string;
  name: string;
  available: number;
  /** Units sold at the site over the last 28 store days. */
  sold28: number;
}

/** Goods that left a site for another and are not received yet (in the source's transit location), per shipment. */
export interface InTransitRow {
  /** The source's shipment (`WH1/OUT/…`, `STORE2/OUT/…`). */
  reference: string;
  from: string;
  to: string;
  /** The receipt waiting at the destination. */
  receipt: string;
  products: number;
  qty: number;
  /** At today's cost, minor units. */
  value: number;
}

export interface StockReport {
  byCategory: CategoryStockRow[];
  /** Products sold at a site in the last 28 store days (or with a reorder rule there) that have nothing available. */
  stockOuts: StockOutRow[];
  bySite: StockLevelRow[];
  /** Shelves, then each source site's transit location holding goods on their way (location "In transit"). */
  byLocation: StockLevelRow[];
  /** Goods on their way between sites, to or from the sites in scope. */
  inTransit: InTransitRow[];
  /** Shelves plus goods in transit from the sites in scope: the inventory account. */
  totalValue: number;
  lowStock: Section<{ rows: LowStockRow[] }>;
  proposals: Section<{ rows: ProposalRow[] }>;
}

export interface MoveRow {
  id: number;
  at: string;
  reason: string;
  from: string;
  to: string;
  lot: string;
  qty: number;
  eventId: string | null;
}

export interface ProductStockMatch {
  id: string;
  sku: string;
  name: string;
  barcodes: string[];
}

export interface ProductStockRow {
  siteId: string;
  site: string;
  location: string;
  lot: string;
  expiry: string | null;
  onHand: number;
  reserved: number;
  available: number;
}

export interface IncomingRow {
  /** 'in transit': a transfer's arrival, shipped by another site and not received yet; 'customer return': a return by post expected. */
  kind: 'purchase order' | 'transfer' | 'receipt' | 'in transit' | 'customer return';
  reference: string;
  site: string;
  /** Supplier, the site it comes from, or (a customer return) the order and its customer. */
  from: string;
  qty: number;
  expected: string | null;
}

export interface ProductStock {
  /** Products matching the search (name, SKU or barcode), at most 20. */
  matches: ProductStockMatch[];
  /** The figures of the first match (or of the `product` asked for). */
  product: ProductStockMatch | null;
  rows: ProductStockRow[];
  incoming: IncomingRow[];
  moves: MoveRow[];
}

export interface ProductMoves {
  product: { id: string; sku: string; name: string } | null;
  moves: MoveRow[];
}

// Warehouse (pickings, orders, the stations' picking events).

export interface OpenDeliveriesRow {
  site: string;
  step: string;
  age: string;
  pickings: number;
}

export interface PickerRow {
  picker: string;
  pickings: number;
  lines: number;
  hours: number;
  linesPerHour: number;
  /** Scan errors the picker's stations reported on the validations, and exceptions raised on them. */
  scanErrors: number;
  exceptions: number;
}

/** Lines per hour of one picker on one store day. */
export interface PickerDayRow {
  day: string;
  picker: string;
  lines: number;
  hours: number;
  linesPerHour: number;
}

export interface BackorderRow {
  reference: string;
  site: string;
  state: string;
  lines: number;
  qty: number;
  createdAt: string;
}

export interface ScanErrorRow {
  site: string;
  device: string;
  /** Scan errors the station reported on its picking events (wrong product, location, lot…). */
  scanErrors: number;
  /** Exceptions the server raised on the station's picking and count events. */
  exceptions: number;
}

export type WarehouseReport = Section<{
  openDeliveries: OpenDeliveriesRow[];
  leadTime: { shipped: number; avgHours: number; p50Hours: number; p90Hours: number };
  pickers: PickerRow[];
  pickerDays: PickerDayRow[];
  backorders: BackorderRow[];
  scanErrors: ScanErrorRow[];
}>;

// Cash (till sessions and their tenders).

export interface CashTenderRow {
  sessionId: string;
  till: string;
  site: string;
  cashier: string;
  openedAt: string | null;
  closedAt: string | null;
  method: string;
  expected: number;
  /** Null while the session is open. */
  counted: number | null;
  /** Counted − expected; null while the session is open. */
  difference: number | null;
}

export interface CashierRow {
  cashier: string;
  sessions: number;
  expected: number;
  counted: number;
  difference: number;
}

export interface CashReport {
  tenders: CashTenderRow[];
  byCashier: CashierRow[];
  totals: { sessions: number; openSessions: number; difference: number };
}

// Accounting (trial balance, profit and loss, journal and the event behind an entry).

export interface TrialBalanceRow {
  code: string;
  name: string;
  type: string;
  debit: number;
  credit: number;
  balance: number;
}

export interface TrialBalance {
  accounts: TrialBalanceRow[];
  totals: { debit: number; credit: number };
  balanced: boolean;
}

export interface PnlRow {
  code: string;
  name: string;
  type: 'revenue' | 'expense';
  /** Revenue as a positive credit balance, expenses as a positive debit balance. */
  amount: number;
}

export interface ProfitAndLoss {
  rows: PnlRow[];
  revenue: number;
  expenses: number;
  profit: number;
}

export interface JournalEntry {
  id: number;
  kind: string;
  eventId: string | null;
  siteId: string | null;
  tillId: string | null;
  sessionId: string | null;
  entryDate: string;
  memo: string | null;
  lines: { account: string; debit: number; credit: number; taxId: string | null; memo: string | null }[];
}

export interface JournalPage {
  entries: JournalEntry[];
  /** Pass as `before` to read older entries; null when this page came back short of the limit. */
  nextBefore: number | null;
}

export interface EventView {
  id: string;
  collection: string;
  deviceId: string;
  device: string | null;
  siteId: string;
  status: string;
  receivedAt: string;
  payload: unknown;
  /** The payload as a readable document (names, money in the site's currency, store time). */
  document: EventDocument;
  problems: { id: number; code: string; message: string; severity: string; resolvedAt: string | null }[];
}

export interface DocField {
  label: string;
  value: string;
}

export interface DocTable {
  title: string;
  columns: string[];
  rows: string[][];
}

export interface EventDocument {
  title: string;
  fields: DocField[];
  tables: DocTable[];
}

// Exceptions (open event problems).

export interface ExceptionRow {
  id: number;
  kind: string;
  code: string;
  severity: string;
  message: string;
  site: string;
  device: string;
  eventId: string;
  receiptNo: string | null;
  createdAt: string;
}

export interface ExceptionSummaryRow {
  kind: string;
  site: string;
  count: number;
}

export interface ExceptionsReport {
  rows: ExceptionRow[];
  summary: ExceptionSummaryRow[];
  open: number;
}

// Sync health (devices and dead letters).

export interface DeviceHealthRow {
  deviceId: string;
  name: string;
  role: string;
  site: string;
  pairedAt: string;
  lastSeenAt: string | null;
  revoked: boolean;
  lastEventAt: string | null;
  eventsToday: number;
  pending: number;
  oldestPendingSince: string | null;
  openExceptions: number;
  deadLetters: number;
}

export interface DeadLetterRow {
  id: number;
  eventId: string | null;
  device: string;
  deviceId: string;
  collection: string;
  reason: string;
  createdAt: string;
  replayedAt: string | null;
  replayOutcome: string | null;
}

export interface SyncHealth {
  devices: DeviceHealthRow[];
  deadLetters: DeadLetterRow[];
}

// Promotions and stored value (issue 17 "Reports").

/** What one promotion gave away at one site on one channel over the period. */
export interface PromotionCostRow {
  promotionId: string;
  /** The promotion's name (its id when it was deleted). */
  promotion: string;
  /** `automatic`, or `coupon` when a code unlocks it. */
  trigger: string;
  /** The store's code; empty for channel orders delivered (priced at no store, docs/pricing.md "Channel orders"). */
  site: string;
  /** `pos` for till sales, else the channel of the orders. */
  channel: string;
  /** Till sales or channel orders the promotion took something off (returns carry no promotions). */
  sales: number;
  lines: number;
  /** Σ what it took off those lines, minor units as charged (tax included for tax-inclusive prices). */
  amount: number;
  /** Codes of the promotion recorded on those sales or orders (coupon promotions). */
  couponUses: number;
}

/** A stored-value kind's liability beside its ledger account (as of now, all time). */
export interface LiabilityRow {
  kind: 'gift_card' | 'store_credit' | 'points';
  label: string;
  /** The kind's liability account (posting role), e.g. 2300. */
  account: string;
  holders: number;
  /** Σ balances: minor units, or points for loyalty. */
  outstanding: number;
  /** Σ balances valued as each movement was booked, minor units (for money, = outstanding). */
  booked: number;
  /** The account's balance, credit − debit, minor units. */
  ledger: number;
  /** booked = ledger (and, for money, outstanding = booked). */
  agrees: boolean;
}

export interface PromotionsReport {
  promotions: PromotionCostRow[];
  totals: { promotions: number; sales: number; amount: number };
  liability: LiabilityRow[];
  /** Every kind agrees with its account. */
  balanced: boolean;
}
