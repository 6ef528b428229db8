// Previous / Next over a server-paged list, with what is shown ("1,204 products, 51–100"). A list
// that counts its matches only up to a cap says so ("1,000+ orders, 51–100") and pages by whether
// the server has more (`hasMore`), not by the count.

export interface PagerCount {
  total: number | null;
  /** False: more than `total` match (the server stopped counting there). */
  totalExact?: boolean;
  /** Whether rows follow this page; without it, the total decides. */
  hasMore?: boolean;
  /** Rows on this page (the last one of a capped count may be short). */
  rows?: number;
  offset: number;
  pageSize: number;
  noun: [string, string];
}

/** "1,204 products, 51–100", "1,000+ orders, 1,001–1,050", "1 order, 1–1", "0 orders", "Loading…". */
export function pagerText({ total, totalExact = true, rows, offset, pageSize, noun }: PagerCount): string {
  if (total === null) return 'Loading…';
  const n = (x: number): string => x.toLocaleString('en');
  const count = totalExact ? `${n(total)} ${total === 1 ? noun[0] : noun[1]}` : `${n(total)}+ ${noun[1]}`;
  const last = totalExact ? Math.min(offset + pageSize, total) : offset + (rows ?? pageSize);
  return last > offset ? `${count}, ${n(offset + 1)}–${n(last)}` : count;
}

/** Whether Next has a page to go to. */
export function pagerHasNext({ total, hasMore, offset, pageSize }: PagerCount): boolean {
  if (total === null) return false;
  return hasMore ?? offset + pageSize < total;
}

export function Pager(props: PagerCount & { onOffset(offset: number): void }) {
  const { offset, pageSize, onOffset } = props;
  return (
    <div className="pager">
      <span className="muted">{pagerText(props)}</span>
      <button type="button" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - pageSize))}>Previous</button>
      <button type="button" disabled={!pagerHasNext(props)} onClick={() => onOffset(offset + pageSize)}>Next</button>
    </div>
  );
}
