// Path-based choice between the till, the scanner station and the reports (no router library:
// three top-level pages, each a full app). `/` goes to the till.
import { AdminPage } from '../admin/admin-page.tsx';
import { ReportsPage } from '../reports/reports-page.tsx';
import { ScannerPage } from '../scanner/scanner-page.tsx';
import { TillApp } from '../till/till-app.tsx';

export function AppRouter() {
  const path = window.location.pathname;
  if (path.startsWith('/scanner')) return <ScannerPage />;
  if (path.startsWith('/reports')) return <ReportsPage />;
  if (path.startsWith('/admin')) return <AdminPage />;
  if (!path.startsWith('/till')) window.history.replaceState(null, '', '/till');
  return <TillApp />;
}
