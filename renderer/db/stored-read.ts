// Reads documents straight from the storage instance, without building RxDocuments: much
// cheaper for bulk reads (the whole catalog, every ack and event into memory).
import { prepareQuery, type MangoQuerySelector, type RxCollection, type RxDocumentData } from 'rxdb';

export async function readStored<T>(collection: RxCollection<T>, selector: MangoQuerySelector<RxDocumentData<T>> = {}): Promise<T[]> {
  const query = prepareQuery<T>(collection.schema.jsonSchema, {
    selector,
    sort: [{ [collection.schema.primaryPath]: 'asc' }] as never,
    skip: 0,
  });
  const result = await collection.storageInstance.query(query);
  return result.documents.filter((d) => !(d as { _deleted?: boolean })._deleted) as T[];
}
