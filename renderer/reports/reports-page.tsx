// The reports web app at /reports: manager/admin login, a navigation of nine pages (the page
// is the path, /reports/<page>), the shared filters, logout. Each page owns its data store.
import { FilterBar } from './filter-bar.tsx';
import { PageShell, type ShellPage } from './page-shell.tsx';
import { AccountingPage } from './pages/accounting-page.tsx';
import { CashPage } from './pages/cash-page.tsx';
import { ExceptionsPage } from './pages/exceptions-page.tsx';
import { OverviewPage } from './pages/overview-page.tsx';
import { PromotionsPage } from './pages/promotions-page.tsx';
import { SalesPage } from './pages/sales-page.tsx';
import { StockPage } from './pages/stock-page.tsx';
import { SyncPage } from './pages/sync-page.tsx';
import { WarehousePage } from './pages/warehouse-page.tsx';
import './reports.css';

const PAGES: ShellPage<object>[] = [
  { slug: 'overview', label: 'Overview', Page: OverviewPage },
  { slug: 'sales', label: 'Sales', Page: SalesPage },
  { slug: 'stock', label: 'Stock', Page: StockPage },
  { slug: 'warehouse', label: 'Warehouse', Page: WarehousePage },
  { slug: 'promotions', label: 'Promotions', Page: PromotionsPage },
  { slug: 'cash', label: 'Cash', Page: CashPage },
  { slug: 'accounting', label: 'Accounting', Page: AccountingPage },
  { slug: 'exceptions', label: 'Exceptions', Page: ExceptionsPage },
  { slug: 'sync', label: 'Sync health', Page: SyncPage },
];

export function ReportsPage() {
  return (
    <PageShell
      title="Aisle reports"
      navLabel="Reports"
      base="/reports"
      pages={PAGES}
      pageProps={{}}
      actions={<button type="button" onClick={() => window.print()}>Print</button>}
      extraLinks={<a href="/admin">Back office</a>}
      belowHeader={<FilterBar />}
    />
  );
}
