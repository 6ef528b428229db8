// Admin changes to the chart of accounts: new accounts, renaming or deactivating one, and
// pointing a posting role at another account. Codes never change (journal lines reference them).
import type { Db } from '../db/db.ts';
import type { AccountRole, AccountType } from './accounts.ts';
import { defaultAccountMap } from './accounts.ts';

export class ChartError extends Error {
  constructor(readonly code: 'account_exists' | 'no_account' | 'bad_role' | 'account_inactive' | 'account_in_use', message: string) {
    super(message);
    this.name = 'ChartError';
  }
}

const ROLES = new Set(Object.keys(defaultAccountMap));
export const isAccountRole = (role: string): role is AccountRole => ROLES.has(role);

export async function createAccount(db: Db, a: { code: string; name: string; type: AccountType }): Promise<void> {
  const rows = await db.query('INSERT INTO accounts (code, name, type) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING RETURNING code', [a.code, a.name, a.type]);
  if (rows.length === 0) throw new ChartError('account_exists', `account ${a.code} already exists`);
}

export async function updateAccount(db: Db, code: string, patch: { name?: string; active?: boolean }): Promise<void> {
  if (patch.active === false) {
    const roles = await db.query<{ role: string }>('SELECT role FROM account_roles WHERE account_code = $1', [code]);
    if (roles.length > 0) throw new ChartError('account_in_use', `account ${code} plays role(s) ${roles.map((r) => r.role).join(', ')}; reassign them first`);
  }
  const rows = await db.query(
    'UPDATE accounts SET name = coalesce($2, name), active = coalesce($3, active), updated_at = now() WHERE code = $1 RETURNING code',
    [code, patch.name ?? null, patch.active ?? null],
  );
  if (rows.length === 0) throw new ChartError('no_account', `no account ${code}`);
}

export async function assignRole(db: Db, role: string, accountCode: string): Promise<void> {
  if (!isAccountRole(role)) throw new ChartError('bad_role', `unknown posting role ${role}; roles: ${[...ROLES].join(', ')}`);
  const [account] = await db.query<{ active: boolean }>('SELECT active FROM accounts WHERE code = $1', [accountCode]);
  if (!account) throw new ChartError('no_account', `no account ${accountCode}`);
  if (!account.active) throw new ChartError('account_inactive', `account ${accountCode} is inactive`);
  await db.query(
    'INSERT INTO account_roles (role, account_code) VALUES ($1, $2) ON CONFLICT (role) DO UPDATE SET account_code = EXCLUDED.account_code',
    [role, accountCode],
  );
}
