// Page object of the back office's Webhooks page, by accessible names only.
import type { Locator, Page } from 'playwright-core';

export class AdminWebhooksPage {
  constructor(readonly page: Page) {}

  /** Adds an endpoint (events by their type, channel by its name) and returns the secret as shown (once). */
  async addEndpoint(e: { url: string; description?: string; channel?: string; events: readonly string[] }, beforeSubmit?: () => Promise<void>): Promise<string> {
    await this.page.getByRole('button', { name: 'New endpoint' }).click();
    const form = this.page.getByRole('form', { name: 'New webhook endpoint' });
    await form.getByLabel('URL').fill(e.url);
    if (e.description) await form.getByLabel('Description').fill(e.description);
    if (e.channel) await form.getByLabel('Channel').selectOption({ label: e.channel });
    const events = form.getByRole('group', { name: 'Events' });
    for (const box of await events.getByRole('checkbox').all()) await box.uncheck();
    for (const t of e.events) await events.getByRole('checkbox', { name: t, exact: true }).check();
    await beforeSubmit?.();
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    return this.shownSecret();
  }

  async shownSecret(): Promise<string> {
    const secret = this.page.getByTestId('new-webhook-secret');
    await secret.waitFor();
    return (await secret.textContent()) ?? '';
  }

  endpoint(url: string): Locator {
    return this.page.getByRole('row', { name: `Endpoint ${url}` });
  }

  /** Clicks one of an endpoint's buttons, accepting the confirmation it asks for. */
  async act(url: string, button: 'Deliveries' | 'Rotate secret' | 'Disable' | 'Enable' | 'Delete'): Promise<void> {
    if (button !== 'Deliveries' && button !== 'Enable') this.page.once('dialog', (d) => void d.accept());
    await this.endpoint(url).getByRole('button', { name: button, exact: true }).click();
  }

  /** Opens an endpoint's delivery log (left open if it already is). */
  async openDeliveries(url: string): Promise<Locator> {
    const log = this.deliveries(url);
    if (!(await log.isVisible())) await this.act(url, 'Deliveries');
    await log.waitFor();
    return log;
  }

  deliveries(url: string): Locator {
    return this.page.getByRole('region', { name: `Deliveries to ${url}` });
  }

  /** The delivery log's rows (header aside), newest first, as text. */
  async deliveryRows(url: string): Promise<string[]> {
    const log = this.deliveries(url);
    await log.getByRole('button', { name: 'Refresh' }).click();
    await log.getByRole('button', { name: 'Refresh' }).and(this.page.locator(':enabled')).waitFor();
    return log.getByRole('row').filter({ has: this.page.getByRole('cell') }).allInnerTexts();
  }

  status(): Locator {
    return this.page.getByRole('status');
  }

  async horizontalOverflow(): Promise<number> {
    return this.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  }
}
