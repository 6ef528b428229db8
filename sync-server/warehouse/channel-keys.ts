// Channel API keys: a web shop, marketplace or B2B portal posts orders with one. The key is
// returned once at creation and stored as SHA-256 only, like device tokens. No CLI: admins make
// keys in the back office (POST /api/admin/channels/:code/keys), through POST /api/channel-keys, or
// with this function in tests and scripts.
import { v7 as uuidv7 } from 'uuid';
import type { Queryable } from '../db/db.ts';
import { newToken, sha256Hex } from '../security/secrets.ts';

export const CHANNEL_KEY_PREFIX = 'aisle_ck_';

export interface ChannelKey {
  id: string;
  channel: string;
  name: string;
}

export async function createChannelKey(q: Queryable, channel: string, name: string): Promise<ChannelKey & { key: string }> {
  const id = uuidv7();
  const key = CHANNEL_KEY_PREFIX + newToken();
  await q.query('INSERT INTO channel_api_keys (id, channel, name, key_hash) VALUES ($1, $2, $3, $4)', [id, channel, name, sha256Hex(key)]);
  return { id, channel, name, key };
}

export async function channelKeyIdentity(q: Queryable, key: string): Promise<ChannelKey | null> {
  const [row] = await q.query<ChannelKey>('SELECT id, channel, name FROM channel_api_keys WHERE key_hash = $1 AND revoked_at IS NULL', [sha256Hex(key)]);
  return row ?? null;
}

/** The revoked key's channel and name, or null when there is no such active key. */
export async function revokeChannelKey(q: Queryable, id: string): Promise<(ChannelKey & { revokedAt: string }) | null> {
  const [row] = await q.query<ChannelKey & { revoked_at: Date }>('UPDATE channel_api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id, channel, name, revoked_at', [id]);
  return row ? { id: row.id, channel: row.channel, name: row.name, revokedAt: new Date(row.revoked_at).toISOString() } : null;
}
