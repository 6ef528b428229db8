// Devices: make a pairing code for a site and role (shown with a QR code of the till URL and the
// code), list paired devices with their last contact, last sync and the events each last reported as
// not yet sent, rename one (lists, reports and the device itself show the name), revoke one (it is
// locked out at once).
import QRCode from 'qrcode';
import { useCallback, useEffect, useState } from 'react';
import type { DeviceList, DeviceRename, DeviceSummary } from '../../shared/admin-api/audit-devices.ts';
import type { Site, SiteList } from '../../shared/admin-api/sites.ts';
import type { PairingCode } from '../../shared/admin-api/operations.ts';
import { DEVICE_ROLE_LABELS, DEVICE_ROLES } from '../../shared/admin-api/choice-labels.ts';
import { deviceRoleLabel } from '../../shared/text/display-names.ts';
import { api } from '../reports/reports-api.ts';
import { useAdminCall } from './use-admin-call.ts';
import { siteTime } from './use-sites.ts';


/** The row's name cell: the name, or a small form while it is being renamed. */
function NameCell({ device, editing, onDone, onCancel }: { device: DeviceSummary; editing: boolean; onDone(): void; onCancel(): void }) {
  const [name, setName] = useState(device.name);
  const call = useAdminCall();
  if (!editing) return <td>{device.name}</td>;
  const save = async (): Promise<void> => {
    if (!name.trim()) return call.setError('Give the device a name, for example "Till 2 by the door".');
    const body: DeviceRename = { name: name.trim() };
    const res = await call.run(() => api<DeviceSummary>(`/api/admin/devices/${encodeURIComponent(device.id)}`, { method: 'PATCH', body }));
    if (res) onDone();
  };
  return (
    <td>
      <form className="toolbar" aria-label={`Rename ${device.name}`} onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <input aria-label="Device name" value={name} maxLength={100} size={18} autoFocus onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="primary" disabled={call.busy}>Save</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </form>
      {call.error && <p className="error" role="alert">{call.error}</p>}
    </td>
  );
}

export function DevicesPage({ canWrite }: { canWrite: boolean }) {
  const [sites, setSites] = useState<Site[]>([]);
  const [devices, setDevices] = useState<DeviceSummary[]>([]);
  const [role, setRole] = useState<'till' | 'scanner'>('till');
  const [site, setSite] = useState('');
  const [code, setCode] = useState<(PairingCode & { qr: string; url: string }) | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [status, setStatus] = useState<'all' | 'active' | 'revoked'>('all');
  const call = useAdminCall();

  const load = useCallback(async () => {
    const res = await call.run(() => api<DeviceList>('/api/admin/devices'));
    if (res) setDevices(res.devices);
  }, [call.run]);
  useEffect(() => {
    void load();
    void api<SiteList>('/api/admin/sites').then((r) => setSites(r.sites));
  }, [load]);

  // A scanner station works in a warehouse or in a store that ships channel orders (ship from store).
  const eligible = role === 'till' ? sites.filter((s) => s.kind === 'store') : [...sites].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'warehouse' ? -1 : 1));
  const shown = devices.filter((d) => status === 'all' || (status === 'revoked') === (d.revokedAt !== null));
  const chosen = eligible.some((s) => s.code === site) ? site : (eligible[0]?.code ?? '');
  const when = (iso: string | null, siteCode: string): string => (iso ? siteTime(sites, iso, siteCode) : 'never');

  const makeCode = async (): Promise<void> => {
    if (!chosen) return call.setError(`There is no ${role === 'till' ? 'store' : 'site'} to pair a ${role} with.`);
    const res = await call.run(() => api<PairingCode>('/api/admin/pairing-codes', { method: 'POST', body: { role, site: chosen } }));
    if (!res) return;
    const url = `${window.location.origin}/${role}?code=${encodeURIComponent(res.code)}`;
    setCode({ ...res, url, qr: await QRCode.toDataURL(url, { margin: 1, scale: 6 }) });
  };

  const revoke = async (d: DeviceSummary): Promise<void> => {
    if (!window.confirm(`Revoke ${d.role} "${d.name}" (${d.siteCode})? It stops syncing at once and must be paired again.`)) return;
    const res = await call.run(() => api(`/api/admin/devices/${encodeURIComponent(d.id)}/revoke`, { method: 'POST' }));
    if (res) await load();
  };

  return (
    <section aria-label="Devices">
      <h2>Devices</h2>
      {canWrite && (
        <form className="panel toolbar" aria-label="New pairing code" onSubmit={(e) => { e.preventDefault(); void makeCode(); }}>
          <label className="inline">Role
            <select value={role} onChange={(e) => setRole(e.target.value as 'till' | 'scanner')}>{DEVICE_ROLES.map((r) => <option key={r} value={r}>{DEVICE_ROLE_LABELS[r]}</option>)}</select>
          </label>
          <label className="inline">Site
            <select value={chosen} onChange={(e) => setSite(e.target.value)}>{eligible.map((s) => <option key={s.code} value={s.code}>{s.name} ({s.code})</option>)}</select>
          </label>
          <button type="submit" className="primary" disabled={call.busy}>Create pairing code</button>
        </form>
      )}
      {call.error && <p className="error" role="alert">{call.error}</p>}
      {code && (
        <div className="panel qr" aria-label="Pairing code">
          <img src={code.qr} alt={`QR code: ${code.url}`} />
          <div>
            <p>Enter on the new device, or scan the QR code:</p>
            <p className="code" data-testid="pairing-code">{code.code}</p>
            <p className="muted">Server: {window.location.origin} · one use · expires {siteTime(sites, code.expiresAt, chosen)}</p>
            {code.fingerprint && <p className="muted" aria-label="Server certificate">Server certificate (SHA-256): <code>{code.fingerprint}</code> — the till shows the same when it pairs.</p>}
          </div>
        </div>
      )}
      <div className="toolbar">
        <label className="inline">Status
          <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            <option value="all">All devices</option><option value="active">Active</option><option value="revoked">Revoked</option>
          </select>
        </label>
        <span className="muted">Unsent: events the device last reported as not yet acknowledged by the server.</span>
      </div>
      <table>
        <thead><tr><th>Name</th><th>Role</th><th>Site</th><th>Paired (site time)</th><th>Last seen</th><th>Last sync</th><th className="num">Unsent</th><th>Status</th><th /></tr></thead>
        <tbody>
          {shown.map((d) => (
            <tr key={d.id} aria-label={`Device ${d.name}`}>
              <NameCell key={`${d.id}:${d.name}`} device={d} editing={renaming === d.id} onCancel={() => setRenaming(null)} onDone={() => { setRenaming(null); void load(); }} />
              <td>{deviceRoleLabel(d.role)}</td>
              <td>{d.siteName} ({d.siteCode})</td>
              <td>{when(d.pairedAt, d.siteCode)}</td>
              <td>{when(d.lastSeenAt, d.siteCode)}</td>
              <td>{when(d.lastSyncAt, d.siteCode)}</td>
              <td className="num" title={d.unsentReportedAt ? `reported ${when(d.unsentReportedAt, d.siteCode)}` : 'never reported'}>{d.unsentCount ?? '—'}</td>
              <td>{d.revokedAt ? `revoked ${when(d.revokedAt, d.siteCode)}` : 'active'}</td>
              <td className="actions">
                {canWrite && renaming !== d.id && <button type="button" onClick={() => setRenaming(d.id)}>Rename</button>}
                {canWrite && !d.revokedAt && <button type="button" onClick={() => void revoke(d)}>Revoke</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length === 0 && <p className="muted">{devices.length ? 'No device matches.' : 'No device paired yet: create a pairing code above.'}</p>}
    </section>
  );
}
