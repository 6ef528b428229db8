// The form that adds a webhook endpoint: the receiving URL, a note, the events ticked from the
// known types, and optionally one channel (by name) whose events it receives. Checked here first;
// the server's refusal, if any, shows above it.
import { useState } from 'react';
import type { Channel } from '../../shared/admin-api/channels.ts';
import { WEBHOOK_EVENT_TYPES, type WebhookEndpointCreate, type WebhookEventType } from '../../shared/schemas/webhooks.ts';
import { EVENT_DESCRIPTIONS, endpointIssues } from './webhook-labels.ts';

export function WebhookEndpointForm({ channels, busy, error, onSubmit, onCancel, onInvalid }: {
  channels: readonly Channel[];
  busy: boolean;
  error: string | null;
  onSubmit(body: WebhookEndpointCreate): void;
  onCancel(): void;
  onInvalid(message: string): void;
}) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [channel, setChannel] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>(['order.created', 'order.cancelled']);

  const toggle = (t: WebhookEventType, on: boolean): void => setEvents((now) => (on ? WEBHOOK_EVENT_TYPES.filter((x) => x === t || now.includes(x)) : now.filter((x) => x !== t)));
  const submit = (): void => {
    const issues = endpointIssues(url, events);
    if (issues.length > 0) return onInvalid(issues.join(' '));
    onSubmit({ url: url.trim(), eventTypes: events, ...(description.trim() ? { description: description.trim() } : {}), ...(channel ? { channel } : {}) });
  };

  return (
    <form className="panel grid" aria-label="New webhook endpoint" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      {error && <p className="error full" role="alert">{error}</p>}
      <label className="wide">URL<input type="url" value={url} placeholder="https://shop.example/aisle/webhooks" onChange={(e) => setUrl(e.target.value)} /></label>
      <label>Description<input value={description} maxLength={200} placeholder="Web shop orders" onChange={(e) => setDescription(e.target.value)} /></label>
      <label>Channel
        <select value={channel} onChange={(e) => setChannel(e.target.value)}>
          <option value="">Every channel</option>
          {channels.map((c) => <option key={c.code} value={c.code}>{c.name} ({c.code})</option>)}
        </select>
      </label>
      <fieldset className="tenders full" aria-label="Events">
        <legend>Events to send</legend>
        {WEBHOOK_EVENT_TYPES.map((t) => (
          <label key={t} className="check" title={EVENT_DESCRIPTIONS[t]}>
            <input type="checkbox" checked={events.includes(t)} onChange={(e) => toggle(t, e.target.checked)} />
            {t}
          </label>
        ))}
      </fieldset>
      <p className="hint muted">
        {channel && events.includes('exception.opened') ? 'exception.opened belongs to no channel: only an endpoint for every channel receives it. ' : ''}
        Each request is signed (Standard Webhooks); the signing secret is shown once, after you add the endpoint.
      </p>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>Add endpoint</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
