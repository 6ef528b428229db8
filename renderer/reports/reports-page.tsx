// The reports web app at /reports: manager/admin login, a navigation of eight pages (the page
// is the path, /reports/<page>), the shared filters, logout. Each page owns its data store.
import { useEffect, useState, type ComponentType } from 'react';
import { useAuthStore } from './auth-store.ts';
import { FilterBar } from './filter-bar.tsx';
import { LoginForm } from './login-form.tsx';
import { AccountingPage } from './pages/accounting-page.tsx';
import { CashPage } from './pages/cash-page.tsx';
import { ExceptionsPage } from './pages/exceptions-page.tsx';
import { OverviewPage } from './pages/overview-page.tsx';
import { SalesPage } from './pages/sales-page.tsx';
import { StockPage } from './pages/stock-page.tsx';
import { SyncPage } from './pages/sync-page.tsx';
import { WarehousePage } from './pages/warehouse-page.tsx';
import './reports.css';

const PAGES: { slug: string; label: string; Page: ComponentType }[] = [
  { slug: 'overview', label: 'Overview', Page: OverviewPage },
  { slug: 'sales', label: 'Sales', Page: SalesPage },
  { slug: 'stock', label: 'Stock', Page: StockPage },
  { slug: 'warehouse', label: 'Warehouse', Page: WarehousePage },
  { slug: 'cash', label: 'Cash', Page: CashPage },
  { slug: 'accounting', label: 'Accounting', Page: AccountingPage },
  { slug: 'exceptions', label: 'Exceptions', Page: ExceptionsPage },
  { slug: 'sync', label: 'Sync health', Page: SyncPage },
];

function slugFromPath(): string {
  const slug = window.location.pathname.replace(/^\/reports\/?/, '').split('/')[0] ?? '';
  return PAGES.some((p) => p.slug === slug) ? slug : 'overview';
}

function Shell() {
  const [slug, setSlug] = useState(slugFromPath);
  const { user, logout } = useAuthStore();
  useEffect(() => {
    const onPop = (): void => setSlug(slugFromPath());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const go = (next: string): void => {
    window.history.pushState(null, '', `/reports/${next}`);
    setSlug(next);
  };
  const current = PAGES.find((p) => p.slug === slug) ?? PAGES[0];
  const Page = current?.Page ?? OverviewPage;
  return (
    <div className="reports">
      <header className="reports-header">
        <strong>Aisle reports</strong>
        <nav aria-label="Reports">
          {PAGES.map((p) => (
            <a
              key={p.slug}
              href={`/reports/${p.slug}`}
              aria-current={p.slug === slug ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                go(p.slug);
              }}
            >
              {p.label}
            </a>
          ))}
        </nav>
        <span className="user">
          {user?.username} ({user?.role})
          <button type="button" onClick={() => window.print()}>Print</button>
          <button type="button" onClick={() => void logout()}>Log out</button>
        </span>
      </header>
      <FilterBar />
      <main>
        <Page />
      </main>
    </div>
  );
}

export function ReportsPage() {
  const { status, check } = useAuthStore();
  useEffect(() => {
    void check();
  }, [check]);
  if (status === 'checking') return <p className="centered muted">Loading…</p>;
  if (status === 'anonymous') return <LoginForm />;
  return <Shell />;
}
