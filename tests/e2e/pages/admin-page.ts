// Page object of the back office (/admin), by accessible names only.
import type { Locator, Page } from 'playwright-core';
import { answered, type SearchAsk, typeAndWait } from './list-answer.ts';

/** The back office's lists that search as typing pauses: their region, search box and request. */
const LISTS = {
  products: { region: 'Products', box: 'Search products', path: '/api/admin/products' },
  orders: { region: 'Channel orders', box: 'Search orders', path: '/api/admin/orders' },
  customers: { region: 'Customers', box: 'Search customers', path: '/api/admin/customers' },
  audit: { region: 'Audit log', box: 'Search the audit log', path: '/api/admin/audit' },
  purchaseOrders: { region: 'Purchase orders', box: 'Search purchase orders', path: '/api/purchase-orders' },
  reorderRules: { region: 'Reorder rules', box: 'Search rules', path: '/api/reorder-rules' },
  giftCards: { region: 'Gift cards', box: 'Card number', path: '/api/admin/gift-cards', param: 'number' },
} as const satisfies Record<string, SearchAsk & { region: string; box: string }>;
export type AdminList = keyof typeof LISTS;

/** The lists' filters, by label, and the query parameter each sets. */
const FILTERS = { State: 'state', Warehouse: 'warehouse', Channel: 'channel', Show: 'entity' } as const;

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

  /** Fills the New product form (its price including tax unless told otherwise) and saves it. */
  async createProduct(p: { name: string; sku: string; barcode?: string; price: string; taxes: readonly string[]; cost?: string; priceIncludesTax?: boolean }): Promise<void> {
    await this.page.getByRole('button', { name: 'New product' }).click();
    const form = this.productForm('New product');
    await form.getByLabel('Name').fill(p.name);
    await form.getByLabel('SKU').fill(p.sku);
    if (p.barcode !== undefined) await form.getByLabel('Barcode').fill(p.barcode);
    await form.getByLabel(/^Price \(/).fill(p.price);
    if (p.priceIncludesTax !== undefined) await form.getByRole('checkbox', { name: 'Price includes tax' }).setChecked(p.priceIncludesTax);
    if (p.cost !== undefined) await form.getByLabel(/^Cost/).fill(p.cost);
    await this.setProductTaxes(form, p.taxes);
    await form.getByRole('button', { name: 'Save product' }).click();
  }

  productForm(name: 'New product' | 'Edit product'): ReturnType<Page['getByRole']> {
    return this.page.getByRole('form', { name });
  }

  /** Finds a product and opens its Edit form. */
  async editProduct(name: string): Promise<ReturnType<Page['getByRole']>> {
    await this.search(name);
    await this.page.getByRole('row', { name: `Product ${name}` }).getByRole('button', { name: 'Edit' }).click();
    const form = this.productForm('Edit product');
    await form.waitFor();
    return form;
  }

  /** A tax's tick on the product form, by the tax's name (the tick reads "VAT 20% · 20 %"). */
  productTax(form: ReturnType<Page['getByRole']>, name: string): ReturnType<Page['getByRole']> {
    return form.getByRole('group', { name: /^Taxes/ }).getByRole('checkbox', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ·`) });
  }

  /** The taxes the product form offers, as its ticks read. */
  async productTaxChoices(form: ReturnType<Page['getByRole']>): Promise<string[]> {
    return (await form.getByRole('group', { name: /^Taxes/ }).getByRole('checkbox').evaluateAll((boxes) => boxes.map((b) => b.parentElement?.textContent ?? ''))).map((t) => t.trim());
  }

  /** Ticks exactly these taxes on the product form: the others first unticked, then these ticked in this order. */
  async setProductTaxes(form: ReturnType<Page['getByRole']>, names: readonly string[]): Promise<void> {
    for (const label of await this.productTaxChoices(form)) {
      const name = label.split(' · ')[0] ?? label;
      if (!names.includes(name)) await this.productTax(form, name).setChecked(false);
    }
    for (const name of names) await this.productTax(form, name).setChecked(true);
  }

  /** The region of a searchable list's page. */
  list(list: AdminList): Locator {
    return this.page.getByRole('region', { name: LISTS[list].region, exact: true });
  }

  /**
   * Types into a list's search (the products' by default) and waits for the list's answer, as a
   * person waits for the results: the page asks once typing pauses (250 ms), and a row clicked
   * before that answer is a row of the previous list.
   */
  async search(text: string, list: AdminList = 'products'): Promise<void> {
    const { box, ...ask } = LISTS[list];
    await typeAndWait(this.list(list).getByRole('searchbox', { name: box, exact: true }), text, ask);
  }

  /** Chooses `option` (its words) in a list's filter and waits for the list's answer. */
  async filter(list: AdminList, label: keyof typeof FILTERS, option: string): Promise<void> {
    const select = this.list(list).getByLabel(label);
    const value = await select.evaluate((s, words) => Array.from((s as HTMLSelectElement).options).find((o) => o.label === words)?.value, option);
    if (value === undefined) throw new Error(`the ${label} filter has no option "${option}"`);
    if ((await select.inputValue()) === value) return;
    await answered(this.page, { path: LISTS[list].path, params: { [FILTERS[label]]: value } }, () => select.selectOption(value));
  }

  /** Types into a product picker of `scope` (by its label) and returns its matches once they answer `text`. */
  async findProducts(scope: Locator, label: string, text: string): Promise<Locator> {
    await typeAndWait(scope.getByRole('searchbox', { name: label, exact: true }), text, { path: '/api/admin/products', emptyAsks: false });
    return scope.getByRole('list', { name: `${label}: matches` });
  }

  /** Chooses the product named `name` in a product picker of `scope`, found by typing `typed`. */
  async pickProduct(scope: Locator, label: string, name: string, typed = name): Promise<void> {
    const matches = await this.findProducts(scope, label, typed);
    await matches.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  }

  /** Finds a customer by typing `typed` in the Store credit section and opens the one named `name`. */
  async openStoreCredit(name: string, typed: string): Promise<void> {
    const credit = this.page.getByRole('region', { name: 'Store credit', exact: true });
    await typeAndWait(credit.getByRole('searchbox', { name: 'Customer', exact: true }), typed, { path: '/api/admin/customers', emptyAsks: false });
    await credit.getByRole('list', { name: 'Customers found' }).getByRole('button', { name: new RegExp(`^${name}`) }).click();
  }

  async changePrice(name: string, price: string): Promise<void> {
    const form = await this.editProduct(name);
    await form.getByLabel(/^Price \(/).fill(price);
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

  /** Fills the Taxes page's New tax form and creates the tax (the form stays open when it is refused). */
  async createTax(name: string, rate: string, compound = false): Promise<void> {
    const form = this.page.getByRole('form', { name: 'New tax' });
    if (!(await form.isVisible())) await this.page.getByRole('button', { name: 'New tax' }).click();
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Rate (%)').fill(rate);
    await form.getByRole('radio', { name: compound ? 'on the price and the taxes before it (compound)' : 'on the price', exact: true }).check();
    await form.getByRole('button', { name: 'Create tax' }).click();
  }

  /** A row of the Taxes page, by the tax's name. */
  taxRow(name: string): ReturnType<Page['getByRole']> {
    return this.page.getByRole('row').filter({ has: this.page.getByRole('cell', { name, exact: true }) });
  }

  /** Widest content against the viewport: > 0 means something is off-screen sideways. */
  async horizontalOverflow(): Promise<number> {
    return this.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  }

  /** How many lines the text of `el` (a cell, a span) takes: its text's height over one character's. */
  async textLines(el: Locator): Promise<number> {
    return el.evaluate((node) => {
      const all = document.createRange();
      all.selectNodeContents(node);
      const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
      const text = walker.nextNode();
      if (!text?.textContent) return 0;
      const one = document.createRange();
      one.setStart(text, 0);
      one.setEnd(text, 1);
      return Math.round(all.getBoundingClientRect().height / one.getBoundingClientRect().height);
    });
  }
}
