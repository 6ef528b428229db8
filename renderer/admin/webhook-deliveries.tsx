// One webhook endpoint's delivery log, newest first: when each event was made (store time), its
// type, the attempts made of the schedule's, what the receiver answered last, the next retry and
// where it stands. Admins replay a delivery: the same event, same webhook-id, sent again now.
import { useCallback, useEffect, useState } from 'react';
import type { WebhookDelivery, WebhookEndpoint } from '../../shared/schemas/webhooks.ts';
import { formatDateTime } from '../reports/format.ts';
import { api, query } from '../reports/reports-api.ts';
import { useAdminCall } from './use-admin-call.ts';
import { answerText, attemptsText, stateText } from './webhook-labels.ts';

const LIMIT = 100;

function attemptsTitle(d: WebhookDelivery, zone: string): string {
  return d.log.map((a) => `#${a.attempt} ${formatDateTime(a.attemptedAt, zone)}: ${a.status !== null ? `HTTP ${a.status}` : (a.error ?? 'no answer')} in ${a.durationMs} ms`).join('\n');
}

export function WebhookDeliveries({ endpoint, zone, canWrite, onClose, onChanged }: { endpoint: WebhookEndpoint; zone: string; canWrite: boolean; onClose(): void; onChanged(): void }) {
  const [deliveries, setDeliveries] = useState<WebhookDelivery[] | null>(null);
  const [state, setState] = useState<'' | WebhookDelivery['state']>('');
  const [saved, setSaved] = useState<string | null>(null);
  const call = useAdminCall();

  const load = useCallback(async () => {
    const res = await call.run(() => api<WebhookDelivery[]>(`/api/admin/webhooks/endpoints/${encodeURIComponent(endpoint.id)}/deliveries${query({ state, limit: LIMIT })}`));
    if (res) setDeliveries(res);
  }, [endpoint.id, state, call.run]);
  useEffect(() => {
    void load();
  }, [load]);

  const replay = async (d: WebhookDelivery): Promise<void> => {
    setSaved(null);
    const res = await call.run(() => api<WebhookDelivery>(`/api/admin/webhooks/endpoints/${encodeURIComponent(endpoint.id)}/deliveries/${d.id}/replay`, { method: 'POST' }));
    if (!res) return;
    await load();
    onChanged();
    setSaved(`Sending ${res.type} of ${formatDateTime(res.createdAt, zone)} again (same webhook-id ${res.eventId}): its attempts start over.${endpoint.enabled ? '' : ' The endpoint is disabled: enable it, or nothing is sent.'}`);
  };

  return (
    <section className="panel" aria-label={`Deliveries to ${endpoint.url}`}>
      <div className="toolbar">
        <strong>Deliveries to {endpoint.url}</strong>
        <label className="inline">Show
          <select value={state} onChange={(e) => { setSaved(null); setState(e.target.value as typeof state); }}>
            <option value="">All</option><option value="pending">To retry</option><option value="failed">Failed</option><option value="succeeded">Delivered</option>
          </select>
        </label>
        <button type="button" disabled={call.busy} onClick={() => { setSaved(null); onChanged(); void load(); }}>Refresh</button>
        <button type="button" onClick={onClose}>Close</button>
        <span className="muted">The newest {LIMIT}. Hover the attempts for each one.</span>
      </div>
      {call.error && <p className="error" role="alert">{call.error}</p>}
      {saved && <p className="ok" role="status">{saved}</p>}
      <table>
        <thead><tr><th>Made ({zone})</th><th>Event</th><th className="num">Attempts</th><th>Last answer</th><th>Next retry</th><th>State</th><th /></tr></thead>
        <tbody>
          {deliveries?.length === 0 && <tr><td colSpan={7} className="muted">{state ? 'No delivery in this state.' : 'Nothing sent yet: the endpoint gets the events made after it was added.'}</td></tr>}
          {deliveries?.map((d) => (
            <tr key={d.id} aria-label={`Delivery ${d.type} ${formatDateTime(d.createdAt, zone)}`}>
              <td>{formatDateTime(d.createdAt, zone)}</td>
              <td>{d.type}</td>
              <td className="num" title={attemptsTitle(d, zone)}>{attemptsText(d.attempts, d.log.length)}</td>
              <td>{answerText(d)}</td>
              <td>{d.nextAttemptAt ? formatDateTime(d.nextAttemptAt, zone) : '—'}</td>
              <td>{stateText(d)}{d.deliveredAt && d.state === 'succeeded' ? ` ${formatDateTime(d.deliveredAt, zone)}` : ''}</td>
              <td className="actions">{canWrite && d.attempts > 0 && <button type="button" disabled={call.busy} onClick={() => void replay(d)}>Replay</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
