// Page object of the till's printer and drawer feedback, and of the session documents it prints
// (cash slips, X and Z reports), by accessible names only.
import type { Locator } from 'playwright-core';
import { TillPage } from './till-page.ts';

export class TillHardwarePage extends TillPage {
  printerAlert(text: string | RegExp): Locator {
    return this.page.getByRole('alert').filter({ hasText: text });
  }

  drawerAlert(): Locator {
    return this.page.getByRole('alert', { name: 'Drawer' });
  }

  async openDrawerAgain(): Promise<void> {
    await this.page.getByRole('button', { name: 'Open drawer again' }).click();
  }

  async cashMove(kind: 'Cash in' | 'Cash out', amount: string, reason: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Cash in/out' }).click();
    await this.page.getByLabel('Amount (€)', { exact: true }).fill(amount);
    await this.page.getByLabel('Reason').fill(reason);
    await this.page.getByRole('button', { name: kind, exact: true }).click();
  }

  /** Opens the X report and presses its print button. Returns the on-screen sales total. */
  async printXReport(): Promise<string> {
    await this.page.getByRole('button', { name: 'X report' }).click();
    const total = (await this.page.getByLabel('Sales total').textContent()) ?? '';
    await this.page.getByRole('button', { name: 'Print report' }).click();
    await this.page.getByRole('status').filter({ hasText: 'X report sent to the printer' }).waitFor({ timeout: 15_000 });
    await this.page.getByRole('button', { name: 'Back' }).click();
    return total;
  }

  /** Closes the session: `counted` per tender label ("Cash" → "12.00"; the field reads "Counted cash (€)"), every other tender 0. */
  async closeAndPrintZ(counted: Record<string, string>): Promise<void> {
    await this.page.getByRole('button', { name: 'Close session' }).click();
    const form = this.page.getByRole('form', { name: 'Close session' });
    const boxes = form.getByRole('textbox');
    for (let i = 0; i < (await boxes.count()); i += 1) {
      const box = boxes.nth(i);
      const label = (await box.evaluate((el) => el.closest('label')?.textContent ?? '')).replace(/^Counted\s*/, '').replace(/\s*\([^)]*\)$/, '').trim();
      const tender = Object.keys(counted).find((name) => name.toLowerCase() === label.toLowerCase());
      await box.fill(tender === undefined ? '0' : (counted[tender] ?? '0'));
    }
    await this.page.getByRole('button', { name: 'Close and print Z report' }).click();
    await this.page.getByRole('region', { name: 'Z report' }).waitFor({ timeout: 15_000 });
  }
}
