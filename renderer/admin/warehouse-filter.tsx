// The back office's "Warehouse" filter over a list (count tasks, purchase orders, reorder rules):
// every warehouse by name and code, or all of them.
export function WarehouseFilter({ warehouses, value, onChange }: {
  warehouses: readonly { code: string; name: string }[];
  /** The chosen warehouse's code; '' for all. */
  value: string;
  onChange: (code: string) => void;
}) {
  return (
    <label className="inline">Warehouse
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">All warehouses</option>
        {warehouses.map((w) => <option key={w.code} value={w.code}>{w.name} ({w.code})</option>)}
      </select>
    </label>
  );
}
