// Touch selling: category tabs of quick keys (site config, or the catalog's categories), a tap
// adds the product. Computed once per catalog index and config, never on the scan path.
import { useMemo, useState } from 'react';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { useCatalogStore } from '../catalog/catalog-store.ts';
import { useConfigStore } from '../config/config-store.ts';
import { quickKeyTabs, validGroups } from './quick-keys.ts';
import { addToCart } from './scan-apply.ts';

export function ProductGrid() {
  const index = useCatalogStore((s) => s.index);
  const configured = useConfigStore((s) => s.config.site?.quickKeys);
  const currency = useConfigStore((s) => s.config.site?.currency ?? 'EUR');
  const tabs = useMemo(() => (index ? quickKeyTabs(index, validGroups(configured)) : []), [index, configured]);
  const [chosen, setChosen] = useState(0);
  const tab = tabs[Math.min(chosen, tabs.length - 1)];
  if (!tab) return null;
  return (
    <section className="quick-keys" aria-label="Quick keys">
      <div role="tablist" aria-label="Categories" className="quick-tabs">
        {tabs.map((t, i) => (
          <button key={t.label} type="button" role="tab" aria-selected={t === tab} onClick={() => setChosen(i)}>
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={tab.label} className="quick-grid">
        {tab.products.map((p) => (
          <button key={p.id} type="button" aria-label={`Quick key ${p.name}`} onClick={() => addToCart(p)}>
            <span className="quick-name">{p.name}</span>
            <span className="quick-price">{formatMoneyWithSymbol(p.price, currency)}</span>
          </button>
        ))}
      </div>
    </section>
  );
}
