// First start: server URL + pairing code.
import { useState, type FormEvent } from 'react';
import { usePairingStore } from './pairing-store.ts';

/** `device` names what is paired (the till by default; the scanner station passes its own). */
export function PairingScreen({ device = 'till', defaultName = 'Till' }: { device?: string; defaultName?: string } = {}) {
  const pair = usePairingStore((s) => s.pair);
  const busy = usePairingStore((s) => s.busy);
  const error = usePairingStore((s) => s.error);
  const [serverUrl, setServerUrl] = useState(window.location.origin);
  const [code, setCode] = useState('');
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
          <input value={code} onChange={(e) => setCode(e.target.value)} required autoFocus autoComplete="off" />
        </label>
        <label>
          Device name
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Pairing…' : 'Pair'}
        </button>
        {error && <p role="alert">{error}</p>}
      </form>
    </main>
  );
}
