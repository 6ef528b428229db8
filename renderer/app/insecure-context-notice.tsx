// Says so when the page has no secure context: opened over plain http from another machine, a
// till cannot check PINs (WebCrypto) or keep its offline app shell (service worker) — before this
// notice, PIN login threw and the service worker silently did not register.
import { INSECURE_CONTEXT_MESSAGE } from '../login/login-store.ts';

export function InsecureContextNotice() {
  if (typeof window === 'undefined' || window.isSecureContext) return null;
  return (
    <p className="banner error" role="alert" aria-label="Connection not secure">
      {INSECURE_CONTEXT_MESSAGE}
    </p>
  );
}
