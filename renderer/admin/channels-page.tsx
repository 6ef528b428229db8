// Channels: the web shops, marketplaces and portals that post orders, each with its safety
// buffer (units held back from the availability it is shown), when its orders are invoiced (on
// delivery or on order), the routing of its delivery orders (which sites ship them, stores
// included) and its API keys. A new key is shown here once — the
// server keeps only its hash — and a revoked key is refused at once.
import { useCallback, useEffect, useState } from 'react';
import { type Channel, type ChannelCreate, type ChannelKeyCreated, type ChannelList, INVOICE_POLICIES, type InvoicePolicy } from '../../shared/admin-api/channels.ts';
import { INVOICE_POLICY_LABELS } from '../../shared/admin-api/choice-labels.ts';
import type { Site, SiteList } from '../../shared/admin-api/sites.ts';
import { ChannelRouting } from './channel-routing-form.tsx';
import { formatStoreDateTime } from '../../shared/time/index.ts';
import { api } from '../reports/reports-api.ts';
import { useAdminCall } from './use-admin-call.ts';
import { storeZone } from './use-sites.ts';
import { counted } from '../../shared/text/count.ts';

const CODE = /^[a-z0-9_-]{1,32}$/;

const invoicingMeaning: Record<InvoicePolicy, string> = {
  delivery: 'Each shipment or pickup is invoiced for what it delivers, when it leaves.',
  order: 'Everything ordered is invoiced as soon as the order is accepted (paid online); shipments then book only their cost, and what is cancelled gets a credit note. Orders paid at a pickup till are invoiced by the till.',
};

const bufferOf = (text: string): number | null => {
  const n = Number(text.replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(n) && n >= 0 && n <= 1_000_000 ? n : null;
};

function ChannelRow({ channel, sites, canWrite, onChanged, onKey }: { channel: Channel; sites: Site[]; canWrite: boolean; onChanged(): void; onKey(key: ChannelKeyCreated): void }) {
  const [name, setName] = useState(channel.name);
  const [buffer, setBuffer] = useState(String(channel.buffer));
  const [invoicing, setInvoicing] = useState<InvoicePolicy>(channel.invoicePolicy);
  const [keyName, setKeyName] = useState('');
  const call = useAdminCall();
  const active = channel.keys.filter((k) => !k.revokedAt);
  // Key times in store time, the zone named in the heading (as the orders and audit log do).
  const zone = storeZone(sites);

  const save = async (): Promise<void> => {
    const qty = bufferOf(buffer);
    if (!name.trim()) return call.setError('The channel needs a name.');
    if (qty === null) return call.setError('Safety buffer: a quantity of 0 or more.');
    const res = await call.run(() => api<Channel>(`/api/admin/channels/${channel.code}`, { method: 'PATCH', body: { name: name.trim(), buffer: qty, invoicePolicy: invoicing } }));
    if (res) onChanged();
  };
  const makeKey = async (): Promise<void> => {
    if (!keyName.trim()) return call.setError('Name the key after who uses it, for example "Storefront".');
    const res = await call.run(() => api<ChannelKeyCreated>(`/api/admin/channels/${channel.code}/keys`, { method: 'POST', body: { name: keyName.trim() } }));
    if (!res) return;
    setKeyName('');
    onKey(res);
    onChanged();
  };
  const revoke = async (id: string, keyLabel: string): Promise<void> => {
    if (!window.confirm(`Revoke the key "${keyLabel}" of ${channel.name}? Orders posted with it are refused from now on.`)) return;
    const res = await call.run(() => api(`/api/admin/channel-keys/${encodeURIComponent(id)}/revoke`, { method: 'POST' }));
    if (res) onChanged();
  };

  return (
    <section className="panel" aria-label={`Channel ${channel.name}`}>
      <form className="toolbar" aria-label={`Edit ${channel.name}`} onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <strong>{channel.name}</strong>
        <span className="muted">code {channel.code} · {counted(channel.orders, 'order')}</span>
        <fieldset disabled={!canWrite} className="contents">
          <label className="inline">Name<input value={name} onChange={(e) => setName(e.target.value)} /></label>
          <label className="inline">Safety buffer (units)<input inputMode="decimal" size={6} value={buffer} onChange={(e) => setBuffer(e.target.value)} /></label>
          <label className="inline">Invoice orders
            <select value={invoicing} onChange={(e) => setInvoicing(e.target.value as InvoicePolicy)}>
              {INVOICE_POLICIES.map((p) => <option key={p} value={p}>{INVOICE_POLICY_LABELS[p]}</option>)}
            </select>
          </label>
        </fieldset>
        {canWrite && <button type="submit" disabled={call.busy}>Save</button>}
        <span className="muted" role="note">
          {invoicingMeaning[invoicing]}
          {invoicing !== channel.invoicePolicy ? ' Applies to orders accepted after you save.' : ''}
        </span>
      </form>
      {call.error && <p className="error" role="alert">{call.error}</p>}
      <ChannelRouting channel={channel} sites={sites} canWrite={canWrite} onChanged={onChanged} />
      <table>
        <thead><tr><th>API key</th><th>Created ({zone})</th><th>Status</th><th /></tr></thead>
        <tbody>
          {channel.keys.length === 0 && <tr><td colSpan={4} className="muted">No API key yet.</td></tr>}
          {channel.keys.map((k) => (
            <tr key={k.id} aria-label={`Key ${k.name}`}>
              <td>{k.name}</td>
              <td>{formatStoreDateTime(k.createdAt, zone)}</td>
              <td>{k.revokedAt ? `revoked ${formatStoreDateTime(k.revokedAt, zone)}` : 'active'}</td>
              <td>{canWrite && !k.revokedAt && <button type="button" onClick={() => void revoke(k.id, k.name)}>Revoke</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {canWrite && (
        <form className="toolbar" aria-label={`New API key for ${channel.name}`} onSubmit={(e) => { e.preventDefault(); void makeKey(); }}>
          <label className="inline">Key name<input value={keyName} placeholder="Storefront" onChange={(e) => setKeyName(e.target.value)} /></label>
          <button type="submit" disabled={call.busy}>Create API key</button>
          <span className="muted">{counted(active.length, 'active key')}</span>
        </form>
      )}
    </section>
  );
}

export function ChannelsPage({ canWrite }: { canWrite: boolean }) {
  const [channels, setChannels] = useState<Channel[]>([]);
  const [draft, setDraft] = useState<{ code: string; name: string; buffer: string } | null>(null);
  const [newKey, setNewKey] = useState<ChannelKeyCreated | null>(null);
  const [sites, setSites] = useState<Site[]>([]);
  const call = useAdminCall();

  const load = useCallback(async () => {
    const res = await call.run(() => api<ChannelList>('/api/admin/channels'));
    if (res) setChannels(res.channels);
  }, [call.run]);
  useEffect(() => {
    void load();
    void api<SiteList>('/api/admin/sites').then((r) => setSites(r.sites));
  }, [load]);

  const create = async (d: { code: string; name: string; buffer: string }): Promise<void> => {
    const buffer = bufferOf(d.buffer || '0');
    const issues = [
      ...(CODE.test(d.code) ? [] : ['Code: 1 to 32 small letters, digits, _ or - (for example web), as orders name the channel.']),
      ...(d.name.trim() ? [] : ['Name is required.']),
      ...(buffer === null ? ['Safety buffer: a quantity of 0 or more.'] : []),
    ];
    if (issues.length || buffer === null) return call.setError(issues.join(' '));
    const body: ChannelCreate = { code: d.code, name: d.name.trim(), buffer };
    const res = await call.run(() => api<Channel>('/api/admin/channels', { method: 'POST', body }));
    if (!res) return;
    setDraft(null);
    await load();
  };

  return (
    <section aria-label="Channels">
      <h2>Channels</h2>
      <div className="toolbar">
        {canWrite && <button type="button" className="primary" onClick={() => { call.setError(null); setDraft({ code: '', name: '', buffer: '0' }); }}>New channel</button>}
      </div>
      {call.error && <p className="error" role="alert">{call.error}</p>}
      {draft && (
        <form className="panel toolbar" aria-label="New channel" onSubmit={(e) => { e.preventDefault(); void create(draft); }}>
          <label className="inline">Code<input value={draft.code} placeholder="web" onChange={(e) => setDraft({ ...draft, code: e.target.value.toLowerCase().trim() })} /></label>
          <label className="inline">Name<input value={draft.name} placeholder="Web shop" onChange={(e) => setDraft({ ...draft, name: e.target.value })} /></label>
          <label className="inline">Safety buffer (units)<input inputMode="decimal" size={6} value={draft.buffer} onChange={(e) => setDraft({ ...draft, buffer: e.target.value })} /></label>
          <button type="submit" className="primary" disabled={call.busy}>Create channel</button>
          <button type="button" onClick={() => { setDraft(null); call.setError(null); }}>Cancel</button>
        </form>
      )}
      {newKey && (
        <div className="panel key-once" role="status" aria-label="New API key">
          <span>API key &quot;{newKey.name}&quot; for {channels.find((c) => c.code === newKey.channel)?.name ?? newKey.channel} — copy it now, it is not shown again:</span>
          <code data-testid="new-api-key">{newKey.key}</code>
          <button type="button" onClick={() => void navigator.clipboard?.writeText(newKey.key)}>Copy</button>
          <button type="button" onClick={() => setNewKey(null)}>Done</button>
        </div>
      )}
      {channels.length === 0 && <p className="muted">No channel yet: create one for each web shop, marketplace or portal that posts orders.</p>}
      {channels.map((c) => (
        <ChannelRow key={`${c.code}:${c.name}:${c.buffer}:${c.invoicePolicy}:${c.keys.length}:${c.routing}:${c.routingSites.map((x) => x.code).join(',')}`} channel={c} sites={sites} canWrite={canWrite} onChanged={() => void load()} onKey={setNewKey} />
      ))}
    </section>
  );
}
