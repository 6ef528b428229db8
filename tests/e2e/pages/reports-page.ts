// Page object of the reports web app: what a manager or admin does, by accessible names only.
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import type { Locator, Page } from 'playwright-core';

export class ReportsPage {
  constructor(readonly page: Page) {}

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}/reports`);
  }

  async login(username: string, password: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Log in' });
    await form.getByLabel('Username').fill(username);
    await form.getByLabel('Password').fill(password);
    await form.getByRole('button', { name: 'Log in' }).click();
  }

  loginAlert(): Locator {
    return this.page.getByRole('form', { name: 'Log in' }).getByRole('alert');
  }

  async logout(): Promise<void> {
    await this.page.getByRole('button', { name: 'Log out' }).click();
    await this.page.getByRole('form', { name: 'Log in' }).waitFor();
  }

  async goto(label: string): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: label, exact: true }).click();
    await this.page.getByRole('heading', { level: 2, name: label }).waitFor();
  }

  async setPeriod(from: string, to: string): Promise<void> {
    const filters = this.page.getByRole('form', { name: 'Filters' });
    await filters.getByLabel('From', { exact: true }).fill(from);
    await filters.getByLabel('To', { exact: true }).fill(to);
  }

  async setStore(code: string): Promise<void> {
    const select = this.page.getByRole('form', { name: 'Filters' }).getByLabel('Store', { exact: true });
    const label = await select.locator('option', { hasText: code }).first().textContent();
    await select.selectOption({ label: label ?? code });
  }

  /** The text of a KPI, e.g. kpi('This period', 'Revenue') → "123.45". */
  async kpi(group: string, label: string): Promise<string> {
    return (await this.page.getByRole('region', { name: group }).getByRole('group', { name: label, exact: true }).getByRole('status').textContent()) ?? '';
  }

  chart(name: string): Locator {
    return this.page.getByRole('figure', { name });
  }

  table(title: string): Locator {
    return this.page.getByRole('table', { name: title, exact: true });
  }

  /** Clicks the table's CSV export and returns the downloaded file's text. */
  async exportCsv(title: string): Promise<string> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByRole('button', { name: `Export ${title} as CSV` }).click(),
    ]);
    const path = await download.path();
    return readFile(path, 'utf8');
  }
}

/** Reads an exported CSV file (byte-order mark and all) into header and rows, with papaparse. */
export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const [header = [], ...rows] = Papa.parse<string[]>(text.replace(/^\ufeff/, ''), { skipEmptyLines: true }).data;
  return { header, rows };
}

/** Actions (buttons) of the open page that leave the viewport sideways without a scrolled frame and a cue. */
export async function offscreenActions(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > width + 1) out.push(`the page scrolls sideways (${document.documentElement.scrollWidth}px)`);
    for (const b of Array.from(document.querySelectorAll('button'))) {
      const r = b.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.left >= 0 && r.right <= width) continue;
      const frame = b.closest('.table-scroll');
      const cued = frame !== null && (frame.classList.contains('more-right') || frame.classList.contains('more-left'))
        && frame.closest('section')?.querySelector('.scroll-cue') !== null;
      const fr = frame?.getBoundingClientRect();
      if (!cued || !fr || fr.right > width) out.push(`${b.getAttribute('aria-label') ?? b.textContent ?? '?'} at x=${Math.round(r.left)}–${Math.round(r.right)}`);
    }
    return out;
  });
}
