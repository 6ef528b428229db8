// One user, opened from the users list: name, role and sites; a new password (their web sessions
// end); a PIN for the till and scanner roles, or its removal. Each part is its own form, checked
// before sending; managers see it read-only.
import { useState } from 'react';
import type { PasswordSet, UserRole } from '../../shared/admin-api/operations.ts';
import type { Site } from '../../shared/admin-api/sites.ts';
import type { UserPatch, UserSummary } from '../../shared/admin-api/users.ts';
import { defaultSiteKind, pinProblem } from '../../shared/users/user-rules.ts';
import { api } from '../reports/reports-api.ts';
import { AuditHistory } from './audit-table.tsx';
import { SiteCheckboxes } from './site-checkboxes.tsx';
import { useAdminCall } from './use-admin-call.ts';
import { defaultSitesFor, ROLES, sitesProblem } from './user-rules.ts';
import { ROLE_LABELS } from '../../shared/admin-api/choice-labels.ts';

const path = (u: UserSummary, rest = ''): string => `/api/admin/users/${encodeURIComponent(u.username)}${rest}`;

function DetailsForm({ user, sites, canWrite, onSaved }: { user: UserSummary; sites: readonly Site[]; canWrite: boolean; onSaved(u: UserSummary, message: string): void }) {
  const [displayName, setDisplayName] = useState(user.displayName);
  const [role, setRole] = useState<UserRole>(user.role);
  const [chosen, setChosen] = useState<string[]>(user.sites.map((s) => s.code));
  const call = useAdminCall();

  const changeRole = (next: UserRole): void => {
    setRole(next);
    // Another kind of site: start from every site of that kind, as a new user would.
    if (defaultSiteKind(next) !== defaultSiteKind(role)) setChosen(defaultSitesFor(next, sites));
  };
  const save = async (): Promise<void> => {
    if (!displayName.trim()) return call.setError('The display name is required: tills and reports show it.');
    const sitesIssue = sitesProblem(role, chosen);
    if (sitesIssue) return call.setError(sitesIssue);
    const sameSites = [...chosen].sort().join() === user.sites.map((s) => s.code).sort().join();
    const patch: UserPatch = {
      ...(displayName.trim() !== user.displayName ? { displayName: displayName.trim() } : {}),
      ...(role !== user.role ? { role } : {}),
      ...(defaultSiteKind(role) !== null && !sameSites ? { sites: chosen } : {}),
    };
    if (Object.keys(patch).length === 0) return call.setError('Nothing changed.');
    const res = await call.run(() => api<UserSummary>(path(user), { method: 'PATCH', body: patch }));
    if (res) onSaved(res, `Saved ${res.displayName}: devices get the change within seconds.`);
  };

  return (
    <form className="panel grid" aria-label={`Edit ${user.displayName}`} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <fieldset disabled={!canWrite} className="contents">
        <label className="wide">Display name<input value={displayName} onChange={(e) => setDisplayName(e.target.value)} /></label>
        <label>Role
          <select value={role} onChange={(e) => changeRole(e.target.value as UserRole)}>{ROLES.map((r) => <option key={r} value={r}>{ROLE_LABELS[r]}</option>)}</select>
        </label>
        <SiteCheckboxes role={role} sites={sites} chosen={chosen} onChange={setChosen} disabled={!canWrite} />
      </fieldset>
      {call.error && <p className="error full" role="alert">{call.error}</p>}
      {canWrite && <div className="actions"><button type="submit" className="primary" disabled={call.busy}>Save user</button></div>}
    </form>
  );
}

function SecretsForm({ user, onSaved }: { user: UserSummary; onSaved(u: UserSummary, message: string): void }) {
  const [password, setPassword] = useState('');
  const [pin, setPin] = useState('');
  const call = useAdminCall();
  const deviceRole = defaultSiteKind(user.role) !== null;

  const savePassword = async (): Promise<void> => {
    if (password.length < 4) return call.setError('The new password needs at least 4 characters.');
    const res = await call.run(() => api<PasswordSet>(path(user, '/password'), { method: 'PUT', body: { password } }));
    if (!res) return;
    setPassword('');
    onSaved(user, `Changed the password of ${user.displayName}: their web sessions were ended.`);
  };
  const savePin = async (next: string | null): Promise<void> => {
    const problem = next === null ? null : pinProblem(user.role, next);
    if (problem) return call.setError(problem);
    if (next === null && !window.confirm(`Remove the PIN of ${user.displayName}? They can no longer log in on a device until they get a new one.`)) return;
    const res = await call.run(() => api<UserSummary>(path(user, '/pin'), { method: 'PUT', body: { pin: next } }));
    if (!res) return;
    setPin('');
    onSaved(res, next === null ? `Removed the PIN of ${res.displayName}.` : `Set the PIN of ${res.displayName}: their devices get it within seconds.`);
  };

  return (
    <div className="panel" aria-label={`Password and PIN of ${user.displayName}`} role="group">
      <form className="toolbar" aria-label="Reset password" onSubmit={(e) => { e.preventDefault(); void savePassword(); }}>
        <label className="inline">New password<input type="password" value={password} autoComplete="new-password" onChange={(e) => setPassword(e.target.value)} /></label>
        <button type="submit" disabled={call.busy}>Set password</button>
      </form>
      {deviceRole && (
        <form className="toolbar" aria-label="Set PIN" onSubmit={(e) => { e.preventDefault(); void savePin(pin); }}>
          <label className="inline">New PIN<input type="password" inputMode="numeric" value={pin} size={10} autoComplete="off" onChange={(e) => setPin(e.target.value.trim())} /></label>
          <button type="submit" disabled={call.busy}>Set PIN</button>
          {user.hasPin && <button type="button" disabled={call.busy} onClick={() => void savePin(null)}>Remove PIN</button>}
          <span className="muted">{user.hasPin ? 'Has a PIN.' : 'No PIN yet: cannot log in on a device.'} {user.role === 'supervisor' ? '6 to 8 digits.' : '4 to 8 digits.'}</span>
        </form>
      )}
      {call.error && <p className="error" role="alert">{call.error}</p>}
    </div>
  );
}

export function UserEditor({ user, sites, canWrite, onSaved }: { user: UserSummary; sites: readonly Site[]; canWrite: boolean; onSaved(u: UserSummary, message: string): void }) {
  // Each save is one more entry of the user's history: read it again.
  const [saves, setSaves] = useState(0);
  const saved = (u: UserSummary, message: string): void => {
    setSaves((n) => n + 1);
    onSaved(u, message);
  };
  return (
    <div className="user-detail">
      <h3>{user.displayName} ({user.username})</h3>
      <DetailsForm key={`${user.id}:${user.role}:${user.displayName}:${user.sites.map((s) => s.code).join()}`} user={user} sites={sites} canWrite={canWrite} onSaved={saved} />
      {canWrite && <SecretsForm key={user.id} user={user} onSaved={saved} />}
      <AuditHistory key={`${user.id}:${saves}`} entity="user" entityId={user.id} name={user.displayName} empty="No change recorded for this user." />
    </div>
  );
}
