import { describe, expect, it } from 'vitest';
import { redactedRequest } from './serve.ts';

describe('request log serializer', () => {
  it('never logs the SSE bearer token from the query string', () => {
    const logged = redactedRequest({ method: 'GET', url: '/api/sync/stream?x=1&token=SECRET123&y=2', ip: '127.0.0.1' });
    expect(JSON.stringify(logged)).not.toContain('SECRET123');
    expect(logged.url).toBe('/api/sync/stream?x=1&token=[redacted]&y=2');
  });
});
