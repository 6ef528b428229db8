// Location labels the station knows: the `pickings` documents carry location ids only. The
// site's internal locations arrive in `config` (kind 'location'); locations created since the
// last pull are learnt from GET /api/stock while online. Labels are the full names, which the
// seed prints as the barcode after `LOC:`, and are kept in localStorage for offline work.
import { joinUrl, requestJson } from '../db/server-api.ts';

const KEY = 'aisle.scanner.locations';

interface StockAnswer {
  locations: { locationId: string; location: string }[];
}

export class LocationLabels {
  private readonly byId = new Map<string, string>();
  private readonly byCode = new Map<string, string>();

  constructor(private readonly storage: Storage = localStorage) {
    const raw = storage.getItem(KEY);
    if (raw === null) return;
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return;
    for (const [id, name] of Object.entries(parsed)) if (typeof name === 'string') this.add(id, name);
  }

  private add(id: string, name: string): void {
    this.byId.set(id, name);
    this.byCode.set(name.toUpperCase(), id);
  }

  name(id: string): string | undefined {
    return this.byId.get(id);
  }

  idOf(code: string): string | undefined {
    return this.byCode.get(code.trim().toUpperCase());
  }

  /**
   * The full name of the location a picker typed by hand (a torn label): its name as the screen
   * shows it ("WH1/Stock/A-01-02", any case), or its last part ("A-01-02") when one location
   * only ends so.
   */
  typedName(text: string): string | undefined {
    const typed = text.trim().toUpperCase();
    if (typed.length === 0) return undefined;
    const exact = this.byCode.get(typed);
    if (exact !== undefined) return this.byId.get(exact);
    const ending = [...this.byId.values()].filter((name) => name.toUpperCase().endsWith(`/${typed}`));
    return ending.length === 1 ? ending[0] : undefined;
  }

  /** Labels replicated in the `config` collection (kind 'location') for the station's site. */
  addFromConfig(locations: readonly { id: string; fullName: string }[]): void {
    for (const l of locations) this.add(l.id, l.fullName);
  }

  /** Learns the labels of every location holding these products; offline it keeps what it has. */
  async learn(serverUrl: string, token: string, productIds: readonly string[]): Promise<void> {
    for (const productId of new Set(productIds)) {
      const res = await requestJson<StockAnswer>(joinUrl(serverUrl, `/api/stock?productId=${encodeURIComponent(productId)}`), { token, timeoutMs: 5_000 });
      for (const l of res.locations) this.add(l.locationId, l.location);
    }
    this.storage.setItem(KEY, JSON.stringify(Object.fromEntries(this.byId)));
  }
}
