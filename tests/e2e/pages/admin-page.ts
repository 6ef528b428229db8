// Page object of the back office (/admin), by accessible names only.
import type { Page } from 'playwright-core';

export class AdminPage {
  constructor(readonly page: Page) {}

  async open(baseUrl: string, path = 'products'): Promise<void> {
    await this.page.goto(`${baseUrl}/admin/${path}`);
  }

  async login(username: string, password: string): Promise<void> {
    await this.page.getByLabel('Username').fill(username);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Log in' }).click();
    await this.page.getByRole('navigation', { name: 'Back office' }).waitFor();
  }

  async goto(label: string): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: label }).click();
  }

  async createProduct(p: { name: string; sku: string; barcode: string; price: string; tax: string }): Promise<void> {
    await this.page.getByRole('button', { name: 'New product' }).click();
    const form = this.page.getByRole('form', { name: 'New product' });
    await form.getByLabel('Name').fill(p.name);
    await form.getByLabel('SKU').fill(p.sku);
    await form.getByLabel('Barcode').fill(p.barcode);
    await form.getByLabel(/^Price/).fill(p.price);
    await form.getByLabel('Tax', { exact: true }).selectOption({ label: p.tax });
    await form.getByRole('button', { name: 'Save product' }).click();
  }

  /**
   * Types into the products search and waits for the list's answer, as a person waits for the
   * results: the page asks once typing pauses (250 ms), and a row clicked before that answer is a
   * row of the previous list.
   */
  async search(text: string): Promise<void> {
    const box = this.page.getByLabel('Search products');
    if ((await box.inputValue()) === text) return;
    const answered = this.page.waitForResponse((r) => r.url().includes('/api/admin/products?') && (new URL(r.url()).searchParams.get('q') ?? '') === text, { timeout: 30_000 });
    await box.fill(text);
    await answered;
  }

  async changePrice(name: string, price: string): Promise<void> {
    await this.search(name);
    await this.page.getByRole('row', { name: `Product ${name}` }).getByRole('button', { name: 'Edit' }).click();
    const form = this.page.getByRole('form', { name: 'Edit product' });
    await form.getByLabel(/^Price/).fill(price);
    await form.getByRole('button', { name: 'Save product' }).click();
  }

  /** Chooses a CSV file on the Products page and runs the dry run or the import. */
  async importCsv(name: string, content: string, how: 'Check file (dry run)' | 'Import'): Promise<void> {
    const panel = this.csvPanel();
    await panel.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content) });
    await panel.getByRole('button', { name: how, exact: true }).click();
  }

  csvPanel(): ReturnType<Page['getByRole']> {
    return this.page.getByRole('group', { name: 'CSV import and export' });
  }

  /** The bad rows an import listed, as shown. */
  async importProblems(): Promise<string[]> {
    const list = this.csvPanel().getByRole('alert', { name: 'Import problems' }).getByRole('listitem');
    await list.first().waitFor();
    return list.allInnerTexts();
  }

  status(): ReturnType<Page['getByRole']> {
    return this.page.getByRole('status').filter({ hasText: 'Saved' });
  }

  async createPairingCode(): Promise<string> {
    await this.page.getByRole('button', { name: 'Create pairing code' }).click();
    const code = this.page.getByTestId('pairing-code');
    await code.waitFor();
    return (await code.textContent()) ?? '';
  }

  /** Revokes the most recently paired active device of that name (the list shows the newest first). */
  async revoke(deviceName: string): Promise<void> {
    this.page.once('dialog', (d) => void d.accept());
    await this.page.getByRole('row', { name: `Device ${deviceName}` }).getByRole('button', { name: 'Revoke' }).first().click();
  }

  /** Disables (confirming) or enables a user from the Users page. */
  async setUserActive(displayName: string, active: boolean): Promise<void> {
    if (!active) this.page.once('dialog', (d) => void d.accept());
    await this.page.getByRole('row', { name: `User ${displayName}` }).getByRole('button', { name: active ? 'Enable' : 'Disable' }).click();
  }

  async renameDevice(deviceName: string, newName: string): Promise<void> {
    await this.page.getByRole('row', { name: `Device ${deviceName}`, exact: true }).getByRole('button', { name: 'Rename' }).click();
    const form = this.page.getByRole('form', { name: `Rename ${deviceName}` });
    await form.getByLabel('Device name').fill(newName);
    await form.getByRole('button', { name: 'Save' }).click();
  }

  /** Opens a site's settings from the Sites page. */
  async openSite(siteName: string): Promise<void> {
    await this.page.getByRole('row', { name: `Site ${siteName}` }).getByRole('button', { name: /^(Edit|Open)$/ }).click();
    await this.page.getByRole('form', { name: `Settings of ${siteName}` }).waitFor();
  }

  siteSettings(siteName: string): ReturnType<Page['getByRole']> {
    return this.page.getByRole('form', { name: `Settings of ${siteName}` });
  }

  async addLocation(name: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'New location' });
    await form.getByLabel('Location name').fill(name);
    await form.getByRole('button', { name: 'Add location' }).click();
  }

  async createChannel(code: string, name: string, buffer: string): Promise<void> {
    await this.page.getByRole('button', { name: 'New channel' }).click();
    const form = this.page.getByRole('form', { name: 'New channel' });
    await form.getByLabel('Code').fill(code);
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Safety buffer (units)').fill(buffer);
    await form.getByRole('button', { name: 'Create channel' }).click();
    await this.page.getByRole('region', { name: `Channel ${name}` }).waitFor();
  }

  /** Creates an API key and returns it as shown (once). */
  async createApiKey(channelName: string, keyName: string): Promise<string> {
    const form = this.page.getByRole('form', { name: `New API key for ${channelName}` });
    await form.getByLabel('Key name').fill(keyName);
    await form.getByRole('button', { name: 'Create API key' }).click();
    const key = this.page.getByTestId('new-api-key');
    await key.waitFor();
    return (await key.textContent()) ?? '';
  }

  async revokeApiKey(channelName: string, keyName: string): Promise<void> {
    this.page.once('dialog', (d) => void d.accept());
    await this.page.getByRole('region', { name: `Channel ${channelName}` }).getByRole('row', { name: `Key ${keyName}` }).getByRole('button', { name: 'Revoke' }).click();
  }

  /** Chooses when a channel's orders are invoiced (the choice by its label) and saves the channel; returns the sentence that explains the choice. */
  async setInvoicing(channelName: string, choice: string): Promise<string> {
    const form = this.page.getByRole('form', { name: `Edit ${channelName}` });
    await form.getByLabel('Invoice orders').selectOption({ label: choice });
    const meaning = (await form.getByRole('note').textContent()) ?? '';
    await form.getByRole('button', { name: 'Save' }).click();
    // Saved: the channel is listed again with the choice it now has, and the sentence no longer speaks of a change to save.
    await this.page.getByRole('form', { name: `Edit ${channelName}` }).getByRole('note').filter({ hasNotText: 'after you save' }).waitFor();
    return meaning;
  }

  /** Sets which sites ship a channel's delivery orders (the policy by its label) and the channel's list of sites, by name. */
  async setRouting(channelName: string, policy: string, siteNames: readonly string[] = []): Promise<void> {
    const form = this.page.getByRole('form', { name: `Routing of ${channelName}` });
    await form.getByLabel('Ship delivery orders from').selectOption({ label: policy });
    for (const name of siteNames) {
      await form.getByLabel('Site to add').selectOption({ label: name });
      await form.getByRole('button', { name: 'Add site' }).click();
    }
    await form.getByRole('button', { name: 'Save routing' }).click();
  }

  /** Widest content against the viewport: > 0 means something is off-screen sideways. */
  async horizontalOverflow(): Promise<number> {
    return this.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  }
}
