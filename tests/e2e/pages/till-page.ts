// Page object of the till: every step a cashier takes, by accessible names only.
import type { Locator } from 'playwright-core';
import { expect } from 'vitest';
import { DevicePage } from './device-page.ts';
import { sendWedgeBurst, type WedgeBurstOptions } from './wedge-keys.ts';

export class TillPage extends DevicePage {
  async open(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}/till`);
  }

  async login(username: string, pin: string): Promise<void> {
    await this.enterPin(username, pin);
  }

  async openSession(float: string): Promise<void> {
    await this.page.getByLabel('Counted float').fill(float);
    await this.page.getByRole('button', { name: 'Open session' }).click();
    await this.waitForCatalog();
  }

  /** Waits until the scan box says how many products the local catalog holds. */
  async waitForCatalog(minProducts = 1): Promise<void> {
    await this.page.waitForFunction(
      (min) => {
        const input = document.getElementById('scan-entry') as HTMLInputElement | null;
        const m = input?.placeholder.match(/([\d,]+) products/);
        return m ? Number((m[1] ?? '0').replaceAll(',', '')) >= min : false;
      },
      minProducts,
      { timeout: 60_000 },
    );
  }

  /** A keyboard-wedge scan with the focus anywhere but a text field: a fast burst ending in Enter. */
  async scan(code: string): Promise<void> {
    await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await sendWedgeBurst(this.page, code);
  }

  /**
   * A keyboard-wedge burst as a scanner sends it, wherever the focus is now (no blur): keys 8 ms
   * apart, `pauseAfter` characters then a hiccup of `pauseMs`, and the terminator `enterAfterMs`
   * after the last key (null: no terminator at all). See wedge-keys.ts for why times are set.
   */
  async wedgeBurst(code: string, options: WedgeBurstOptions = {}): Promise<void> {
    await sendWedgeBurst(this.page, code, options);
  }

  /** Lines in the cart (rows), whatever their quantities. */
  async lineCount(): Promise<number> {
    return this.page.getByRole('row', { name: /^Line / }).count();
  }

  /** A scan (or typed code) into the entry box. */
  async enterCode(code: string): Promise<void> {
    await this.page.getByLabel('Scan or search').fill(code);
    await this.page.getByLabel('Scan or search').press('Enter');
  }

  async expectLines(n: number): Promise<void> {
    await expect.poll(() => this.lineCount(), { timeout: 10_000 }).toBe(n);
  }

  async alertText(): Promise<string> {
    return (await this.page.getByRole('alert').first().textContent()) ?? '';
  }

  async startPayment(): Promise<void> {
    await this.page.getByRole('button', { name: 'Pay', exact: true }).click();
  }

  /** Pays `amount` (empty = the remaining amount) with a tender button. */
  async tender(button: string, amount = ''): Promise<void> {
    await this.page.getByLabel('Amount tendered').fill(amount);
    await this.page.getByRole('button', { name: button, exact: true }).click();
  }

  async expectPaid(): Promise<string> {
    const heading = this.page.getByRole('heading', { name: /^(Paid|Refunded) — receipt / });
    await heading.waitFor({ timeout: 15_000 });
    const text = (await heading.textContent()) ?? '';
    return text.replace(/^.*receipt /, '');
  }

  async newSale(): Promise<void> {
    await this.page.getByRole('button', { name: 'New sale' }).click();
  }

  /** Scans every code and pays cash exactly; returns the receipt number. */
  async sellAndPayCash(codes: readonly string[]): Promise<string> {
    for (const code of codes) await this.enterCode(code);
    await this.expectLines(codes.length);
    await this.startPayment();
    await this.tender('Cash');
    return this.expectPaid();
  }

  /** Reads one collection of the till's local database raw (its RxDB table in IndexedDB), whatever the UI shows. */
  private async readStored<T extends 'count' | 'all'>(collection: string, what: T): Promise<(T extends 'count' ? number : unknown[]) | null> {
    return this.page.evaluate(async ({ collection, what }) => {
      const info = (await indexedDB.databases()).find((d) => d.name?.includes('aisle-till') && d.name.includes(`--${collection}`));
      if (!info?.name) return null;
      const name = info.name;
      return new Promise<number | unknown[]>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error ?? new Error('open failed'));
        open.onsuccess = () => {
          const idb = open.result;
          const store = idb.transaction('docs', 'readonly').objectStore('docs');
          const req: IDBRequest = what === 'count' ? store.count() : store.getAll();
          req.onsuccess = () => {
            idb.close();
            resolve(req.result as number | unknown[]);
          };
          req.onerror = () => reject(req.error ?? new Error('read failed'));
        };
      });
    }, { collection, what }) as Promise<(T extends 'count' ? number : unknown[]) | null>;
  }

  /** Products stored in the till's local database, whatever the UI shows. */
  async storedProducts(): Promise<number> {
    return this.storedDocs('products');
  }

  /** How many documents of one collection the till's local database holds. */
  async storedDocs(collection: string): Promise<number> {
    return (await this.readStored(collection, 'count')) ?? 0;
  }

  /** The site entry of the till's local config collection, as synced. */
  async storedSiteConfig(): Promise<Record<string, unknown> | null> {
    return (await this.storedConfig('site'))[0] ?? null;
  }

  /** The entries of one kind ('site', 'tax', 'tender'…) of the till's local config collection, as synced. */
  async storedConfig(kind: string): Promise<Record<string, unknown>[]> {
    const docs = ((await this.readStored('config', 'all')) ?? []) as { kind?: string; data?: Record<string, unknown> }[];
    return docs.filter((d) => d.kind === kind).map((d) => d.data ?? {});
  }

  /** Back from the pay screen to the sale (the recorded payments stay). */
  async backToSale(): Promise<void> {
    await this.page.getByRole('button', { name: 'Back to sale' }).click();
  }

  async paidSoFar(): Promise<string> {
    return (await this.page.getByLabel('Paid so far').textContent()) ?? '';
  }

  async remaining(): Promise<string> {
    return (await this.page.getByLabel('Remaining').textContent()) ?? '';
  }

  /** Voids a recorded payment on the pay screen by its tender label (e.g. "Card"). */
  async voidPayment(label: string): Promise<void> {
    await this.page.getByRole('button', { name: new RegExp(`^Void ${label} payment`) }).click();
  }

  /** Presses "Void sale" and answers the confirmation (`confirm` false keeps the sale). */
  async voidSale(confirm: boolean): Promise<void> {
    await this.page.getByRole('button', { name: 'Void sale' }).click();
    const dialog = this.page.getByRole('alertdialog', { name: 'Void this sale?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: confirm ? 'Yes, void the sale' : 'Keep the sale' }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  /** Answers a supervisor-approval prompt with a PIN. */
  async approve(pin: string): Promise<void> {
    const dialog = this.page.getByRole('dialog', { name: 'Supervisor approval' });
    await dialog.getByLabel('Supervisor PIN').fill(pin);
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  /** The paired till's device id (from its stored credentials). */
  async deviceId(): Promise<string> {
    return this.page.evaluate(() => (JSON.parse(localStorage.getItem('aisle.device') ?? '{}') as { deviceId: string }).deviceId);
  }

  /** Return → looks up the original sale by its receipt number or code. */
  async findSaleToReturn(receipt: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Return' }).click();
    await this.page.getByLabel('Receipt code or number').fill(receipt);
    await this.page.getByRole('button', { name: 'Find sale' }).click();
  }

  /** Reprint → looks up a past receipt of this till; the copy on screen. */
  async reprint(receipt: string): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Reprint' }).click();
    await this.page.getByLabel('Receipt code or number').fill(receipt);
    await this.page.getByRole('button', { name: 'Find sale' }).click();
    return this.page.getByLabel('Receipt', { exact: true });
  }

  async unsentCount(): Promise<number> {
    const text = (await this.page.getByLabel('Unsent events').textContent()) ?? '';
    return Number(text.replace(/\D+/g, ''));
  }

  /** How many orders the sale screen's Pickups button says are waiting. */
  async pickupsWaiting(): Promise<number> {
    const label = (await this.page.getByRole('button', { name: /^Pickups/ }).getAttribute('aria-label')) ?? '';
    return Number(/\((\d+) waiting\)/.exec(label)?.[1] ?? 'NaN');
  }

  async openPickups(): Promise<void> {
    await this.page.getByRole('button', { name: /^Pickups/ }).click();
  }

  /** On the Pickups screen: types a reference or a customer's name and finds it. */
  async findPickup(text: string): Promise<void> {
    await this.page.getByLabel('Order reference, customer name or scan').fill(text);
    await this.page.getByRole('button', { name: 'Find', exact: true }).click();
  }

  /** On an opened order: what it says about goods not in the store yet ("On its way — …"), one entry per sentence. */
  async arrivalNotes(orderRef: string): Promise<string[]> {
    const list = this.page.getByRole('region', { name: `Order ${orderRef}` }).getByRole('list', { name: 'Not in the store yet' });
    return (await list.count()) === 0 ? [] : list.getByRole('listitem').allTextContents();
  }

  /** On an opened order: how many of an item the customer takes now. */
  async handOverQuantity(item: string, qty: string): Promise<void> {
    await this.page.getByLabel(`Hand over quantity ${item}`).fill(qty);
  }

  /** Attaches a customer to the sale, found by the first letters of their name. */
  async attachCustomer(name: string): Promise<void> {
    await this.page.getByLabel('Customer', { exact: true }).fill(name.slice(0, 4));
    await this.page.getByRole('button', { name, exact: true }).click();
    await expect.poll(() => this.page.getByLabel('Customer', { exact: true }).textContent()).toContain(name);
  }

  /** Park sale → the note → Park sale; resolves once the dialog is gone. */
  async parkSale(note: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Park sale', exact: true }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Park sale' });
    await dialog.getByLabel('Note (optional)').fill(note);
    await dialog.getByRole('button', { name: 'Park sale', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  /** How many parked sales the sale screen's Parked button counts. */
  async parkedCount(): Promise<number> {
    const label = (await this.page.getByRole('button', { name: /^Parked sales \(/ }).getAttribute('aria-label')) ?? '';
    return Number(/\((\d+)\)/.exec(label)?.[1] ?? 'NaN');
  }

  /** Opens the parked sales list; returns the dialog. */
  async openParked(): Promise<Locator> {
    await this.page.getByRole('button', { name: /^Parked sales \(/ }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Parked sales' });
    await dialog.waitFor();
    return dialog;
  }
}
