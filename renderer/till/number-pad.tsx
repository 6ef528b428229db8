// An on-screen number pad for touch tills: PIN, quantities and amounts. It edits the value of the
// field it serves through the same onChange a keyboard would, so the field stays the one truth.
export interface NumberPadProps {
  value: string;
  onChange(value: string): void;
  /** Offer the decimal point (quantities, amounts; not PINs). */
  decimal?: boolean;
  label: string;
}

export function NumberPad({ value, onChange, decimal = false, label }: NumberPadProps) {
  const press = (key: string) => {
    if (key === '⌫') onChange(value.slice(0, -1));
    else if (key === 'C') onChange('');
    else if (key === '.') {
      if (!value.includes('.')) onChange(`${value || '0'}.`);
    } else onChange(value + key);
  };
  const keys = ['7', '8', '9', '4', '5', '6', '1', '2', '3', decimal ? '.' : 'C', '0', '⌫'];
  const names: Readonly<Record<string, string>> = { '⌫': 'Delete last digit', C: 'Clear', '.': 'Decimal point' };
  return (
    <div className="number-pad" role="group" aria-label={label}>
      {keys.map((k) => (
        <button key={k} type="button" aria-label={names[k] ?? k} onClick={() => press(k)} onMouseDown={(e) => e.preventDefault()}>
          {k}
        </button>
      ))}
    </div>
  );
}
