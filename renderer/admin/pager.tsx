// Previous / Next over a server-paged list, with what is shown ("1,204 products, 51–100").
export function Pager({ total, offset, pageSize, noun, onOffset }: { total: number | null; offset: number; pageSize: number; noun: [string, string]; onOffset(offset: number): void }) {
  const shown = total === null ? 'Loading…' : `${total.toLocaleString('en')} ${total === 1 ? noun[0] : noun[1]}${total ? `, ${offset + 1}–${Math.min(offset + pageSize, total)}` : ''}`;
  return (
    <div className="pager">
      <span className="muted">{shown}</span>
      <button type="button" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - pageSize))}>Previous</button>
      <button type="button" disabled={total === null || offset + pageSize >= total} onClick={() => onOffset(offset + pageSize)}>Next</button>
    </div>
  );
}
