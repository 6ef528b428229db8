// One Server-Sent Events connection per device (GET /api/sync/stream?token=…): the server sends
// `{collection, checkpoint}` hints when a collection changed and "RESYNC" on every (re)connect.
// EventSource reconnects by itself; we turn every message into a RESYNC of the affected pulls.
export interface StreamHint {
  collection: string | null;
}

export interface SyncStreamHandlers {
  onHint(hint: StreamHint): void;
  onOpen(): void;
  onDown(): void;
}

export interface SyncStream {
  close(): void;
}

export function parseStreamMessage(data: string): StreamHint {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch (error) {
    // A bare RESYNC (not JSON-quoted) is allowed by the protocol text; anything else means "resync all".
    if (!(error instanceof SyntaxError)) throw error;
    return { collection: null };
  }
  if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { collection?: unknown }).collection === 'string') {
    return { collection: (parsed as { collection: string }).collection };
  }
  return { collection: null };
}

export function openSyncStream(url: string, handlers: SyncStreamHandlers): SyncStream {
  const source = new EventSource(url);
  source.onopen = () => {
    handlers.onOpen();
    handlers.onHint({ collection: null });
  };
  source.onmessage = (event: MessageEvent<string>) => handlers.onHint(parseStreamMessage(event.data));
  source.onerror = () => handlers.onDown();
  return { close: () => source.close() };
}
