// The back office at /admin (issue 13): admins and managers log in (the reports' session and
// login form), then one page per task, the page being the path (/admin/<page>). Managers see
// everything read-only; the server refuses their changes anyway (sync-server/admin/actor.ts).
import { useEffect, useState, type ComponentType } from 'react';
import { useAuthStore } from '../reports/auth-store.ts';
import { LoginForm } from '../reports/login-form.tsx';
import '../reports/reports.css';
import './admin.css';
import { ApprovalsPage } from './approvals-page.tsx';
import { AuditPage } from './audit-page.tsx';
import { DevicesPage } from './devices-page.tsx';
import { ProductsPage } from './products-page.tsx';

const PAGES: { slug: string; label: string; Page: ComponentType<{ canWrite: boolean }> }[] = [
  { slug: 'products', label: 'Products', Page: ProductsPage },
  { slug: 'devices', label: 'Devices', Page: DevicesPage },
  { slug: 'approvals', label: 'Approvals', Page: ApprovalsPage },
  { slug: 'audit', label: 'Audit log', Page: AuditPage },
];

function slugFromPath(): string {
  const slug = window.location.pathname.replace(/^\/admin\/?/, '').split('/')[0] ?? '';
  return PAGES.some((p) => p.slug === slug) ? slug : 'products';
}

function Shell() {
  const [slug, setSlug] = useState(slugFromPath);
  const { user, logout } = useAuthStore();
  useEffect(() => {
    const onPop = (): void => setSlug(slugFromPath());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const current = PAGES.find((p) => p.slug === slug) ?? PAGES[0];
  const Page = current?.Page ?? ProductsPage;
  const canWrite = user?.role === 'admin';
  return (
    <div className="reports admin">
      <header className="reports-header">
        <strong>Aisle back office</strong>
        <nav aria-label="Back office">
          {PAGES.map((p) => (
            <a
              key={p.slug}
              href={`/admin/${p.slug}`}
              aria-current={p.slug === slug ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                window.history.pushState(null, '', `/admin/${p.slug}`);
                setSlug(p.slug);
              }}
            >
              {p.label}
            </a>
          ))}
          <a href="/reports">Reports</a>
        </nav>
        <span className="user">
          {user?.username} ({user?.role}{canWrite ? '' : ', read-only'})
          <button type="button" onClick={() => void logout()}>Log out</button>
        </span>
      </header>
      <main>
        <Page canWrite={canWrite} />
      </main>
    </div>
  );
}

export function AdminPage() {
  const { status, check } = useAuthStore();
  useEffect(() => {
    void check();
  }, [check]);
  if (status === 'checking') return <p className="centered muted">Loading…</p>;
  if (status === 'anonymous') return <LoginForm title="Aisle back office" />;
  return <Shell />;
}
