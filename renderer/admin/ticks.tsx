// A row of checkboxes (stores, customer groups…) by name; what is ticked is a list of ids.
export function Ticks({ legend, options, chosen, onChange, disabled = false, none }: {
  legend: string; options: readonly { id: string; label: string }[]; chosen: readonly string[]; onChange(ids: string[]): void; disabled?: boolean; none: string;
}) {
  return (
    <fieldset className="tenders" disabled={disabled}>
      <legend>{legend}</legend>
      {options.length === 0 && <span className="muted">{none}</span>}
      {options.map((o) => (
        <label key={o.id}>
          <input type="checkbox" checked={chosen.includes(o.id)} onChange={(e) => onChange(e.target.checked ? [...chosen, o.id] : chosen.filter((c) => c !== o.id))} />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}
