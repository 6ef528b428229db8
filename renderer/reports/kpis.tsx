// KPI cards: a labelled group per number, so that screen readers and tests find "Revenue" in
// "This period" by name.
import { useDisplay } from './display.ts';
import { formatCell, type CellFormat } from './format.ts';

export interface Kpi {
  label: string;
  value: number;
  format: CellFormat;
  /** Shown under the value, e.g. the change against the previous period. */
  note?: string;
}

/** Long amounts ("€18,824.48", "€3,462,590.70") take a smaller size so that a tile shows them whole, on one line. */
function KpiValue({ text }: { text: string }) {
  const size = text.length > 11 ? ' longer' : text.length > 8 ? ' long' : '';
  return <output className={`kpi-value${size}`}>{text}</output>;
}

export function KpiGroup({ title, kpis }: { title: string; kpis: readonly Kpi[] }) {
  const display = useDisplay();
  return (
    <section className="kpis" aria-label={title}>
      <h3>{title}</h3>
      <div className="kpi-row">
        {kpis.map((k) => (
          <div key={k.label} role="group" aria-label={k.label} className="kpi">
            <span className="kpi-label">{k.label}</span>
            <KpiValue text={formatCell(k.value, k.format, display)} />
            {k.note && <span className="kpi-note muted">{k.note}</span>}
          </div>
        ))}
      </div>
    </section>
  );
}

/** "+12.5 % vs previous period" (or "no previous data"). */
export function changeNote(current: number, previous: number): string {
  if (previous === 0) return current === 0 ? 'no change' : 'no previous data';
  const pct = ((current - previous) / Math.abs(previous)) * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)} % vs previous period`;
}
