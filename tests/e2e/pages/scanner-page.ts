// Page object of the scanner station: every step a picker takes, by accessible names only.
import { expect } from 'vitest';
import { DevicePage } from './device-page.ts';
import { sendWedgeBurst } from './wedge-keys.ts';

export class ScannerPage extends DevicePage {
  async open(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}/scanner`);
  }

  /** Logs in from the picker list, which names people (e.g. "Pat Novak"), never usernames. */
  async login(name: string, pin: string): Promise<void> {
    await this.choose(name, pin);
    await this.page.getByRole('button', { name: 'Log out' }).waitFor({ timeout: 10_000 });
  }

  /** The entries of the login list, as a picker reads them. */
  async loginChoices(): Promise<{ label: string; choices: string[] }> {
    const select = this.page.getByLabel('Picker', { exact: true });
    await this.page.locator('#login-cashier option').first().waitFor({ state: 'attached', timeout: 30_000 });
    return { label: (await this.page.locator('label[for="login-cashier"]').textContent()) ?? '', choices: await select.locator('option').allTextContents() };
  }

  /** Opens a picking from the work list (this claims it). */
  async openPicking(reference: string): Promise<void> {
    const button = this.page.getByRole('button', { name: `Open ${reference}` });
    await button.waitFor({ timeout: 30_000 });
    await button.click();
    await this.page.getByLabel('Next step').waitFor({ timeout: 10_000 });
  }

  /** Lists only one kind of work ("Deliveries", "Receipts", "Transfers", "Counts" or "All"). */
  async filterKind(label: string): Promise<void> {
    await this.page.getByLabel('Kind').selectOption({ label });
  }

  /** Opens a picking by scanning its printed reference on the work list. */
  async openByScan(reference: string): Promise<void> {
    await this.page.getByRole('button', { name: `Open ${reference}` }).waitFor({ timeout: 30_000 });
    await this.scan(reference);
    await this.page.getByLabel('Next step').waitFor({ timeout: 10_000 });
  }

  /**
   * A keyboard-wedge scan with the focus on no text field: the burst of keydowns a scanner sends,
   * ending in Enter. Dispatched in one task inside the page, so the keys arrive microseconds apart
   * as a scanner's do, even on a loaded test machine (typed one by one from here, the gaps can
   * exceed the wedge detector's 50 ms and the burst reads as a person typing).
   */
  async scan(code: string): Promise<void> {
    await this.page.evaluate((text) => {
      (document.activeElement as HTMLElement | null)?.blur();
      for (const key of [...text, 'Enter']) document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    }, code);
  }

  /** A wedge scan while the focus stays where it is (e.g. the quantity box): real key presses. */
  async scanIntoFocus(code: string): Promise<void> {
    await sendWedgeBurst(this.page, code);
  }

  /** Types a quantity and presses Enter in the box, the way a picker does; the focus stays there. */
  async typeQuantityAndEnter(qty: string): Promise<void> {
    const box = this.page.getByLabel('Quantity', { exact: true });
    await box.click();
    await box.pressSequentially(qty);
    await box.press('Enter');
  }

  /** Count task: "Nothing else here", then the confirmation that names how many lines go to 0. */
  async nothingElseHere(): Promise<string> {
    await this.page.getByRole('button', { name: 'Nothing else here' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Nothing else here' });
    const text = (await dialog.textContent()) ?? '';
    await dialog.getByRole('button', { name: /^Set \d+ lines? to 0$/ }).click();
    return text;
  }

  async validationSummary(): Promise<string> {
    return (await this.page.getByLabel('Validation summary').textContent()) ?? '';
  }

  /** The column headers of the picking's lines. */
  async lineHeaders(): Promise<string[]> {
    return this.page.getByRole('table', { name: 'Lines' }).getByRole('columnheader').allTextContents();
  }

  async feedback(): Promise<string> {
    return (await this.page.getByLabel('Scan feedback').textContent()) ?? '';
  }

  /** The outcome the last scan played as a sound (headless Chromium has no speakers). */
  async lastSound(): Promise<string | undefined> {
    return this.page.evaluate(() => document.documentElement.dataset.lastSound);
  }

  async expectFeedback(pattern: RegExp): Promise<void> {
    await expect.poll(() => this.feedback(), { timeout: 10_000 }).toMatch(pattern);
  }

  async plusOne(): Promise<void> {
    await this.page.getByRole('button', { name: '+1' }).click();
  }

  async typeQuantity(qty: string): Promise<void> {
    await this.page.getByLabel('Quantity', { exact: true }).fill(qty);
    await this.page.getByRole('button', { name: 'Set quantity' }).click();
  }

  /** Validates; when something is missing, answers the backorder question (returns its text). */
  async validate(backorder: boolean): Promise<string> {
    await this.page.getByRole('button', { name: 'Validate' }).click();
    const question = (await this.page.getByRole('dialog', { name: 'Backorder' }).textContent()) ?? '';
    await this.page.getByRole('button', { name: backorder ? 'Backorder the rest' : 'No backorder' }).click();
    await this.page.getByLabel('Validation outcome').waitFor({ timeout: 10_000 });
    return question;
  }

  /** Validates a picking with nothing missing (no backorder question). */
  async validateComplete(): Promise<void> {
    await this.page.getByRole('button', { name: 'Validate' }).click();
    await this.page.getByLabel('Validation outcome').waitFor({ timeout: 10_000 });
  }

  async validationOutcome(): Promise<string> {
    return (await this.page.getByLabel('Validation outcome').textContent()) ?? '';
  }

  /** Gives the open picking back and returns to the work list. */
  async release(): Promise<void> {
    await this.page.getByRole('button', { name: 'Release' }).click();
    await this.page.getByRole('heading', { name: 'Work' }).waitFor({ timeout: 10_000 });
  }

  /** After a validation: back to the work list. */
  async done(): Promise<void> {
    await this.page.getByRole('button', { name: 'Done' }).click();
    await this.page.getByRole('heading', { name: 'Work' }).waitFor({ timeout: 10_000 });
  }

  async startCount(): Promise<void> {
    await this.page.getByRole('button', { name: 'Count a location' }).click();
    await this.page.getByLabel('Next step').waitFor({ timeout: 10_000 });
  }

  async saveCount(): Promise<void> {
    await this.page.getByRole('button', { name: 'Save count' }).click();
    await this.page.getByLabel('Count outcome').waitFor({ timeout: 10_000 });
  }

  async countOutcome(): Promise<string> {
    return (await this.page.getByLabel('Count outcome').textContent()) ?? '';
  }

  async claimOutcome(): Promise<string> {
    return (await this.page.getByLabel('Claim outcome').textContent()) ?? '';
  }

  /** The server outcome of one of this station's events in the recent-events list, e.g. "Validated WH1/OUT/000002". */
  async eventOutcome(name: string): Promise<string> {
    return (await this.page.getByRole('listitem', { name, exact: true }).textContent()) ?? '';
  }

  async connection(): Promise<string> {
    return (await this.page.getByLabel('Connection').textContent()) ?? '';
  }

  async unsentCount(): Promise<number> {
    const text = (await this.page.getByLabel('Unsent events').textContent()) ?? '';
    return Number(text.replace(/\D/g, ''));
  }
}
