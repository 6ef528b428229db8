// The guided-scan prompt both work screens (picking and count) show: what to scan next, the
// feedback on the last scan (an alert when it was wrong), and a typed entry for labels that will
// not scan. Wedge scans arrive anywhere on the screen through the wedge listener, not through here.
import { useState, type FormEvent } from 'react';

export function ScanPrompt({ hint, message, error, onCode }: { hint: string; message: string; error: boolean; onCode: (code: string) => void }) {
  const [code, setCode] = useState('');
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (code.trim()) onCode(code);
    setCode('');
  };
  return (
    <>
      <p className="hint" aria-label="Next step">
        {hint}
      </p>
      <p role={error ? 'alert' : 'status'} aria-label="Scan feedback" className={`feedback ${error ? 'bad' : 'ok'}`}>
        {message}
      </p>
      <form onSubmit={submit} className="row">
        <label>
          Barcode
          <input value={code} onChange={(e) => setCode(e.target.value)} data-scan-entry autoComplete="off" />
        </label>
        <button type="submit" className="big">
          Enter
        </button>
      </form>
    </>
  );
}

/** A typed quantity ("2", "1,5") as a number, or null when it is not one. */
export function typedQuantity(text: string): number | null {
  const n = Number(text.replace(',', '.'));
  return text.trim() && Number.isFinite(n) ? n : null;
}
