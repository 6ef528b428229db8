// The one page shell of the manager web apps (/reports and /admin): the login gate, a header with
// the app's navigation (the page is the first path segment, /<base>/<page>), the logged-in user
// with Log out, and the current page. Each app passes its pages and any extra header parts.
import { useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { useAuthStore } from './auth-store.ts';
import { LoginForm } from './login-form.tsx';

export interface ShellPage<P extends object> {
  slug: string;
  label: string;
  Page: ComponentType<P>;
  /** Reached by its path only (e.g. a printable page), not listed in the navigation. */
  hidden?: boolean;
}

export interface PageShellProps<P extends object> {
  title: string;
  /** The accessible name of the navigation, e.g. "Back office". */
  navLabel: string;
  /** The app's path, e.g. `/admin`. */
  base: string;
  pages: readonly ShellPage<P>[];
  pageProps: P;
  className?: string;
  /** After the role in the user badge, e.g. ", read-only". */
  roleNote?: string;
  /** Links after the pages in the navigation. */
  extraLinks?: ReactNode;
  /** Buttons before Log out. */
  actions?: ReactNode;
  /** Between the header and the page (e.g. the reports' filters). */
  belowHeader?: ReactNode;
}

function slugFromPath(base: string, pages: readonly { slug: string }[]): string {
  const slug = window.location.pathname.slice(base.length).replace(/^\//, '').split('/')[0] ?? '';
  return pages.some((p) => p.slug === slug) ? slug : (pages[0]?.slug ?? '');
}

/** Goes to another page of the app without reloading (the shell follows popstate). */
export function navigate(path: string): void {
  window.history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

function Shell<P extends object>(props: PageShellProps<P>) {
  const { base, pages } = props;
  const [slug, setSlug] = useState(() => slugFromPath(base, pages));
  const { user, logout } = useAuthStore();
  useEffect(() => {
    const onPop = (): void => setSlug(slugFromPath(base, pages));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [base, pages]);
  const current = pages.find((p) => p.slug === slug) ?? pages[0];
  if (!current) return null;
  const { Page } = current;
  return (
    <div className={['reports', props.className].filter(Boolean).join(' ')}>
      <header className="reports-header">
        <strong>{props.title}</strong>
        <nav aria-label={props.navLabel}>
          {pages.filter((p) => !p.hidden).map((p) => (
            <a
              key={p.slug}
              href={`${base}/${p.slug}`}
              aria-current={p.slug === slug ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                navigate(`${base}/${p.slug}`);
              }}
            >
              {p.label}
            </a>
          ))}
          {props.extraLinks}
        </nav>
        <span className="user">
          {user?.username} ({user?.role}{props.roleNote ?? ''})
          {props.actions}
          <button type="button" onClick={() => void logout()}>Log out</button>
        </span>
      </header>
      {props.belowHeader}
      <main>
        <Page {...props.pageProps} />
      </main>
    </div>
  );
}

/** The login form until a manager or admin is logged in, then the shell. */
export function PageShell<P extends object>(props: PageShellProps<P>) {
  const { status, check } = useAuthStore();
  useEffect(() => {
    void check();
  }, [check]);
  if (status === 'checking') return <p className="centered muted">Loading…</p>;
  if (status === 'anonymous') return <LoginForm title={props.title} />;
  return <Shell {...props} />;
}
