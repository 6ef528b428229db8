// Page object of the back office's warehouse planning pages (reorder rules and proposals,
// purchase orders, transfers, count tasks), by accessible names only.
import type { Locator, Page } from 'playwright-core';
import { AdminPage } from './admin-page.ts';

export class AdminPlanningPage {
  private readonly admin: AdminPage;

  constructor(readonly page: Page) {
    this.admin = new AdminPage(page);
  }

  status(): Locator {
    return this.page.getByRole('status');
  }

  async createReorderRule(r: { product: string; warehouse: string; min: string; max: string; multiple?: string; supplier?: string }): Promise<void> {
    await this.page.getByRole('button', { name: 'New rule' }).click();
    const form = this.page.getByRole('form', { name: 'New reorder rule' });
    await this.admin.pickProduct(form, 'Product', r.product);
    await form.getByLabel('Warehouse', { exact: true }).selectOption({ label: r.warehouse });
    await form.getByLabel('Minimum').fill(r.min);
    await form.getByLabel('Maximum').fill(r.max);
    if (r.multiple) await form.getByLabel('Pack multiple').fill(r.multiple);
    if (r.supplier) await form.getByLabel('Supplier').fill(r.supplier);
    await form.getByRole('button', { name: 'Save rule' }).click();
  }

  proposal(product: string, warehouse: string): Locator {
    return this.page.getByRole('region', { name: 'Purchase proposals' }).getByRole('row', { name: `Proposal ${product} in ${warehouse}` });
  }

  purchaseOrder(reference: string): Locator {
    return this.page.getByRole('row', { name: `Purchase order ${reference}` });
  }

  transfer(reference: string): Locator {
    return this.page.getByRole('row', { name: `Transfer ${reference}` });
  }

  countTask(reference: string): Locator {
    return this.page.getByRole('row', { name: `Count task ${reference}` });
  }

  /** Clicks a row's button that asks "… now?" first, and accepts. */
  async confirmAndClick(row: Locator, button: string): Promise<void> {
    this.page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: button }).click();
  }

  async createTransfer(t: { from: string; to: string; toLocation?: string; lines: { product: string; qty: string; fromLocation?: string }[] }): Promise<void> {
    await this.page.getByRole('button', { name: 'New transfer' }).click();
    const form = this.page.getByRole('form', { name: 'New transfer' });
    await form.getByLabel('From site').selectOption({ label: t.from });
    await form.getByLabel('To', { exact: true }).selectOption({ label: t.to });
    if (t.toLocation) await form.getByRole('combobox', { name: /^(To location|Arrival location)$/ }).selectOption({ label: t.toLocation });
    for (const l of t.lines) {
      await this.admin.pickProduct(form, 'Add a product', l.product);
      const row = form.getByRole('row', { name: `Line ${l.product}` });
      await row.getByLabel('Quantity').fill(l.qty);
      if (l.fromLocation) await row.getByLabel('From location').selectOption({ label: l.fromLocation });
    }
    await form.getByRole('button', { name: 'Create transfer' }).click();
  }

  async createCountTask(c: { warehouse: string; locations?: string[]; products?: string[]; expected: string }): Promise<void> {
    await this.page.getByRole('button', { name: 'New count task' }).click();
    const form = this.page.getByRole('form', { name: 'New count task' });
    await form.getByLabel('Warehouse', { exact: true }).selectOption({ label: c.warehouse });
    await form.getByLabel('Expected quantities', { exact: true }).selectOption({ label: c.expected });
    for (const l of c.locations ?? []) {
      await form.getByLabel('Filter locations').fill(l);
      await form.getByRole('checkbox', { name: l, exact: true }).check();
    }
    for (const p of c.products ?? []) await this.admin.pickProduct(form, 'Count a product', p);
    await form.getByRole('button', { name: 'Create count task' }).click();
  }
}
