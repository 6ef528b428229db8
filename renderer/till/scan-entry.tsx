// The entry box: scan into it, type a code, or search as you type over the whole local catalog
// (name, SKU, barcode). Enter adds the highlighted result, or resolves the text as a code.
import { useMemo, useState, type KeyboardEvent } from 'react';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { useCatalogStore } from '../catalog/catalog-store.ts';
import { useConfigStore } from '../config/config-store.ts';
import { GS } from '../device-bridge/keyboard-wedge.ts';
import { addToCart, applyScan, resolveAgainstCatalog } from './scan-apply.ts';

export function ScanEntry() {
  const index = useCatalogStore((s) => s.index);
  const ready = useCatalogStore((s) => s.ready);
  const currency = useConfigStore((s) => s.config.site?.currency ?? 'EUR');
  const [text, setText] = useState('');
  const [active, setActive] = useState(-1);
  const results = useMemo(() => (index && text.trim().length >= 2 ? index.search(text, 12) : []), [index, text]);

  const submit = () => {
    const chosen = active >= 0 ? results[active] : undefined;
    if (chosen) addToCart(chosen);
    else if (text.trim()) {
      const action = resolveAgainstCatalog(text);
      const first = results[0];
      if (action?.kind === 'error' && first && results.length === 1) addToCart(first);
      else applyScan(text);
    }
    setText('');
    setActive(-1);
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
    } else if (e.key === 'Escape') {
      setText('');
      setActive(-1);
    }
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
        <ul id="search-results" role="listbox" aria-label="Search results" className="results" data-query={text}>
          {results.map((p, i) => (
            <li key={p.id} role="option" aria-selected={i === active}>
              <button type="button" onClick={() => { addToCart(p); setText(''); setActive(-1); }} aria-label={`Add ${p.name}`}>
                <span>{p.name}</span>
                <span className="muted">{p.sku}</span>
                <span>{formatMoneyWithSymbol(p.price, currency)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
