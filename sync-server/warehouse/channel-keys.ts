// Channel API keys: a web shop, marketplace or B2B portal posts orders with one. The key is
// returned once at creation and stored as SHA-256 only, like device tokens. No CLI: admins make
// keys in the back office (POST /api/admin/channels/:code/keys), through POST /api/channel-keys, or
// with this function in tests and scripts.
import { v7 as uuidv7 } from 'uuid';
import type { Queryable } from '../db/db.ts';
import { WarehouseError } from './errors.ts';
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
  return keyByHash(q, sha256Hex(key));
}

async function keyByHash(q: Queryable, hash: string): Promise<ChannelKey | null> {
  const [row] = await q.query<ChannelKey>('SELECT id, channel, name FROM channel_api_keys WHERE key_hash = $1 AND revoked_at IS NULL', [hash]);
  return row ?? null;
}

/**
 * Keys this process found active (hash → key). Posting an order would otherwise read the key once
 * per request: ≈ half of all statements a busy channel sends (docs/warehouse.md). A key found here
 * may have been revoked since, so the transaction that writes the order checks it again
 * (keyStillActive, in the batch's first read): a revoked key writes nothing and is forgotten.
 */
const remembered = new Map<string, ChannelKey>();
const REMEMBERED_MAX = 10_000;

/** channelKeyIdentity, remembered per process: only for callers that check it again when they write (orders.ts). */
export async function rememberedChannelKey(q: Queryable, key: string): Promise<ChannelKey | null> {
  const hash = sha256Hex(key);
  const known = remembered.get(hash);
  if (known) return known;
  const row = await keyByHash(q, hash);
  if (row) {
    const oldest = remembered.keys().next();
    if (remembered.size >= REMEMBERED_MAX && !oldest.done) remembered.delete(oldest.value);
    remembered.set(hash, row);
  }
  return row;
}

/** The refusal of a key that is no longer active, as the routes answer an unknown one; the process forgets it. */
export function forgetRevokedKey(id: string): WarehouseError {
  for (const [hash, k] of remembered) if (k.id === id) remembered.delete(hash);
  return new WarehouseError('unauthorized', 'unknown or revoked channel key');
}

/** Throws forgetRevokedKey's error when the key `id` is no longer active (one-order transactions; batches read it with the rest). */
export async function keyStillActive(q: Queryable, id: string): Promise<void> {
  const [row] = await q.query('SELECT 1 FROM channel_api_keys WHERE id = $1 AND revoked_at IS NULL', [id]);
  if (!row) throw forgetRevokedKey(id);
}

/** The revoked key's channel and name, or null when there is no such active key. */
export async function revokeChannelKey(q: Queryable, id: string): Promise<(ChannelKey & { revokedAt: string }) | null> {
  const [row] = await q.query<ChannelKey & { revoked_at: Date }>('UPDATE channel_api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id, channel, name, revoked_at', [id]);
  return row ? { id: row.id, channel: row.channel, name: row.name, revokedAt: new Date(row.revoked_at).toISOString() } : null;
}
