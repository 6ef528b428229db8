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

  async search(text: string): Promise<void> {
    await this.page.getByLabel('Search products').fill(text);
  }

  async changePrice(name: string, price: string): Promise<void> {
    await this.search(name);
    await this.page.getByRole('row', { name: `Product ${name}` }).getByRole('button', { name: 'Edit' }).click();
    const form = this.page.getByRole('form', { name: 'Edit product' });
    await form.getByLabel(/^Price/).fill(price);
    await form.getByRole('button', { name: 'Save product' }).click();
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
}
