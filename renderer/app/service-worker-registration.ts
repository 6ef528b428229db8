// Registers the app-shell service worker (renderer/sw.ts, built to /sw.js) so the till opens
// offline after a restart. Skipped where service workers are unavailable (insecure origins, tests).
export function registerServiceWorker(): void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).then(
    (registration) => registration.update().catch((error: unknown) => console.warn('service worker update failed', error)),
    (error: unknown) => console.warn('service worker registration failed; the till will not open offline after a restart', error),
  );
}
