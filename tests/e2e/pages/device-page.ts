// What every device page object shares: the pairing and PIN-login screens are the same components
// on the till and the scanner station (renderer/pairing, renderer/login).
import type { Page } from 'playwright-core';

export class DevicePage {
  constructor(readonly page: Page) {}

  async pair(serverUrl: string, code: string): Promise<void> {
    await this.page.getByLabel('Server URL').fill(serverUrl);
    await this.page.getByLabel('Pairing code').fill(code);
    await this.page.getByRole('button', { name: 'Pair' }).click();
  }

  /** Picks the user from the synced list (it fills in as config arrives) and enters the PIN. */
  protected async enterPin(username: string, pin: string): Promise<void> {
    const option = this.page.locator('option', { hasText: `(${username})` });
    await option.waitFor({ state: 'attached', timeout: 30_000 });
    await this.choose((await option.textContent()) ?? username, pin);
  }

  /** Picks the user whose entry in the list reads exactly `label` and enters the PIN. */
  protected async choose(label: string, pin: string): Promise<void> {
    const select = this.page.locator('#login-cashier');
    await select.waitFor({ timeout: 30_000 });
    await this.page.locator('option', { hasText: label }).first().waitFor({ state: 'attached', timeout: 30_000 });
    await select.selectOption({ label });
    await this.page.getByLabel('PIN').fill(pin);
    await this.page.getByRole('button', { name: 'Log in' }).click();
  }
}
