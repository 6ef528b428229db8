// Path-based choice between the till, its customer display, the scanner station, the reports and
// the back office (no router library: top-level pages, each a full app). `/` goes to the till.
import { CUSTOMER_DISPLAY_PATH } from '../../shared/customer-display.ts';
import { AdminPage } from '../admin/admin-page.tsx';
import { CustomerDisplayPage } from '../display/customer-display-page.tsx';
import { ReportsPage } from '../reports/reports-page.tsx';
import { ScannerPage } from '../scanner/scanner-page.tsx';
import { TillApp } from '../till/till-app.tsx';
import { InsecureContextNotice } from './insecure-context-notice.tsx';

export function AppRouter() {
  const path = window.location.pathname;
  if (path === CUSTOMER_DISPLAY_PATH) return <CustomerDisplayPage />;
  return (
    <>
      <InsecureContextNotice />
      <DevicePage path={path} />
    </>
  );
}

function DevicePage({ path }: { path: string }) {
  if (path.startsWith('/scanner')) return <ScannerPage />;
  if (path.startsWith('/reports')) return <ReportsPage />;
  if (path.startsWith('/admin')) return <AdminPage />;
  if (!path.startsWith('/till')) window.history.replaceState(null, '', '/till');
  return <TillApp />;
}
