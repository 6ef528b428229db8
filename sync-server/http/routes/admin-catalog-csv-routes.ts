// Admin API: the catalog as CSV. `GET /api/admin/products/export` answers the file (every product,
// or the products page's search); `POST /api/admin/products/import` takes one (text/csv) and
// answers NDJSON: progress lines while it runs, then the result naming every bad row (or an error
// line if the server failed; nothing is imported then either). Schemas: shared/admin-api/catalog-csv.ts.
import { PassThrough } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { CATALOG_IMPORT_MAX_BYTES, CatalogExportQuery, CatalogImportQuery, type CatalogImportLine } from '../../../shared/admin-api/catalog-csv.ts';
import { errorResponses } from '../../../shared/admin-api/errors.ts';
import { type Access, adminActor } from '../../admin/actor.ts';
import { exportCatalogCsv } from '../../admin/catalog-export.ts';
import { importCatalogCsv } from '../../admin/catalog-import.ts';
import type { Db } from '../../db/db.ts';
import { badRequest, HttpError } from '../errors.ts';

export function registerAdminCatalogCsvRoutes(app: FastifyInstance, db: Db, operatorToken: string | undefined): void {
  // A plugin of its own, so that text/csv bodies are read as text here and nowhere else.
  void app.register(async (scope) => {
    scope.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    const r = scope.withTypeProvider<TypeBoxTypeProvider>();
    const actor = (req: Parameters<typeof adminActor>[1], access: Access) => adminActor(db, req, access, operatorToken);

    r.get('/api/admin/products/export', { schema: { querystring: CatalogExportQuery, response: { 200: Type.String({ description: 'the catalog as text/csv' }), ...errorResponses } } }, async (req, reply) => {
      await actor(req, 'read');
      const { csv } = await exportCatalogCsv(db, req.query);
      const day = new Date().toISOString().slice(0, 10);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="products-${day}.csv"`).send(csv);
    });

    // Typed without the provider's reply types: the answer is a stream, not one serialised value.
    scope.post<{ Querystring: CatalogImportQuery; Body: string }>(
      '/api/admin/products/import',
      { bodyLimit: CATALOG_IMPORT_MAX_BYTES, schema: { querystring: CatalogImportQuery, body: Type.String(), response: errorResponses } },
      async (req, reply) => {
        const who = await actor(req, 'write');
        if (!req.body.trim()) throw badRequest('the file is empty: it needs a header row and one row per product');
        const out = new PassThrough();
        const send = (line: CatalogImportLine): void => void out.write(JSON.stringify(line) + '\n');
        importCatalogCsv(db, who, req.body, { dryRun: req.query.dryRun ?? false, ...(req.query.file ? { file: req.query.file } : {}), onProgress: send }).then(
          (result) => {
            send(result);
            out.end();
          },
          (err: unknown) => {
            req.log.error({ err }, 'catalog import failed');
            const known = err instanceof HttpError;
            send({ type: 'error', error: known ? err.code : 'internal_error', message: `${known ? err.message : 'the server failed during the import'}: nothing was imported` });
            out.end();
          },
        );
        // A proxy must pass the progress lines on as they come, not at the end.
        return reply.type('application/x-ndjson; charset=utf-8').header('cache-control', 'no-store').header('x-accel-buffering', 'no').send(out);
      },
    );
  });
}
