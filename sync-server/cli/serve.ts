// `aisle serve`: migrate, then run the HTTP server until SIGINT/SIGTERM.
import { migrate } from '../db/migrate.ts';
import { openDb } from '../db/open-db.ts';
import { buildServer } from '../http/server.ts';

export interface ServeOptions {
  port: number;
  host?: string;
  json?: boolean;
}

export async function serve(options: ServeOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const db = await openDb();
  await migrate(db);
  const app = await buildServer({ db, logger: true });
  const host = options.host ?? '0.0.0.0';
  await app.listen({ port: options.port, host });
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${options.port}`;
  const close = async (): Promise<void> => {
    await app.close();
    await db.close();
  };
  const stop = (): void => {
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('aisle: shutdown failed', err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return { url, close };
}
