// The form that adds a user: username, name, role, password, PIN (for the till and scanner roles)
// and the sites they work at (ticked by default: every store for till roles, every warehouse for
// pickers). Checked before sending.
import { useState } from 'react';
import type { AddedUser, AddUser } from '../../shared/admin-api/operations.ts';
import type { Site } from '../../shared/admin-api/sites.ts';
import { defaultSiteKind } from '../../shared/users/user-rules.ts';
import { api } from '../reports/reports-api.ts';
import { SiteCheckboxes } from './site-checkboxes.tsx';
import { useAdminCall } from './use-admin-call.ts';
import { defaultSitesFor, newUserProblems, ROLES, type UserDraft } from './user-rules.ts';
import { ROLE_LABELS } from '../../shared/admin-api/choice-labels.ts';

export function NewUserForm({ sites, onCreated, onCancel }: { sites: readonly Site[]; onCreated(user: AddedUser): void; onCancel(): void }) {
  const [draft, setDraft] = useState<UserDraft>(() => ({ username: '', displayName: '', role: 'cashier', password: '', pin: '', sites: defaultSitesFor('cashier', sites) }));
  const call = useAdminCall();
  const field = <K extends keyof UserDraft>(key: K, value: UserDraft[K]): void => setDraft((d) => ({ ...d, [key]: value }));
  const deviceRole = defaultSiteKind(draft.role) !== null;

  const submit = async (): Promise<void> => {
    const issues = newUserProblems(draft);
    if (issues.length) return call.setError(issues.join(' '));
    const body: AddUser = {
      username: draft.username, password: draft.password, role: draft.role,
      ...(draft.displayName.trim() ? { displayName: draft.displayName.trim() } : {}),
      ...(draft.pin && deviceRole ? { pin: draft.pin } : {}),
      ...(deviceRole ? { sites: draft.sites } : {}),
    };
    const res = await call.run(() => api<AddedUser>('/api/admin/users', { method: 'POST', body }));
    if (res) onCreated(res);
  };

  return (
    <form className="panel grid" aria-label="New user" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <label>Username<input value={draft.username} placeholder="jane.doe" autoComplete="off" onChange={(e) => field('username', e.target.value.toLowerCase().trim())} /></label>
      <label>Display name<input value={draft.displayName} placeholder="Jane Doe" onChange={(e) => field('displayName', e.target.value)} /></label>
      <label>Role
        <select value={draft.role} onChange={(e) => { const role = e.target.value as UserDraft['role']; setDraft((d) => ({ ...d, role, sites: defaultSitesFor(role, sites) })); }}>
          {ROLES.map((r) => <option key={r} value={r}>{ROLE_LABELS[r]}</option>)}
        </select>
      </label>
      <label>Password<input type="password" value={draft.password} autoComplete="new-password" onChange={(e) => field('password', e.target.value)} /></label>
      {deviceRole && <label>PIN (optional)<input type="password" inputMode="numeric" value={draft.pin} autoComplete="off" onChange={(e) => field('pin', e.target.value.trim())} /></label>}
      <SiteCheckboxes role={draft.role} sites={sites} chosen={draft.sites} onChange={(codes) => field('sites', codes)} />
      {call.error && <p className="error full" role="alert">{call.error}</p>}
      <div className="actions">
        <button type="submit" className="primary" disabled={call.busy}>Create user</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
