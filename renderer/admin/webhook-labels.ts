// Words for the Webhooks page: what each event type announces, where an endpoint stands (enabled,
// or disabled and why), and a delivery's outcome — pure, so the page and its tests share them.
import type { WebhookDelivery, WebhookEventType, WebhookLastDelivery } from '../../shared/schemas/webhooks.ts';
import { MAX_ATTEMPTS } from '../../shared/webhooks/retry-schedule.ts';
import { formatDateTime } from '../reports/format.ts';
import { counted } from '../../shared/text/count.ts';

export const EVENT_DESCRIPTIONS: Record<WebhookEventType, string> = {
  'order.created': 'an order arrived',
  'order.reserved': 'its goods are set aside',
  'order.backordered': 'part of it waits for stock',
  'order.ready_for_pickup': 'ready to collect in its store',
  'order.shipped': 'a shipment left',
  'order.picked_up': 'handed over at a till',
  'order.cancelled': 'cancelled, or not collected',
  'order.lines_cancelled': 'some units cancelled (refunded at a till), the rest goes on',
  'return.requested': 'a return by post was announced',
  'return.received': 'brought back to a store, or received by post',
  'return.cancelled': 'a return by post is no longer expected',
  'stock.available_changed': 'what the channel may sell changed',
  'exception.opened': 'a problem to look at (endpoints for every channel only)',
};

const STATE_WORDS: Record<WebhookDelivery['state'], string> = { pending: 'to retry', succeeded: 'delivered', failed: 'failed' };

/** `disabled_reason` as the server writes it ("answered 410 Gone on <instant>"), with the instant in store time. */
export function disabledText(enabled: boolean, reason: string | null, zone: string): string {
  if (enabled) return 'Enabled';
  if (!reason) return 'Disabled by an admin';
  return `Disabled: ${reason.replace(/\d{4}-\d{2}-\d{2}T[\d:.]+Z/g, (iso) => formatDateTime(iso, zone))}`;
}

/** What the receiver answered last: `HTTP 200`, or the network error when there was no answer. */
export function answerText(d: Pick<WebhookDelivery, 'lastStatus' | 'lastError' | 'attempts'>): string {
  if (d.lastStatus !== null) return `HTTP ${d.lastStatus}`;
  if (d.lastError) return `no answer: ${d.lastError}`;
  return d.attempts === 0 ? 'not sent yet' : '—';
}

/** A delivery's state in words: delivered, failed, to retry, or being sent now (pending, never tried). */
export function stateText(d: Pick<WebhookDelivery, 'state' | 'attempts'>): string {
  return d.state === 'pending' && d.attempts === 0 ? 'sending' : STATE_WORDS[d.state];
}

/** `3 of 8`: the attempts made out of the schedule's; a replay starts over, so the requests sent in all are added then. */
export function attemptsText(attempts: number, sent = attempts): string {
  return `${attempts} of ${MAX_ATTEMPTS}${sent > attempts ? ` (${sent} sent in all)` : ''}`;
}

/** The endpoint list's "Last delivery" cell. */
export function lastDeliveryText(d: WebhookLastDelivery | null | undefined, zone: string): string {
  if (!d) return 'none yet';
  const when = formatDateTime(d.at, zone);
  const answer = answerText(d);
  if (d.state === 'succeeded') return `${d.type}: delivered ${when} (${answer})`;
  if (d.state === 'failed') return `${d.type}: failed after ${counted(d.attempts, 'attempt')} (${answer})`;
  if (d.attempts === 0) return `${d.type}: sending`;
  return `${d.type}: ${answer}, next try ${d.nextAttemptAt ? formatDateTime(d.nextAttemptAt, zone) : 'soon'}`;
}

/** Problems with a new endpoint before it is sent, as sentences. */
export function endpointIssues(url: string, events: readonly string[]): string[] {
  const issues: string[] = [];
  if (!/^https?:\/\/[^\s/]+/i.test(url.trim())) issues.push('URL: the address that receives the events, starting with https:// (or http:// on a private network).');
  if (url.trim().length > 2000) issues.push('URL: at most 2000 characters.');
  if (events.length === 0) issues.push('Events: tick at least one event to send.');
  return issues;
}
