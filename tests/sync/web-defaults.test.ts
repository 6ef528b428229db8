// Web defaults (issue 14 point 10, first part): every response says it must not be framed or
// sniffed, and a client-chosen x-request-id is echoed only when it looks like an id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';

describe('web defaults', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite', { products: 1 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('sends nosniff, DENY framing and a frame-ancestors policy on every response, errors included', async () => {
    for (const path of ['/api/health', '/till', '/api/nope']) {
      const res = await server.api(path);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
    }
  });

  it('echoes a well-formed x-request-id and replaces a malformed one', async () => {
    const good = await server.api('/api/health', { headers: { 'x-request-id': 'trace-1234.abc' } });
    expect(good.headers.get('x-request-id')).toBe('trace-1234.abc');
    for (const bad of ['x'.repeat(500), 'two words', 'ünïcode', '{"json":1}']) {
      const res = await fetch(`${server.url}/api/health`, { headers: { 'x-request-id': encodeURI(bad) === bad ? bad : encodeURIComponent(bad) } });
      await res.body?.cancel();
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });
});
