// First start: server URL + pairing code. The back office's QR code opens `/<role>?code=…`: the code
// comes filled in (the cashier only names the device) and leaves the address bar once read.
import { useState, type FormEvent } from 'react';
import { DEFAULT_DEVICE_NAMES } from '../../shared/text/display-names.ts';
import { usePairingStore } from './pairing-store.ts';

/** `device` names what is paired (the till by default; the scanner station passes its own). The server numbers the proposed name ("Till 1"). */
export function PairingScreen({ device = 'till', defaultName = DEFAULT_DEVICE_NAMES.till }: { device?: string; defaultName?: string } = {}) {
  const pair = usePairingStore((s) => s.pair);
  const busy = usePairingStore((s) => s.busy);
  const error = usePairingStore((s) => s.error);
  const [serverUrl, setServerUrl] = useState(window.location.origin);
  const [fromQr] = useState(codeFromAddress);
  const [code, setCode] = useState(fromQr ?? '');
  const [name, setName] = useState(defaultName);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void pair(serverUrl, code, name);
  };
  return (
    <main className="centered">
      <h1>Pair this {device}</h1>
      <form onSubmit={submit} className="stack" aria-label="Pairing">
        <label>
          Server URL
          <input value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} required type="url" />
        </label>
        <label>
          Pairing code
          <input value={code} onChange={(e) => setCode(e.target.value)} required autoFocus={!fromQr} autoComplete="off" />
        </label>
        {fromQr && <p role="status">Pairing code taken from the QR code. Name this {device} and press Pair.</p>}
        <label>
          Device name
          <input value={name} onChange={(e) => setName(e.target.value)} required autoFocus={Boolean(fromQr)} />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Pairing…' : 'Pair'}
        </button>
        {error && <p role="alert">{error}</p>}
      </form>
    </main>
  );
}

/** The `code` query parameter of the QR code's address, removed from the address bar (it is single-use). */
function codeFromAddress(): string | null {
  const url = new URL(window.location.href);
  const code = url.searchParams.get('code')?.trim();
  if (!code) return null;
  url.searchParams.delete('code');
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  return code;
}
