// A product's replicated availability document (what each site has now), kept current as the
// server's changes arrive: the endless aisle and the stock request show where an item is.
import { useEffect, useState } from 'react';
import type { ProductAvailability } from '../../shared/schemas/index.ts';
import { tillRuntime } from './till-runtime.ts';

export function useAvailability(productId: string | null): { doc: ProductAvailability | null; loaded: boolean } {
  const [state, setState] = useState<{ id: string | null; doc: ProductAvailability | null }>({ id: null, doc: null });
  useEffect(() => {
    if (!productId) return;
    const sub = tillRuntime().db.availability.findOne(productId).$.subscribe((d) => setState({ id: productId, doc: d?.toMutableJSON() ?? null }));
    return () => sub.unsubscribe();
  }, [productId]);
  return { doc: state.id === productId ? state.doc : null, loaded: state.id === productId };
}
