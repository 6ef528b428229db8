// The back office at /admin (issue 13): admins and managers log in (the reports' session and
// login form), then one page per task, the page being the path (/admin/<page>), in the shell the
// reports use too (reports/page-shell.tsx). Managers see the settings read-only — they decide
// approvals and cancel channel orders — and the server refuses their other changes anyway
// (sync-server/admin/actor.ts).
import { PageShell, type ShellPage } from '../reports/page-shell.tsx';
import { useAuthStore } from '../reports/auth-store.ts';
import '../reports/reports.css';
import './admin.css';
import { ApprovalsPage } from './approvals-page.tsx';
import { AuditPage } from './audit-page.tsx';
import { ChannelsPage } from './channels-page.tsx';
import { CustomersPage } from './customers-page.tsx';
import { DevicesPage } from './devices-page.tsx';
import { GiftCardsPage } from './gift-cards-page.tsx';
import { LoyaltyPage } from './loyalty-page.tsx';
import { OrdersPage } from './orders-page.tsx';
import { LocationLabelsPage } from './location-labels-page.tsx';
import { CountTasksPage } from './count-tasks-page.tsx';
import { PricelistsPage } from './pricelists-page.tsx';
import { ProductsPage } from './products-page.tsx';
import { PromotionsPage } from './promotions-page.tsx';
import { PurchaseOrdersPage } from './purchase-orders-page.tsx';
import { ReorderRulesPage } from './reorder-rules-page.tsx';
import { SitesPage } from './sites-page.tsx';
import { TaxesPage } from './taxes-page.tsx';
import { TransfersPage } from './transfers-page.tsx';
import { UsersPage } from './users-page.tsx';
import { WebhooksPage } from './webhooks-page.tsx';

const PAGES: ShellPage<{ canWrite: boolean }>[] = [
  { slug: 'products', label: 'Products', Page: ProductsPage },
  { slug: 'customers', label: 'Customers', Page: CustomersPage },
  { slug: 'orders', label: 'Channel orders', Page: OrdersPage },
  { slug: 'pricelists', label: 'Pricelists', Page: PricelistsPage },
  { slug: 'promotions', label: 'Promotions', Page: PromotionsPage },
  { slug: 'taxes', label: 'Taxes', Page: TaxesPage },
  { slug: 'gift-cards', label: 'Gift cards', Page: GiftCardsPage },
  { slug: 'loyalty', label: 'Loyalty & allowance', Page: LoyaltyPage },
  { slug: 'sites', label: 'Sites', Page: SitesPage },
  { slug: 'users', label: 'Users', Page: UsersPage },
  { slug: 'devices', label: 'Devices', Page: DevicesPage },
  { slug: 'channels', label: 'Channels', Page: ChannelsPage },
  { slug: 'webhooks', label: 'Webhooks', Page: WebhooksPage },
  { slug: 'reorder-rules', label: 'Reorder rules', Page: ReorderRulesPage },
  { slug: 'purchase-orders', label: 'Purchase orders', Page: PurchaseOrdersPage },
  { slug: 'transfers', label: 'Transfers', Page: TransfersPage },
  { slug: 'count-tasks', label: 'Count tasks', Page: CountTasksPage },
  { slug: 'approvals', label: 'Approvals', Page: ApprovalsPage },
  { slug: 'audit', label: 'Audit log', Page: AuditPage },
  { slug: 'labels', label: 'Location labels', Page: LocationLabelsPage, hidden: true },
];

export function AdminPage() {
  const canWrite = useAuthStore((s) => s.user?.role === 'admin');
  return (
    <PageShell
      title="Aisle back office"
      navLabel="Back office"
      base="/admin"
      className="admin"
      pages={PAGES}
      pageProps={{ canWrite }}
      roleNote={canWrite ? '' : ', settings read-only'}
      extraLinks={<a href="/reports">Reports</a>}
    />
  );
}
