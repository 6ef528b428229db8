// A back-office list's filter over a few known values (a state, a channel): "All" or one of them,
// in words. Changing it calls `onChange` with the value, or '' for all.
export function ChoiceFilter<T extends string>({ label, value, choices, onChange }: {
  label: string;
  value: T | '';
  /** [value, words] in the order shown. */
  choices: readonly (readonly [T, string])[];
  onChange: (value: T | '') => void;
}) {
  return (
    <label className="inline">{label}
      <select value={value} onChange={(e) => onChange(choices.find(([v]) => v === e.target.value)?.[0] ?? '')}>
        <option value="">All</option>
        {choices.map(([v, words]) => <option key={v} value={v}>{words}</option>)}
      </select>
    </label>
  );
}
