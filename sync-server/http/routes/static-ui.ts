// Serves the built renderer (dist/renderer/, made by another build step) at `/`, with the SPA
// fallback to index.html for the /till, /display, /scanner, /reports and /admin client-side routes.
// Source maps (*.map) are not public: they are 404 unless `sourceMaps` (AISLE_SOURCEMAPS=1, development).
import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../errors.ts';

const SPA_PREFIXES = ['/till', '/display', '/scanner', '/reports', '/admin'];

export async function registerStaticUi(app: FastifyInstance, root: string, options: { sourceMaps: boolean }): Promise<void> {
  const hasUi = existsSync(root);
  if (hasUi) {
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      wildcard: true,
      index: ['index.html'],
      allowedPath: (pathName) => options.sourceMaps || !pathName.endsWith('.map'),
    });
    // Pages link /favicon.svg, but a bookmark, a tab restored from history or a tool that ignores the
    // link still asks for /favicon.ico: send it to the icon rather than logging a 404 for it.
    app.get('/favicon.ico', (_req, reply) => reply.redirect('/favicon.svg', 301));
  }
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    if (hasUi && req.method === 'GET' && !path.endsWith('.map') && SPA_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`))) {
      return reply.sendFile('index.html');
    }
    throw notFound(`no route ${req.method} ${path}`);
  });
}
