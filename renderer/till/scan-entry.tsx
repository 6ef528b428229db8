// The entry box: scan into it, type a code, or search as you type over the whole local catalog
// (name, SKU, barcode). Enter adds the highlighted result, or resolves the text as a code; a name
// that is no code adds its one match, or, when several match, highlights the first and says so.
import { useMemo, useState, type KeyboardEvent } from 'react';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { useCatalogStore } from '../catalog/catalog-store.ts';
import { useConfigStore } from '../config/config-store.ts';
import { GS } from '../device-bridge/keyboard-wedge.ts';
import { addToCart, applyScan, resolveAgainstCatalog } from './scan-apply.ts';

/** Search results listed under the box. */
const SHOWN = 12;

export function ScanEntry() {
  const index = useCatalogStore((s) => s.index);
  const ready = useCatalogStore((s) => s.ready);
  const currency = useConfigStore((s) => s.config.site?.currency ?? 'EUR');
  const [text, setText] = useState('');
  const [active, setActive] = useState(-1);
  /** Shown atop the results after Enter on a name that several products match. */
  const [hint, setHint] = useState('');
  const results = useMemo(() => (index && text.trim().length >= 2 ? index.search(text, SHOWN) : []), [index, text]);

  const reset = (): void => {
    setText('');
    setActive(-1);
    setHint('');
  };

  const submit = () => {
    const chosen = active >= 0 ? results[active] : undefined;
    if (chosen) addToCart(chosen);
    else if (text.trim()) {
      const action = resolveAgainstCatalog(text);
      const first = results[0];
      if (action?.kind === 'error' && first && results.length === 1) addToCart(first);
      else if (action?.kind === 'error' && results.length > 1 && /\p{L}/u.test(text)) {
        // A name that several products match is a search, not an unknown code: the list stays,
        // its first product highlighted, so the next Enter (or a tap) adds the one meant.
        const many = results.length < SHOWN ? `${results.length} products match` : `${SHOWN} or more products match`;
        setHint(`${many} “${text.trim()}”: tap one, or choose with ↑ ↓ and press Enter.`);
        setActive(0);
        return;
      } else applyScan(text);
    }
    reset();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' || (e.key === 'Tab' && text.length > 0)) {
      e.preventDefault();
      submit();
    } else if (e.ctrlKey && e.key === ']') {
      e.preventDefault();
      setText((t) => t + GS);
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(results.length - 1, a + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(-1, a - 1));
    } else if (e.key === 'Escape') reset();
  };

  return (
    <div className="scan-entry">
      <label>
        Scan or search
        <input
          data-scan-entry=""
          id="scan-entry"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setActive(-1);
            setHint('');
          }}
          onKeyDown={onKeyDown}
          autoFocus
          autoComplete="off"
          placeholder={index && ready ? `Barcode, SKU or name — ${index.size.toLocaleString()} products` : 'Catalog loading… scans wait for it'}
          role="combobox"
          aria-expanded={results.length > 0}
          aria-controls="search-results"
          aria-keyshortcuts="F2"
        />
      </label>
      {results.length > 0 && (
        <div className="results">
          {hint && <p role="status" className="results-hint">{hint}</p>}
          <ul id="search-results" role="listbox" aria-label="Search results" data-query={text}>
            {results.map((p, i) => (
              <li key={p.id} role="option" aria-selected={i === active}>
                <button type="button" onClick={() => { addToCart(p); reset(); }} aria-label={`Add ${p.name}`}>
                  <span>{p.name}</span>
                  <span className="muted">{p.sku}</span>
                  <span>{formatMoneyWithSymbol(p.price, currency)}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
