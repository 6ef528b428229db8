// The Webhooks page's words: why an endpoint is disabled (in store time), what a receiver answered,
// a delivery's state and attempts, the list's last-delivery cell and the new endpoint's checks.
import { describe, expect, it } from 'vitest';
import { answerText, attemptsText, disabledText, endpointIssues, lastDeliveryText, stateText } from './webhook-labels.ts';

describe('webhook labels', () => {
  it('says why an endpoint is disabled, with the 410 instant in store time', () => {
    expect(disabledText(true, null, 'Europe/Paris')).toBe('Enabled');
    expect(disabledText(false, null, 'Europe/Paris')).toBe('Disabled by an admin');
    expect(disabledText(false, 'answered 410 Gone on 2026-12-03T15:31:07.123Z', 'Europe/Paris')).toBe('Disabled: answered 410 Gone on 2026-12-03 16:31');
  });

  it('tells what the receiver answered, or that it did not', () => {
    expect(answerText({ lastStatus: 500, lastError: 'HTTP 500', attempts: 1 })).toBe('HTTP 500');
    expect(answerText({ lastStatus: null, lastError: 'connect ECONNREFUSED', attempts: 2 })).toBe('no answer: connect ECONNREFUSED');
    expect(answerText({ lastStatus: null, lastError: null, attempts: 0 })).toBe('not sent yet');
  });

  it('counts attempts against the schedule, and the requests sent in all after a replay', () => {
    expect(attemptsText(3)).toBe('3 of 8');
    expect(attemptsText(1, 3)).toBe('1 of 8 (3 sent in all)');
    expect(stateText({ state: 'pending', attempts: 0 })).toBe('sending');
    expect(stateText({ state: 'pending', attempts: 2 })).toBe('to retry');
    expect(stateText({ state: 'failed', attempts: 8 })).toBe('failed');
  });

  it('sums up the last delivery for the list', () => {
    const base = { type: 'order.created', attempts: 1, lastError: null, at: '2026-12-03T15:31:00Z', nextAttemptAt: null };
    expect(lastDeliveryText(null, 'UTC')).toBe('none yet');
    expect(lastDeliveryText({ ...base, state: 'succeeded', lastStatus: 200 }, 'UTC')).toBe('order.created: delivered 2026-12-03 15:31 (HTTP 200)');
    expect(lastDeliveryText({ ...base, state: 'pending', lastStatus: 500, nextAttemptAt: '2026-12-03T16:31:00Z' }, 'UTC')).toBe('order.created: HTTP 500, next try 2026-12-03 16:31');
    expect(lastDeliveryText({ ...base, state: 'failed', attempts: 8, lastStatus: 503 }, 'UTC')).toBe('order.created: failed after 8 attempts (HTTP 503)');
  });

  it('refuses an endpoint without an http(s) URL or without events, in sentences', () => {
    expect(endpointIssues('https://shop.example/hooks', ['order.created'])).toEqual([]);
    expect(endpointIssues('shop.example/hooks', [])).toEqual([
      'URL: the address that receives the events, starting with https:// (or http:// on a private network).',
      'Events: tick at least one event to send.',
    ]);
  });
});
