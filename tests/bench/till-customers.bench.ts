// `npm run bench -- till-customers`: the till's customer picker in Chromium with 50,000 customers
// in its local database (AISLE_BENCH_CUSTOMERS overrides), filled the way a till gets them: the
// server publishes them on its change feed and the paired till pulls them. Typing a query → the
// picker's list shown, p50/p95 over 20 queries (rare names, phone numbers and parts of them, parts
// of e-mails), AFTER (the in-memory index, renderer/till/customer-store.ts) beside BEFORE (the
// search as it ran before: every keystroke read every customer through RxDB, in the same page on
// the same stored customers, tests/bench/till-customers-page.ts) — ratios, this machine is shared.
// Both must list the same customers for every query.
import { foldText } from '../../shared/text/fold.ts';
import { publishCustomers } from '../../sync-server/customers/customer-feed.ts';
import type { Db } from '../../sync-server/db/db.ts';
import { launchChromium } from '../support/browser.ts';
import { TillPage } from '../e2e/pages/till-page.ts';
import { startTillServer } from '../e2e/till-harness.ts';
import { bundlePageScript } from './page-bundle.ts';
import { p50, p95 } from './percentile.ts';
import type { BenchRow } from './registry.ts';

export const name = 'till-customers';

const CUSTOMERS = Number(process.env.AISLE_BENCH_CUSTOMERS || 50_000);

const FIRST = ['Marie', 'Jean', 'Pierre', 'Sophie', 'Zoë', 'José', 'Anna', 'Lukas', 'Chloé', 'Mateo', 'Léa', 'Noah', 'Emma', 'Hugo', 'Inès', 'Louis', 'Camille', 'Jonas', 'Sarah', 'Théo'];
const LAST = ['Martin', 'Bernard', 'Dubois', 'Lefèvre', 'Müller', 'Schmidt', 'García', 'Rossi', 'Kowalski', 'Novak', 'Jansen', 'Costa', 'Moreau', 'Fournier', 'Girard', 'Bonnet', 'Dupont', 'Lambert', 'Fontaine', 'Rousseau', 'Nielsen', 'Andersson', 'Silva', 'Fischer', 'Weber'];
/** Surnames one customer each has: the searches that must read every customer to find one. */
const RARE = ['Ødegård', 'Yamamoto', 'Okonkwo', 'Przybylski', 'Villanueva', 'Nakamura', 'Fitzgerald', 'Abernathy', 'Ebbesen', 'Quisenberry'];

interface Seeded {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  /** The mobile number's 8 digits after the 6 (FR), when it has one. */
  mobile: string | null;
}

function customerAt(n: number): Seeded {
  const first = FIRST[n % FIRST.length] ?? 'Anna';
  const rare = n % Math.floor(CUSTOMERS / RARE.length) === 0 ? RARE[n / Math.floor(CUSTOMERS / RARE.length) - 1] : undefined;
  const last = rare ?? LAST[Math.floor(n / FIRST.length) % LAST.length] ?? 'Martin';
  const mobile = n % 3 === 1 ? null : String((n * 7919) % 100_000_000).padStart(8, '0');
  const pairs = mobile?.match(/../g)?.join(' ') ?? '';
  // Two in three have a phone: stored internationally by the web shop, or nationally at a till.
  const phone = mobile === null ? null : n % 3 === 0 ? `+33 6 ${pairs}` : `06 ${pairs}`;
  const email = `${foldText(first)}.${foldText(last).replace(/\s/g, '')}${n}@${['example.com', 'mail.example', 'shop.example.org'][n % 3]}`;
  return { id: `bench-cust-${String(n).padStart(6, '0')}`, name: `${first} ${last}`, email, phone, mobile };
}

/** 20 queries: rare names, phone numbers as said and parts of them, parts of e-mails. */
function queries(at: (n: number) => Seeded): string[] {
  const withPhone = (n: number): Seeded => (at(n).mobile ? at(n) : at(n + 1));
  const national = (c: Seeded) => `06 ${c.mobile?.match(/../g)?.join(' ') ?? ''}`;
  const names = ['odegard', 'yamamoto', 'okonk', 'przyby', 'villanueva', 'nakamura', 'fitzger'];
  const phones = [
    national(withPhone(Math.floor(CUSTOMERS * 0.9))),
    national(withPhone(Math.floor(CUSTOMERS * 0.5))).replace(/ /g, '.'),
    `+33 ${national(withPhone(Math.floor(CUSTOMERS * 0.7))).slice(1)}`,
    (withPhone(Math.floor(CUSTOMERS * 0.3)).mobile ?? '').slice(1, 7).replace(/(..)(..)(..)/, '$1 $2 $3'),
    (withPhone(Math.floor(CUSTOMERS * 0.8)).mobile ?? '').slice(2),
    national(withPhone(Math.floor(CUSTOMERS * 0.95))).replace(/ /g, ''),
    national(withPhone(Math.floor(CUSTOMERS * 0.15))).replace(/ /g, '-'),
  ];
  const emails = [0.11, 0.37, 0.52, 0.66, 0.83, 0.99].map((share) => {
    const c = at(Math.floor(CUSTOMERS * share));
    return c.email.slice(c.email.indexOf('.') + 1, c.email.indexOf('@') + 1);
  });
  return [...names, ...phones, ...emails];
}

async function seed(db: Db): Promise<void> {
  const rows = Array.from({ length: CUSTOMERS }, (_, i) => customerAt(i + 1));
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 10_000) {
      const page = rows.slice(i, i + 10_000);
      await tx.query(
        `INSERT INTO customers (id, name, email, phone) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
        [page.map((r) => r.id), page.map((r) => r.name), page.map((r) => r.email), page.map((r) => r.phone) as string[]],
      );
    }
    await publishCustomers(tx, rows.map((r) => r.id));
  });
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  let t = performance.now();
  const env = await startTillServer({ products: 300 });
  await seed(env.server.db);
  const admin = await env.server.login('admin', 'admin');
  const country = await env.server.api('/api/admin/sites/STORE1', { method: 'PATCH', token: admin, body: { country: 'FR' } });
  if (country.status !== 200) throw new Error(`setting the store's country answered ${country.status}`);
  const [held] = await env.server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM customers WHERE merged_into IS NULL');
  const total = held?.n ?? CUSTOMERS;
  rows.push({ metric: `seed ${CUSTOMERS} customers (pglite, published on the feed)`, value: (performance.now() - t) / 1000, unit: 's', note: 'setup, not a till figure' });
  const script = await bundlePageScript(new URL('./till-customers-page.ts', import.meta.url));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 }, bypassCSP: true });
    page.on('pageerror', (error) => console.error('page error:', error.message));
    const till = new TillPage(page);
    await till.open(env.url);
    t = performance.now();
    await till.pair(env.url, await env.pairingCode());
    await page.waitForFunction((n) => Number(document.documentElement.dataset.customersSize ?? 0) >= n, total, { timeout: 600_000, polling: 250 });
    rows.push({ metric: `first sync of ${total} customers into a fresh till (in the picker's memory)`, value: (performance.now() - t) / 1000, unit: 's', note: 'setup' });

    // The one-time read into memory, as at every start of the till.
    await page.reload();
    await page.waitForFunction((n) => Number(document.documentElement.dataset.customersSize ?? 0) >= n, total, { timeout: 120_000 });
    const loadMs = await page.evaluate(() => Number(document.documentElement.dataset.customersLoadMs));
    rows.push({ metric: `read ${total} customers into memory (once, after the catalog is ready)`, value: loadMs, unit: 'ms', note: 'renderer/till/customer-store.ts' });

    await till.login('alice', '1234');
    await till.openSession('100.00');
    await page.addScriptTag({ content: script });
    const typed = queries(customerAt);
    const after = await page.evaluate((q) => window.aisleCustomerBench.pickerSearches(q), typed);
    const first = await page.evaluate((q) => window.aisleCustomerBench.scanSearches(q, 'FR'), typed.slice(0, 1));
    const before = await page.evaluate((q) => window.aisleCustomerBench.scanSearches(q, 'FR'), typed);
    typed.forEach((q, i) => {
      const a = after.names[i] ?? [];
      const b = before.names[i] ?? [];
      if (a.join('|') !== b.join('|')) throw new Error(`"${q}": the picker listed [${a.join(', ')}], the search before [${b.join(', ')}]`);
      if (a.length === 0) throw new Error(`"${q}" found nobody: the bench's queries must each find a customer`);
    });
    const ms = (v: number) => `${v.toFixed(1)} ms`;
    rows.push({ metric: `AFTER typing → list shown p50 (${typed.length} queries, in-memory index)`, value: p50(after.ms), unit: 'ms', note: `p95 ${ms(p95(after.ms))}, max ${ms(Math.max(...after.ms))}` });
    rows.push({ metric: 'BEFORE full read + search p50 (RxDB find().exec() of every customer, toMutableJSON, search)', value: p50(before.ms), unit: 'ms', note: `p95 ${ms(p95(before.ms))}; first keystroke on a fresh RxDB instance ${ms(first.ms[0] ?? NaN)}; list rendering not included` });
    rows.push({ metric: 'BEFORE / AFTER, p50', value: p50(before.ms) / p50(after.ms), unit: '×', note: `p95 ${(p95(before.ms) / p95(after.ms)).toFixed(1)}×; same customers listed for every query` });
    console.log('queries', typed.map((q, i) => `${q}: ${after.ms[i]?.toFixed(1)} / ${before.ms[i]?.toFixed(1)} ms → ${after.names[i]?.join(', ')}`).join('\n'));
  } finally {
    await browser.close();
    await env.close();
  }
  return rows;
}
