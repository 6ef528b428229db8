// Web defaults (issue 14 point 10): every response says it must not be framed or sniffed; the UI
// gets a full Content-Security-Policy and its build no inline code; source maps are not public; a
// client-chosen x-request-id is echoed only when it looks like an id; the session cookie is Secure
// behind a trusted TLS proxy; a cookie-authenticated change from another origin is refused.
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRenderer } from '../../scripts/build-renderer.ts';
import { buildServer } from '../../sync-server/http/server.ts';
import { trustProxyFromEnv } from '../../sync-server/http/web-defaults.ts';
import { loadOrCreateTls } from '../../sync-server/security/tls.ts';
import { createTestDb, testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/** Every directive of a policy, by name. */
function directives(policy: string | null): Map<string, string[]> {
  return new Map((policy ?? '').split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name ?? '', values]));
}

describe('web defaults', () => {
  let server: TestServer;
  let distDir: string;
  beforeAll(async () => {
    distDir = await buildRenderer({ quiet: true });
    server = await startTestServer('pglite', { products: 1 });
  }, 240_000);
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

  it('serves every UI page and the service worker with a policy that allows only its own code, data: images and the local hardware service', async () => {
    for (const path of ['/till', '/scanner', '/admin', '/reports', '/display', '/sw.js', '/']) {
      const res = await server.api(path);
      expect(res.status, path).toBe(200);
      const csp = directives(res.headers.get('content-security-policy'));
      expect(csp.get('default-src'), path).toEqual(["'self'"]);
      expect(csp.get('script-src'), path).toEqual(["'self'"]);
      expect(csp.get('style-src'), path).toEqual(["'self'"]);
      expect(csp.get('img-src'), path).toEqual(["'self'", 'data:']);
      expect(csp.get('worker-src'), path).toEqual(["'self'"]);
      expect(csp.get('connect-src'), path).toEqual(["'self'", 'ws://127.0.0.1:*', 'ws://localhost:*', 'wss://127.0.0.1:*', 'wss://localhost:*']);
      expect(csp.get('object-src'), path).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
    }
  });

  it('links an icon from every page that the server answers as an image, so no page logs a 404 for a favicon', async () => {
    const html = String((await server.api('/admin')).body);
    const href = /<link rel="icon"[^>]* href="([^"]+)"/.exec(html)?.[1];
    expect(href).toBe('/favicon.svg');
    const res = await server.api(href ?? '');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(String(res.body)).toContain('<svg');
  });

  it('sends a request for /favicon.ico to the icon, permanently', async () => {
    const direct = await fetch(`${server.url}/favicon.ico`, { redirect: 'manual' });
    expect(direct.status).toBe(301);
    expect(direct.headers.get('location')).toBe('/favicon.svg');
    const followed = await fetch(`${server.url}/favicon.ico`);
    expect(followed.status).toBe(200);
    expect(followed.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
  });

  it('builds the UI without inline scripts or styles, so script-src and style-src need no unsafe-inline', () => {
    const html = readFileSync(join(distDir, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="\/assets\//);
      expect(body?.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
  });

  it('neither emits nor serves source maps: a .map next to any built script is 404', async () => {
    const assets = readdirSync(join(distDir, 'assets'));
    const js = assets.find((f) => f.endsWith('.js'));
    expect(js).toBeDefined();
    expect(readdirSync(distDir).concat(assets).filter((f) => f.endsWith('.map'))).toEqual([]);
    expect((await server.api(`/assets/${js ?? ''}`)).status).toBe(200);
    for (const path of [`/assets/${js ?? ''}.map`, `/till/assets/${js ?? ''}.map`, '/sw.js.map']) {
      expect((await server.api(path)).status, path).toBe(404);
    }
  });

  it('refuses a .map file even when one lies in the UI directory, unless source maps are switched on for development', async () => {
    const root = mkdtempSync(join(tmpdir(), 'aisle-ui-'));
    const t = await createTestDb('pglite');
    try {
      mkdirSync(join(root, 'assets'));
      writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>');
      writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)\n//# sourceMappingURL=app.js.map');
      writeFileSync(join(root, 'assets', 'app.js.map'), '{"version":3,"sources":["secret.ts"]}');
      for (const [serveSourceMaps, expected] of [[false, 404], [true, 200]] as const) {
        const app = await buildServer({ db: t.db, staticRoot: root, webhooks: false, serveSourceMaps });
        try {
          expect((await app.inject({ url: '/assets/app.js' })).statusCode).toBe(200);
          expect((await app.inject({ url: '/assets/app.js.map' })).statusCode, `serveSourceMaps ${String(serveSourceMaps)}`).toBe(expected);
        } finally {
          await app.close();
        }
      }
    } finally {
      await t.close();
      rmSync(root, { recursive: true, force: true });
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

  it('reads AISLE_TRUST_PROXY as none, all, a hop count or a list of addresses', () => {
    expect(trustProxyFromEnv(undefined)).toBe(false);
    expect(trustProxyFromEnv('false')).toBe(false);
    expect(trustProxyFromEnv('true')).toBe(true);
    expect(trustProxyFromEnv(' 10.0.0.1, 192.168.0.0/16 ')).toEqual(['10.0.0.1', '192.168.0.0/16']);
    const hops = trustProxyFromEnv('1');
    expect(typeof hops).toBe('function');
    if (typeof hops === 'function') expect([hops('10.0.0.1', 0), hops('10.0.0.1', 1)]).toEqual([true, false]);
  });
});

describe.each(testDrivers)('cookies and origins on $kind', ({ kind, skip }) => {
  let direct: TestServer;
  let proxied: TestServer;
  let token: string;

  beforeAll(async () => {
    if (skip) return;
    direct = await startTestServer(kind, { products: 1, server: { webhooks: false } });
    // Behind a TLS-terminating proxy on this machine: its X-Forwarded-Proto is believed.
    proxied = await startTestServer(kind, { products: 1, server: { webhooks: false, trustProxy: trustProxyFromEnv('127.0.0.1') } });
    token = await direct.login('admin', 'admin');
  }, 120_000);
  afterAll(async () => {
    await direct?.close();
    await proxied?.close();
  });

  const loginCookie = async (server: TestServer, headers: Record<string, string> = {}): Promise<string> => {
    const res = await server.api('/api/auth/login', { body: { username: 'admin', password: 'admin' }, headers });
    expect(res.status).toBe(200);
    return res.headers.get('set-cookie') ?? '';
  };

  it.skipIf(skip)('marks the session cookie Secure when a trusted proxy says the request came over https, and only then', async () => {
    expect(await loginCookie(proxied, { 'x-forwarded-proto': 'https' })).toMatch(/;\s*Secure/i);
    expect(await loginCookie(proxied)).not.toMatch(/;\s*Secure/i);
    // Without a trusted proxy, anyone could send the header: it is ignored.
    expect(await loginCookie(direct, { 'x-forwarded-proto': 'https' })).not.toMatch(/;\s*Secure/i);
  });

  it.skipIf(skip)('marks the session cookie Secure when the server itself serves https', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aisle-tls-'));
    const tls = await loadOrCreateTls({ dir });
    const app = await buildServer({ db: direct.db, tls, webhooks: false });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const port = (app.server.address() as AddressInfo).port;
      const setCookie = await new Promise<string>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/api/auth/login', method: 'POST', ca: tls.cert, servername: 'localhost', checkServerIdentity: () => undefined, headers: { 'content-type': 'application/json' } }, (res) => {
          res.resume();
          res.on('end', () => resolve(String(res.headers['set-cookie'] ?? '')));
        });
        req.on('error', reject);
        req.end(JSON.stringify({ username: 'admin', password: 'admin' }));
      });
      expect(setCookie).toMatch(/aisle_session=.*;\s*Secure/i);
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(skip)('refuses a cookie-authenticated change sent from another origin, with a message for people', async () => {
    const cookie = (await loginCookie(direct)).split(';')[0] ?? '';
    const pair = (headers: Record<string, string>) => direct.api('/api/admin/pairing-codes', { body: { role: 'till', site: 'STORE1' }, headers });
    for (const origin of ['https://evil.example', 'null', `${direct.url.replace('127.0.0.1', 'localhost')}`]) {
      const res = await pair({ cookie, origin });
      expect(res.status, origin).toBe(403);
      expect((res.body as { message: string }).message).toMatch(/sent from another web site .*refused/);
    }
    const put = await direct.api('/api/admin/users/manager/password', { method: 'PUT', body: { password: 'changed' }, headers: { cookie, origin: 'https://evil.example' } });
    expect(put.status).toBe(403);
    expect((await direct.api('/api/auth/login', { body: { username: 'manager', password: 'manager' } })).status).toBe(200);
  });

  it.skipIf(skip)('lets our own pages, non-browser clients without Origin, and bearer tokens through', async () => {
    const cookie = (await loginCookie(direct)).split(';')[0] ?? '';
    const pair = (headers: Record<string, string>, bearer?: string) => direct.api('/api/admin/pairing-codes', { body: { role: 'till', site: 'STORE1' }, headers, ...(bearer ? { token: bearer } : {}) });
    expect((await pair({ cookie, origin: direct.url })).status).toBe(201);
    expect((await pair({ cookie })).status).toBe(201);
    expect((await pair({ origin: 'https://evil.example' }, token)).status).toBe(201);
    // Behind the trusted proxy the browser's origin is the proxy's public https one.
    const proxiedCookie = (await loginCookie(proxied)).split(';')[0] ?? '';
    const viaProxy = await proxied.api('/api/admin/pairing-codes', {
      body: { role: 'till', site: 'STORE1' },
      headers: { cookie: proxiedCookie, origin: 'https://pos.example.com', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'pos.example.com' },
    });
    expect(viaProxy.status).toBe(201);
  });
});
