// Browser-facing defaults of every response (docs/server.md "Web defaults"): security headers, a
// full Content-Security-Policy on the served UI, the Origin check that keeps other sites from
// using a manager's session cookie, and which proxies are trusted to say the request came over https.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from './auth.ts';
import { forbidden } from './errors.ts';

/** API answers are JSON: they never need to run, embed or frame anything. */
export const API_CSP = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'";

/**
 * The UI (index.html, its assets and the service worker): the build has no inline script or style
 * (scripts/build-renderer.ts; React sets styles through the CSSOM, which style-src does not govern),
 * QR codes are data: images, and the browser device bridge talks to the local hardware service on
 * ws(s)://127.0.0.1 or localhost at any port — exactly what renderer/device-bridge/select-device-bridge.ts accepts.
 */
export const UI_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:* wss://127.0.0.1:* wss://localhost:*",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Fastify's `trustProxy` from AISLE_TRUST_PROXY: unset/false → none; true; a hop count; or addresses/CIDRs, comma-separated. */
export function trustProxyFromEnv(value: string | undefined): boolean | string[] | ((address: string, hop: number) => boolean) {
  const v = value?.trim() ?? '';
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  if (/^[0-9]+$/.test(v)) {
    const hops = Number(v);
    return (_address, hop) => hop < hops;
  }
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** This server's origin as the browser sees it (scheme and host from a trusted proxy when there is one). */
export function ownOrigin(req: FastifyRequest): string | null {
  try {
    return new URL(`${req.protocol}://${req.host}`).origin;
  } catch (e) {
    if (e instanceof TypeError) return null;
    throw e;
  }
}

function sameOrigin(given: string, own: string | null): boolean {
  try {
    return own !== null && new URL(given).origin === own;
  } catch (e) {
    if (e instanceof TypeError) return false;
    throw e;
  }
}

export function registerWebDefaults(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    // For everything served (UI and API): never framed, never sniffed, no referrer leaks.
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', req.url.startsWith('/api/') ? API_CSP : UI_CSP);
    reply.header('referrer-policy', 'no-referrer');
  });
  // A state-changing request that rides on the session cookie must come from our own pages. Bearer
  // tokens (devices, channels, the CLI) are never sent by a browser on its own, and a request with
  // no Origin is not a browser's cross-site request, so both pass.
  app.addHook('onRequest', async (req) => {
    if (!STATE_CHANGING.has(req.method) || req.headers.authorization) return;
    const origin = req.headers.origin;
    if (origin === undefined || !req.cookies[SESSION_COOKIE]) return;
    if (!sameOrigin(origin, ownOrigin(req))) {
      throw forbidden(`This change was sent from another web site (${origin.slice(0, 100)}), so it was refused. Open Aisle at its own address and try again.`);
    }
  });
}
