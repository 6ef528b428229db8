// Finding a past sale by its receipt code or number: the form the return and reprint screens share.
import { useState, type FormEvent } from 'react';

export function SaleLookupForm({ label, initial = '', onFind, onBack }: { label: string; initial?: string; onFind: (value: string) => void; onBack: () => void }) {
  const [text, setText] = useState(initial);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    onFind(text);
  };
  return (
    <form className="row" onSubmit={submit} aria-label={label}>
      <label>
        Receipt code or number
        <input value={text} onChange={(e) => setText(e.target.value)} autoFocus autoComplete="off" />
      </label>
      <button type="submit">Find sale</button>
      <button type="button" onClick={onBack}>Back</button>
    </form>
  );
}
