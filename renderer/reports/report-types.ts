// The JSON the /api/reports routes answer (sync-server/reports/*), as the UI reads it. The
// renderer may not import server code, so the shapes are restated here.

export interface SalesTotals {
  revenue: number;
  tax: number;
  gross: number;
  cost: number;
  margin: number;
  marginRate: number;
  orders: number;
  returns: number;
  avgBasket: number;
  soldGross: number;
  returnedGross: number;
}

export interface TotalsRow extends SalesTotals {
  key: string;
  label: string;
}

export interface Overview {
  today: SalesTotals & { day: string };
  period: SalesTotals;
  previous: SalesTotals & { from: string; to: string };
  byChannel: TotalsRow[];
  bySite: TotalsRow[];
  trend: { day: string; revenue: number; previousDay: string; previousRevenue: number }[];
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

export interface SalesReport {
  totals: SalesTotals;
  returns: { count: number; amount: number; rateByAmount: number; rateByCount: number };
  byChannel: TotalsRow[];
  bySite: TotalsRow[];
  byDay: TotalsRow[];
  byHour: TotalsRow[];
  byCashier: TotalsRow[];
  byTender: { method: string; payments: number; amount: number }[];
  best: ProductRow[];
  worst: ProductRow[];
  mostReturned: ProductRow[];
}

export type Section<T> = ({ available: true } & T) | { available: false; reason: string };

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

export interface StockReport {
  bySite: StockLevelRow[];
  byLocation: StockLevelRow[];
  totalValue: number;
  lowStock: Section<{ rows: { site: string; sku: string; name: string; onHand: number; available: number; minQty: number; maxQty: number; shortBy: number }[] }>;
  proposals: Section<{ rows: { id: string; site: string; sku: string; name: string; qty: number; forecast: number; createdAt: string }[] }>;
}

export interface ProductMoves {
  product: { id: string; sku: string; name: string } | null;
  moves: { id: number; at: string; reason: string; from: string; to: string; lot: string; qty: number; eventId: string | null }[];
}

export type WarehouseReport = Section<{
  openDeliveries: { site: string; step: string; age: string; pickings: number }[];
  leadTime: { shipped: number; avgHours: number; p50Hours: number; p90Hours: number };
  pickers: { picker: string; pickings: number; lines: number; hours: number; linesPerHour: number }[];
  backorders: { reference: string; site: string; state: string; lines: number; qty: number; createdAt: string }[];
  scanErrors: { site: string; device: string; scanErrors: number; exceptions: number }[];
}>;

export interface CashReport {
  tenders: { sessionId: string; till: string; site: string; cashier: string; openedAt: string | null; closedAt: string | null; method: string; expected: number; counted: number | null; difference: number | null }[];
  byCashier: { cashier: string; sessions: number; expected: number; counted: number; difference: number }[];
  totals: { sessions: number; openSessions: number; difference: number };
}

export interface TrialBalance {
  accounts: { code: string; name: string; type: string; debit: number; credit: number; balance: number }[];
  totals: { debit: number; credit: number };
  balanced: boolean;
}

export interface ProfitAndLoss {
  rows: { code: string; name: string; type: 'revenue' | 'expense'; amount: number }[];
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
  entryDate: string;
  memo: string | null;
  lines: { account: string; debit: number; credit: number; taxId: string | null; memo: string | null }[];
}

export interface EventView {
  id: string;
  collection: string;
  device: string | null;
  status: string;
  receivedAt: string;
  payload: unknown;
  problems: { id: number; code: string; message: string; severity: string; resolvedAt: string | null }[];
}

export interface ExceptionsReport {
  rows: { id: number; kind: string; code: string; severity: string; message: string; site: string; device: string; eventId: string; receiptNo: string | null; createdAt: string }[];
  summary: { kind: string; site: string; count: number }[];
  open: number;
}

export interface SyncHealth {
  devices: { deviceId: string; name: string; role: string; site: string; lastSeenAt: string | null; revoked: boolean; lastEventAt: string | null; eventsToday: number; pending: number; oldestPendingSince: string | null; openExceptions: number; deadLetters: number }[];
  deadLetters: { id: number; eventId: string | null; device: string; collection: string; reason: string; createdAt: string; replayedAt: string | null; replayOutcome: string | null }[];
}
