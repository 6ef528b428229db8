// The stored-value settings tills hold (docs/stored-value.md), as `config` entries for every device:
// the offline allowance (kind `allowance`) and the loyalty program (kind `loyalty`, withdrawn when
// there is none). Tills never receive balances of gift cards: those stay on the server.
import type { Tx } from '../db/db.ts';
import { readLoyaltyProgram } from '../stored-value/loyalty-store.ts';
import { readStoredValueSettings } from '../stored-value/value-settings.ts';
import { publishDocs, scopeAll } from './publish.ts';

export const ALLOWANCE_CONFIG_ID = 'offline-allowance';
export const LOYALTY_CONFIG_ID = 'loyalty';

export async function publishStoredValueConfig(tx: Tx): Promise<void> {
  const settings = await readStoredValueSettings(tx);
  const loyalty = await readLoyaltyProgram(tx);
  await publishDocs(tx, 'config', [
    { id: ALLOWANCE_CONFIG_ID, scope: scopeAll, doc: { id: ALLOWANCE_CONFIG_ID, kind: 'allowance', data: settings.offlineAllowance, updatedAt: settings.updatedAt } },
    ...(loyalty
      ? [{ id: LOYALTY_CONFIG_ID, scope: scopeAll, deleted: !loyalty.program.active, doc: { id: LOYALTY_CONFIG_ID, kind: 'loyalty', data: loyalty.program, updatedAt: loyalty.updatedAt } }]
      : []),
  ]);
}
