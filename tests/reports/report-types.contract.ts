// Compile-time contract between the reports API and the reports UI: every response type the
// server's query modules return must be assignable to the shape the renderer reads
// (renderer/reports/report-types.ts restates them because renderer/ may not import server code).
// `npm run typecheck` fails here if either side changes a field the other relies on.
import type { ProfitAndLoss as UiPnl, CashReport as UiCash, EventView as UiEvent, ExceptionsReport as UiExceptions, JournalEntry as UiJournalEntry,
  Overview as UiOverview, ProductMoves as UiMoves, SalesReport as UiSales, StockReport as UiStock, SyncHealth as UiSync, TrialBalance as UiTrialBalance,
  WarehouseReport as UiWarehouse } from '../../renderer/reports/report-types.ts';
import type { ReportsUser } from '../../renderer/reports/auth-store.ts';
import type { EventView, JournalPage, ProfitAndLoss } from '../../sync-server/reports/accounting.ts';
import type { CashReport } from '../../sync-server/reports/cash.ts';
import type { ExceptionsReport } from '../../sync-server/reports/exceptions.ts';
import type { Overview } from '../../sync-server/reports/overview.ts';
import type { SalesReport } from '../../sync-server/reports/sales.ts';
import type { ProductMoves, StockReport } from '../../sync-server/reports/stock.ts';
import type { SyncHealth } from '../../sync-server/reports/sync-health.ts';
import type { WarehouseReport } from '../../sync-server/reports/warehouse.ts';
import type { TrialBalance } from '../../sync-server/ledger/ledger-queries.ts';
import type { SessionUser } from '../../sync-server/users/users.ts';

type Assert<T extends true> = T;
type Fits<Server, Ui> = [Server] extends [Ui] ? true : false;

export type ReportContract = [
  Assert<Fits<Overview, UiOverview>>,
  Assert<Fits<SalesReport, UiSales>>,
  Assert<Fits<StockReport, UiStock>>,
  Assert<Fits<ProductMoves, UiMoves>>,
  Assert<Fits<WarehouseReport, UiWarehouse>>,
  Assert<Fits<CashReport, UiCash>>,
  Assert<Fits<TrialBalance, UiTrialBalance>>,
  Assert<Fits<ProfitAndLoss, UiPnl>>,
  Assert<Fits<JournalPage['entries'][number], UiJournalEntry>>,
  Assert<Fits<EventView, UiEvent>>,
  Assert<Fits<ExceptionsReport, UiExceptions>>,
  Assert<Fits<SyncHealth, UiSync>>,
  Assert<Fits<SessionUser, ReportsUser>>,
];
