// Users: everyone who logs in — managers and admins on the web, cashiers, supervisors and pickers
// on devices with their PIN — with role, sites, state and last web login; filtered and paged. Admins
// add users, disable and enable them (a disabled user's web sessions end at once and their devices
// refuse the PIN as soon as they sync), and open one to change name, role, sites, password or PIN.
// Managers look.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { UserRole } from '../../shared/admin-api/operations.ts';
import type { Site, SiteList } from '../../shared/admin-api/sites.ts';
import type { UserList, UserSummary } from '../../shared/admin-api/users.ts';
import { defaultSiteKind } from '../../shared/users/user-rules.ts';
import { formatStoreDateTime } from '../../shared/time/index.ts';
import { foldText } from '../../shared/text/fold.ts';
import { useAuthStore } from '../reports/auth-store.ts';
import { api } from '../reports/reports-api.ts';
import { NewUserForm } from './new-user-form.tsx';
import { useAdminCall } from './use-admin-call.ts';
import { UserEditor } from './user-editor.tsx';
import { ROLES } from './user-rules.ts';
import { ROLE_LABELS } from '../../shared/admin-api/choice-labels.ts';
import { counted } from '../../shared/text/count.ts';

const PAGE = 25;
const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

function sitesText(u: UserSummary): string {
  if (defaultSiteKind(u.role) === null) return 'every site';
  return u.sites.map((s) => s.name).join(', ') || 'none';
}

export function UsersPage({ canWrite }: { canWrite: boolean }) {
  const [users, setUsers] = useState<UserSummary[]>([]);
  const [sites, setSites] = useState<Site[]>([]);
  const [text, setText] = useState('');
  const [role, setRole] = useState<UserRole | ''>('');
  const [state, setState] = useState<'all' | 'active' | 'disabled'>('all');
  const [offset, setOffset] = useState(0);
  const [chosen, setChosen] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const me = useAuthStore((s) => s.user?.username);
  const call = useAdminCall();

  const load = useCallback(async () => {
    const res = await call.run(() => api<UserList>('/api/admin/users'));
    if (res) setUsers(res.users);
  }, [call.run]);
  useEffect(() => {
    void load();
    void api<SiteList>('/api/admin/sites').then((r) => setSites(r.sites));
  }, [load]);

  const shown = useMemo(() => {
    const q = foldText(text.trim());
    return users.filter((u) =>
      (!q || u.username.includes(q) || foldText(u.displayName).includes(q)) &&
      (!role || u.role === role) &&
      (state === 'all' || (state === 'active') === u.active));
  }, [users, text, role, state]);
  const page = shown.slice(offset, offset + PAGE);
  const user = users.find((u) => u.id === chosen) ?? null;
  // Logins are shown in the time of the first store (the company's), like the other pages' store time.
  const zone = sites.find((s) => s.kind === 'store')?.timeZone ?? browserZone;

  const setActive = async (u: UserSummary, active: boolean): Promise<void> => {
    if (!active && !window.confirm(`Disable ${u.displayName} (${u.username})? They are logged out of the back office at once, and devices refuse their PIN as soon as they sync.`)) return;
    const res = await call.run(() => api<UserSummary>(`/api/admin/users/${encodeURIComponent(u.username)}`, { method: 'PATCH', body: { active } }));
    if (!res) return;
    // The row says what the status line says at once, not after the list is fetched again.
    setUsers((all) => all.map((x) => (x.id === res.id ? res : x)));
    setSaved(active ? `Enabled ${res.displayName}: they can log in again.` : `Disabled ${res.displayName}: their sessions were ended and devices refuse their PIN.`);
    await load();
  };
  const filter = (apply: () => void): void => {
    apply();
    setOffset(0);
  };

  return (
    <section aria-label="Users">
      <h2>Users</h2>
      <div className="toolbar">
        {canWrite && <button type="button" className="primary" onClick={() => { setSaved(null); call.setError(null); setAdding(true); }}>New user</button>}
        <input type="search" aria-label="Search users" placeholder="Name or username" value={text} onChange={(e) => filter(() => setText(e.target.value))} />
        <label className="inline">Role
          <select value={role} onChange={(e) => filter(() => setRole(e.target.value as UserRole | ''))}>
            <option value="">All roles</option>
            {ROLES.map((r) => <option key={r} value={r}>{ROLE_LABELS[r]}</option>)}
          </select>
        </label>
        <label className="inline">State
          <select value={state} onChange={(e) => filter(() => setState(e.target.value as typeof state))}>
            <option value="all">All</option><option value="active">Active</option><option value="disabled">Disabled</option>
          </select>
        </label>
      </div>
      {saved && <p className="ok" role="status">{saved}</p>}
      {call.error && <p className="error" role="alert">{call.error}</p>}
      {adding && (
        <NewUserForm
          sites={sites}
          onCancel={() => setAdding(false)}
          onCreated={(u) => { setAdding(false); setSaved(null); void load().then(() => setSaved(`Created ${ROLE_LABELS[u.role].toLowerCase()} ${u.username}.`)); }}
        />
      )}
      <div className="pager">
        <span className="muted">{counted(shown.length, 'user')}{shown.length > PAGE ? `, ${offset + 1}–${Math.min(offset + PAGE, shown.length)}` : ''}</span>
        <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>Previous</button>
        <button type="button" disabled={offset + PAGE >= shown.length} onClick={() => setOffset(offset + PAGE)}>Next</button>
      </div>
      <table>
        <thead><tr><th>Name</th><th>Username</th><th>Role</th><th>Works at</th><th>PIN</th><th>State</th><th>Last web login ({zone})</th><th /></tr></thead>
        <tbody>
          {page.map((u) => (
            <tr key={u.id} aria-label={`User ${u.displayName}`} aria-selected={u.id === chosen}>
              <td>{u.displayName}</td>
              <td>{u.username}</td>
              <td>{ROLE_LABELS[u.role]}</td>
              <td>{sitesText(u)}</td>
              <td>{defaultSiteKind(u.role) === null ? '—' : u.hasPin ? 'set' : 'none'}</td>
              <td>{u.active ? 'active' : <strong>disabled</strong>}</td>
              <td>{u.lastLoginAt ? formatStoreDateTime(u.lastLoginAt, zone) : defaultSiteKind(u.role) === null ? 'never' : '—'}</td>
              <td className="actions">
                <button type="button" onClick={() => { setSaved(null); setChosen(u.id === chosen ? null : u.id); }}>{u.id === chosen ? 'Close' : canWrite ? 'Edit' : 'Open'}</button>
                {canWrite && u.username !== me && (u.active
                  ? <button type="button" onClick={() => void setActive(u, false)}>Disable</button>
                  : <button type="button" onClick={() => void setActive(u, true)}>Enable</button>)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length === 0 && <p className="muted">No user matches.</p>}
      {user && <UserEditor user={user} sites={sites} canWrite={canWrite} onSaved={(_u, message) => { setSaved(null); void load().then(() => setSaved(message)); }} />}
    </section>
  );
}
