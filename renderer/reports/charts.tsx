// The reports' charts (recharts): a labelled figure with a caption, bars or lines over rows the
// page already has in a table beside it. Money series are drawn in major units of the currency
// and read back with its symbol; every chart has a name screen readers and tests find.
import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useDisplay } from './display.ts';
import { formatCountTick, formatMajor, formatMajorTick, majorUnits } from './format.ts';

export interface Series<T> {
  name: string;
  value: (row: T) => number;
  /** Money in minor units (drawn in major units, shown with the currency). */
  money?: boolean;
  color: string;
  dashed?: boolean;
}

interface FigureProps<T> {
  title: string;
  caption: ReactNode;
  rows: readonly T[];
  x: (row: T) => string;
  series: readonly Series<T>[];
  height?: number;
  /** Horizontal bars (long labels such as product names). */
  vertical?: boolean;
  /** What an empty chart says instead of bare axes. */
  empty?: string;
}

/** An empty chart says so (bare axes read as "zero", or as a page still loading). */
function EmptyFigure({ title, caption, text, height }: { title: string; caption: ReactNode; text: string; height: number }) {
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>{caption}</figcaption>
      <p className="chart-empty muted" style={{ height }}>{text}</p>
    </figure>
  );
}

const EMPTY = 'Nothing in this period.';

/** No rows, or every value of every series zero (a day-by-day trend of a period without sales). */
const isEmpty = <T,>(rows: readonly T[], series: readonly Series<T>[]): boolean =>
  rows.every((r) => series.every((s) => s.value(r) === 0));

const COLORS = ['#1f5fbf', '#d9822b', '#2e8b57', '#9b59b6', '#c0392b', '#16a085', '#7f8c8d', '#b8860b'];
export const chartColor = (i: number): string => COLORS[i % COLORS.length] ?? '#1f5fbf';

function useData<T>(rows: readonly T[], x: (row: T) => string, series: readonly Series<T>[]): Record<string, string | number>[] {
  const { currency } = useDisplay();
  return rows.map((r) => {
    const point: Record<string, string | number> = { x: x(r) };
    for (const s of series) point[s.name] = s.money ? majorUnits(s.value(r), currency) : s.value(r);
    return point;
  });
}

/** The value axis's ticks: money with the currency when every series is money, else grouped counts. */
function useTick<T>(series: readonly Series<T>[]): { tickFormatter: (value: number) => string; width: number } {
  const { currency } = useDisplay();
  const money = series.length > 0 && series.every((s) => s.money);
  return money
    ? { tickFormatter: (v) => formatMajorTick(v, currency), width: 84 }
    : { tickFormatter: (v) => formatCountTick(v), width: 60 };
}

function useFormatter<T>(series: readonly Series<T>[]): (value: unknown, name: unknown) => string {
  const { currency } = useDisplay();
  return (value, name) => {
    const s = series.find((x) => x.name === name);
    const n = Number(value);
    return s?.money ? formatMajor(n, currency) : Number.isInteger(n) ? String(n) : n.toFixed(2);
  };
}

export function BarFigure<T>({ title, caption, rows, x, series, height = 240, vertical = false, empty = EMPTY }: FigureProps<T>) {
  const data = useData(rows, x, series);
  const format = useFormatter(series);
  const tick = useTick(series);
  if (isEmpty(rows, series)) return <EmptyFigure title={title} caption={caption} text={empty} height={height} />;
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>{caption}</figcaption>
      <ResponsiveContainer width="100%" height={vertical ? Math.max(height, rows.length * 26 + 40) : height}>
        <BarChart data={data} layout={vertical ? 'vertical' : 'horizontal'} margin={{ left: vertical ? 8 : 0, right: 16 }}>
          <CartesianGrid strokeDasharray="3 3" />
          {vertical ? <XAxis type="number" tickFormatter={tick.tickFormatter} /> : <XAxis dataKey="x" />}
          {vertical ? <YAxis type="category" dataKey="x" width={220} tick={{ fontSize: 12 }} /> : <YAxis tickFormatter={tick.tickFormatter} width={tick.width} />}
          <Tooltip formatter={(v, n) => format(v, n)} />
          {series.length > 1 && <Legend />}
          {series.map((s) => <Bar key={s.name} dataKey={s.name} name={s.name} fill={s.color} isAnimationActive={false} />)}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function LineFigure<T>({ title, caption, rows, x, series, height = 240, empty = EMPTY }: FigureProps<T>) {
  const data = useData(rows, x, series);
  const format = useFormatter(series);
  const tick = useTick(series);
  if (isEmpty(rows, series)) return <EmptyFigure title={title} caption={caption} text={empty} height={height} />;
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>{caption}</figcaption>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={data} margin={{ right: 16 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="x" />
          <YAxis tickFormatter={tick.tickFormatter} width={tick.width} />
          <Tooltip formatter={(v, n) => format(v, n)} />
          <Legend />
          {series.map((s) => (
            <Line key={s.name} type="linear" dataKey={s.name} name={s.name} stroke={s.color} strokeWidth={2} connectNulls
              strokeDasharray={s.dashed ? '4 4' : undefined} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
