// Service worker of the renderer: keeps the app shell (index.html and the hashed assets) in a
// cache so a till whose browser restarts while the server is unreachable still opens and sells
// from its local database. API calls (/api/…) are never cached: they go to the network or fail.
/// <reference lib="webworker" />
const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = 'aisle-shell-v1';
const SHELL = '/index.html';

/** Caches index.html and every /assets/ file it references (the page that registered us loaded them uncontrolled). */
async function cacheShell(): Promise<void> {
  const cache = await caches.open(CACHE);
  const response = await fetch(SHELL, { cache: 'no-store' });
  if (!response.ok) throw new Error(`app shell fetch failed: ${response.status}`);
  const html = await response.clone().text();
  await cache.put(SHELL, response);
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]).filter((u): u is string => u !== undefined);
  await cache.addAll(assets);
}

sw.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => sw.skipWaiting()));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(sw.clients.claim());
});

async function networkFirst(request: Request, fallbackKey: string): Promise<Response> {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(fallbackKey, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(fallbackKey);
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

sw.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== sw.location.origin || url.pathname.startsWith('/api/')) return;
  if (event.request.mode === 'navigate') event.respondWith(networkFirst(event.request, SHELL));
  else if (url.pathname.startsWith('/assets/')) event.respondWith(cacheFirst(event.request));
});
