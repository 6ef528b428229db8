// A price change on the server as the back office makes it: the product row and its feed document.
import { publishQuery } from '../../sync-server/feed/publish.ts';
import type { TestServer } from './test-server.ts';

export async function setPrice(s: TestServer, productId: string, price: number): Promise<void> {
  await s.db.transaction(async (tx) => {
    await tx.query('UPDATE products SET price = $2, updated_at = now() WHERE id = $1', [productId, price]);
    await publishQuery(tx, 'products', `SELECT id, 'all' AS scope, doc FROM product_docs WHERE id = $1`, [productId]);
  });
}
