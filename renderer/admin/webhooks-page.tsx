// Webhooks (issue 16): the endpoints Aisle sends signed events to — the URL, the events, the
// channel they are limited to, enabled or disabled and why (a 410 Gone disables one), and how the
// last delivery went. Admins add one (its `whsec_` secret is shown here once: the server keeps it
// but never shows it again), rotate the secret, disable, enable and delete; everyone opens an
// endpoint's delivery log, admins replay from it. Managers look (the server refuses their changes).
import { useCallback, useEffect, useState } from 'react';
import type { Channel, ChannelList } from '../../shared/admin-api/channels.ts';
import type { WebhookEndpoint, WebhookEndpointCreate, WebhookEndpointWithSecret } from '../../shared/schemas/webhooks.ts';
import { api } from '../reports/reports-api.ts';
import { useAdminCall } from './use-admin-call.ts';
import { storeZone, useSites } from './use-sites.ts';
import { WebhookDeliveries } from './webhook-deliveries.tsx';
import { WebhookEndpointForm } from './webhook-endpoint-form.tsx';
import { disabledText, lastDeliveryText } from './webhook-labels.ts';

const base = '/api/admin/webhooks/endpoints';
const path = (id: string, rest = ''): string => `${base}/${encodeURIComponent(id)}${rest}`;

interface ShownSecret { url: string; secret: string; rotated: boolean }

export function WebhooksPage({ canWrite }: { canWrite: boolean }) {
  const sites = useSites();
  const zone = storeZone(sites);
  const [endpoints, setEndpoints] = useState<WebhookEndpoint[] | null>(null);
  const [channels, setChannels] = useState<Channel[]>([]);
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<ShownSecret | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const call = useAdminCall();

  const load = useCallback(async () => {
    const res = await call.run(() => api<WebhookEndpoint[]>(base));
    if (res) setEndpoints(res);
  }, [call.run]);
  useEffect(() => {
    void load();
    void api<ChannelList>('/api/admin/channels').then((r) => setChannels(r.channels));
  }, [load]);

  const channelName = (code: string | null): string => (code === null ? 'every channel' : channels.find((c) => c.code === code)?.name ?? code);
  /** Fetch the list first, then say what happened (the page shows the state the sentence describes). */
  const after = async (sentence: string): Promise<void> => {
    await load();
    setSaved(sentence);
  };

  const create = async (body: WebhookEndpointCreate): Promise<void> => {
    setSaved(null);
    const made = await call.run(() => api<WebhookEndpointWithSecret>(base, { method: 'POST', body }));
    if (!made) return;
    setAdding(false);
    await load();
    setSecret({ url: made.url, secret: made.secret, rotated: false });
  };
  const rotate = async (e: WebhookEndpoint): Promise<void> => {
    if (!window.confirm(`Make a new signing secret for ${e.url}? The current secret keeps signing for 24 hours, so the receiver can switch without missing events.`)) return;
    setSaved(null);
    const res = await call.run(() => api<WebhookEndpointWithSecret>(path(e.id, '/rotate-secret'), { method: 'POST', body: {} }));
    if (!res) return;
    await load();
    setSecret({ url: res.url, secret: res.secret, rotated: true });
  };
  const setEnabled = async (e: WebhookEndpoint, enabled: boolean): Promise<void> => {
    if (!enabled && !window.confirm(`Disable ${e.url}? Nothing is sent to it until it is enabled again; events made meanwhile are not sent to it.`)) return;
    setSaved(null);
    const res = await call.run(() => api<WebhookEndpoint>(path(e.id), { method: 'PATCH', body: { enabled } }));
    if (res) await after(enabled ? `Enabled ${res.url}: it gets new events again, and deliveries waiting to be retried go on.` : `Disabled ${res.url}: nothing is sent to it until it is enabled again.`);
  };
  const remove = async (e: WebhookEndpoint): Promise<void> => {
    if (!window.confirm(`Delete the endpoint ${e.url}? It gets no more events and its delivery log is deleted with it. This cannot be undone.`)) return;
    setSaved(null);
    const res = await call.run(() => api(path(e.id), { method: 'DELETE' }));
    if (res === undefined) return;
    if (open === e.id) setOpen(null);
    await after(`Deleted the endpoint ${e.url} and its delivery log.`);
  };

  const opened = endpoints?.find((e) => e.id === open) ?? null;
  return (
    <section aria-label="Webhooks">
      <h2>Webhooks</h2>
      <div className="toolbar">
        {canWrite && <button type="button" className="primary" onClick={() => { call.setError(null); setSaved(null); setAdding(true); }}>New endpoint</button>}
        <span className="muted">Aisle posts signed events (Standard Webhooks) to these addresses; a receiver that answers 410 Gone is disabled. See docs/channels.md.</span>
      </div>
      {adding && <WebhookEndpointForm channels={channels} busy={call.busy} error={call.error} onSubmit={(b) => void create(b)} onInvalid={call.setError} onCancel={() => { setAdding(false); call.setError(null); }} />}
      {!adding && call.error && <p className="error" role="alert">{call.error}</p>}
      {saved && <p className="ok" role="status">{saved}</p>}
      {secret && (
        <div className="panel key-once" role="status" aria-label="New signing secret">
          <span>{secret.rotated ? 'New signing secret' : 'Signing secret'} of {secret.url} — copy it into the receiver now, it is not shown again{secret.rotated ? ' (the previous one keeps signing for 24 hours)' : ''}:</span>
          <code data-testid="new-webhook-secret">{secret.secret}</code>
          <button type="button" onClick={() => void navigator.clipboard?.writeText(secret.secret)}>Copy</button>
          <button type="button" onClick={() => setSecret(null)}>Done</button>
        </div>
      )}
      {endpoints?.length === 0 && <p className="muted">No endpoint yet{canWrite ? ': add one for each system that wants to hear of orders, stock and exceptions' : ''}.</p>}
      {endpoints && endpoints.length > 0 && (
        <table>
          <thead><tr><th>URL</th><th>Events</th><th>Channel</th><th>Status</th><th>Last delivery ({zone})</th><th /></tr></thead>
          <tbody>
            {endpoints.map((e) => (
              <tr key={e.id} aria-label={`Endpoint ${e.url}`} aria-selected={open === e.id}>
                <td className="url">{e.url}{e.description && <div className="muted">{e.description}</div>}</td>
                <td>{e.eventTypes.join(', ')}</td>
                <td>{channelName(e.channel)}</td>
                <td className={e.enabled ? undefined : 'low'}>{disabledText(e.enabled, e.disabledReason, zone)}</td>
                <td>{lastDeliveryText(e.lastDelivery, zone)}</td>
                <td className="actions wrap">
                  <button type="button" onClick={() => setOpen(open === e.id ? null : e.id)}>{open === e.id ? 'Hide deliveries' : 'Deliveries'}</button>
                  {canWrite && (
                    <>
                      <button type="button" disabled={call.busy} onClick={() => void rotate(e)}>Rotate secret</button>
                      <button type="button" disabled={call.busy} onClick={() => void setEnabled(e, !e.enabled)}>{e.enabled ? 'Disable' : 'Enable'}</button>
                      <button type="button" disabled={call.busy} onClick={() => void remove(e)}>Delete</button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {opened && <WebhookDeliveries key={opened.id} endpoint={opened} zone={zone} canWrite={canWrite} onClose={() => setOpen(null)} onChanged={() => void load()} />}
    </section>
  );
}
