// A product's replicated availability document (what each site has now), kept current as the
// server's changes arrive: the till's endless aisle and stock request, and the scanner station's
// stock request, show where an item is. Each device passes its own `availability` collection.
import { useEffect, useState } from 'react';
import type { RxCollection } from 'rxdb';
import type { ProductAvailability } from '../../shared/schemas/index.ts';

export function useAvailability(collection: RxCollection<ProductAvailability>, productId: string | null): { doc: ProductAvailability | null; loaded: boolean } {
  const [state, setState] = useState<{ id: string | null; doc: ProductAvailability | null }>({ id: null, doc: null });
  useEffect(() => {
    if (!productId) return;
    const sub = collection.findOne(productId).$.subscribe((d) => setState({ id: productId, doc: d?.toMutableJSON() ?? null }));
    return () => sub.unsubscribe();
  }, [collection, productId]);
  return { doc: state.id === productId ? state.doc : null, loaded: state.id === productId };
}
