// Changes the lot of a lot-tracked line: the store's lots (stock levels replicated to the till),
// first to expire first, each with its expiry and what the store has of it; the line's lot is
// marked. The till's default is the first one with stock that is not expired (lot-choice.ts).
import { useEffect, useState } from 'react';
import { storeDay, zoneOrDefault } from '../../shared/time/index.ts';
import { useConfigStore } from '../config/config-store.ts';
import type { CartLine } from './cart-math.ts';
import { useCartStore } from './cart-store.ts';
import { lotOptions, type LotOption } from './lot-choice.ts';
import { storeLevels } from './scan-apply.ts';
import { failureSentence } from './failure-sentence.ts';

function describe(option: LotOption): string {
  const expiry = option.expiry ? `${option.expired ? 'expired' : 'expires'} ${option.expiry}` : 'no expiry';
  return `${expiry} · ${option.available} in stock`;
}

export function LotChooser({ line, onClose }: { line: CartLine; onClose(): void }) {
  const zone = useConfigStore((s) => s.config.site?.timeZone);
  const [options, setOptions] = useState<LotOption[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const today = storeDay(new Date(), zoneOrDefault(zone));
    storeLevels(line.productId).then(
      (levels) => live && setOptions(lotOptions(levels, today)),
      (cause: unknown) => live && setError(failureSentence("The store's lots could not be read", cause)),
    );
    return () => {
      live = false;
    };
  }, [line.productId, zone]);
  const choose = (lot: string) => {
    useCartStore.getState().setLineLot(line.lineId, lot, 'cashier');
    onClose();
    document.getElementById('scan-entry')?.focus();
  };
  return (
    <div className="modal-backdrop">
      <div role="dialog" aria-modal="true" aria-label={`Lot of ${line.name}`} className="modal stack"
        onKeyDown={(e) => { if (e.key === 'Escape') onClose(); }}>
        <h2>Lot of {line.name}</h2>
        {options === null && !error && <p>Reading the store's lots…</p>}
        {options?.length === 0 && <p>This store has no lot of {line.name} on record: the server will take its first lot to expire.</p>}
        <div className="stack" role="group" aria-label="Lots in this store">
          {options?.map((o) => (
            <button key={o.lot} type="button" aria-pressed={o.lot === line.lot} className={o.lot === line.lot ? 'primary' : ''} onClick={() => choose(o.lot)}>
              Lot {o.lot} <span className="muted">({describe(o)})</span>
            </button>
          ))}
        </div>
        <div className="row">
          <button type="button" onClick={onClose} autoFocus>Cancel</button>
        </div>
        {error && <p role="alert">{error}</p>}
      </div>
    </div>
  );
}
