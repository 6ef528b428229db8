// The reports' table: columns with a display format, an optional totals row, CSV export of
// exactly the rows and columns shown, and virtualised rendering (only the visible rows are in
// the DOM) once a table is long — every row is rendered while printing.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { writeCsv } from '../../shared/csv/write-csv.ts';
import { counted } from '../../shared/text/count.ts';
import { downloadCsv } from './csv.ts';
import { useDisplay } from './display.ts';
import { csvCell, formatCell, type CellFormat } from './format.ts';

export interface Column<T> {
  label: string;
  value: (row: T) => string | number | null;
  format?: CellFormat;
  /** Summed into the totals row (numbers only). */
  total?: boolean;
  /** Extra content after the value (a button, a link); not exported. */
  extra?: (row: T) => ReactNode;
}

interface Props<T> {
  title: string;
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T, index: number) => string;
  empty?: string;
  /** Rows above which rendering is virtualised. */
  virtualiseAbove?: number;
  /** Row actions (buttons): drawn in the first column, pinned while the table scrolls sideways; not exported. */
  actions?: { label: string; render: (row: T) => ReactNode };
}

const ROW_HEIGHT = 33;

function usePrinting(): boolean {
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    const on = (): void => setPrinting(true);
    const off = (): void => setPrinting(false);
    window.addEventListener('beforeprint', on);
    window.addEventListener('afterprint', off);
    return () => {
      window.removeEventListener('beforeprint', on);
      window.removeEventListener('afterprint', off);
    };
  }, []);
  return printing;
}

const isNumeric = (f: CellFormat | undefined): boolean => f === 'money' || f === 'qty' || f === 'pct' || f === 'hours';

/**
 * Whether the element's content is wider than its frame, and which ends are hidden: drives the
 * scroll cue (a sentence and shaded edges) of wide tables.
 */
function useOverflow(ref: RefObject<HTMLDivElement | null>): { wide: boolean; atStart: boolean; atEnd: boolean } {
  const [state, setState] = useState({ wide: false, atStart: true, atEnd: true });
  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const update = (): void => {
      const wide = el.scrollWidth > el.clientWidth + 1;
      const next = { wide, atStart: el.scrollLeft <= 1, atEnd: el.scrollLeft + el.clientWidth >= el.scrollWidth - 1 };
      setState((s) => (s.wide === next.wide && s.atStart === next.atStart && s.atEnd === next.atEnd ? s : next));
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(el);
    const table = el.firstElementChild;
    if (table) observer.observe(table);
    el.addEventListener('scroll', update, { passive: true });
    return () => {
      observer.disconnect();
      el.removeEventListener('scroll', update);
    };
  }, [ref]);
  return state;
}

export function DataTable<T>({ title, rows, columns, rowKey, empty = 'Nothing in this period.', virtualiseAbove = 80, actions }: Props<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const overflow = useOverflow(scrollRef);
  const printing = usePrinting();
  const display = useDisplay();
  const virtual = rows.length > virtualiseAbove && !printing;
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const hasTotals = columns.some((c) => c.total);
  const totals = columns.map((c) => (c.total ? rows.reduce((a, r) => a + Number(c.value(r) ?? 0), 0) : null));

  const exportCsv = (): void => {
    const body = rows.map((r) => columns.map((c) => csvCell(c.value(r), c.format ?? 'text', display)));
    const foot = hasTotals ? [columns.map((c, i) => (i === 0 && !c.total ? 'Total' : csvCell(totals[i] ?? null, c.format ?? 'text', display)))] : [];
    downloadCsv(`${title.toLowerCase().replaceAll(/[^a-z0-9]+/g, '-')}.csv`, writeCsv(columns.map((c) => c.label), [...body, ...foot]));
  };

  const renderRow = (row: T, index: number): ReactNode => (
    <tr key={rowKey(row, index)} style={virtual ? { height: ROW_HEIGHT } : undefined}>
      {actions && <td className="actions">{actions.render(row)}</td>}
      {columns.map((c) => (
        <td key={c.label} className={isNumeric(c.format) ? 'num' : undefined}>
          {formatCell(c.value(row), c.format ?? 'text', display)}
          {c.extra?.(row)}
        </td>
      ))}
    </tr>
  );

  const items = virtual ? virtualizer.getVirtualItems() : [];
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtual ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0;

  return (
    <section className="report-table" aria-label={title}>
      <header className="table-head">
        <h3>{title}</h3>
        <span className="muted">{counted(rows.length, 'row')}</span>
        {overflow.wide && <span className="scroll-cue" role="note">Scroll sideways for more columns →</span>}
        <button type="button" onClick={exportCsv} disabled={rows.length === 0} aria-label={`Export ${title} as CSV`}>
          Export CSV
        </button>
      </header>
      <div
        ref={scrollRef}
        className={['table-scroll', virtual ? 'virtual' : '', overflow.wide && !overflow.atEnd ? 'more-right' : '', overflow.wide && !overflow.atStart ? 'more-left' : ''].filter(Boolean).join(' ')}
        tabIndex={overflow.wide ? 0 : undefined}
        aria-label={overflow.wide ? `${title}, scrolls sideways` : undefined}
        role={overflow.wide ? 'region' : undefined}
      >
        <table aria-label={title} aria-rowcount={rows.length + 1}>
          <thead>
            <tr>
              {actions && <th scope="col" className="actions">{actions.label}</th>}
              {columns.map((c) => (
                <th key={c.label} scope="col" className={isNumeric(c.format) ? 'num' : undefined}>{c.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={columns.length + (actions ? 1 : 0)} className="muted">{empty}</td>
              </tr>
            )}
            {virtual && padTop > 0 && <tr aria-hidden="true" style={{ height: padTop }} />}
            {virtual ? items.map((v) => renderRow(rows[v.index] as T, v.index)) : rows.map(renderRow)}
            {virtual && padBottom > 0 && <tr aria-hidden="true" style={{ height: padBottom }} />}
          </tbody>
          {hasTotals && rows.length > 0 && (
            <tfoot>
              <tr>
                {actions && <th className="actions" />}
                {columns.map((c, i) => (
                  <th key={c.label} scope={i === 0 ? 'row' : undefined} className={isNumeric(c.format) ? 'num' : undefined}>
                    {i === 0 && !c.total ? 'Total' : formatCell(totals[i] ?? null, c.format ?? 'text', display)}
                  </th>
                ))}
              </tr>
            </tfoot>
          )}
        </table>
      </div>
    </section>
  );
}
