import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';

describe('rate limits on pairing and login', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer('pglite', { seed: false, server: { rateLimits: { pair: { max: 3, timeWindow: 60_000 }, login: { max: 2, timeWindow: 60_000 } } } });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('answers 429 once a client exceeds the pairing limit, however wrong the codes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await s.api('/api/devices/pair', { body: { code: `WRONG-${i}`, name: 'x' } })).status);
    expect(statuses).toEqual([400, 400, 400, 429, 429]);
  });

  it('answers 429 once a client exceeds the login limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await s.api('/api/auth/login', { body: { username: 'nobody', password: 'guess' } })).status);
    expect(statuses).toEqual([401, 401, 429, 429]);
  });
});
