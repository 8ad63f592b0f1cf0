/**
 * Writes the content state record (`v1:state`, contract C1) after a push that changed anything: a new opaque
 * version and the partners. Written last, after the articles, lists and manifest it vouches for, so a worker that
 * sees the new version and reads the lists again gets the new lists (in production KV's own propagation, up to a
 * minute, still applies). A push that changed nothing writes nothing, and open carousels fetch nothing.
 */
import { randomBytes } from 'node:crypto';
import { stateKey } from '../records.ts';
import type { PartnerMap } from '../partner-schema.ts';
import type { StateRecord } from '../schema.ts';
import type { KvTarget } from './kv-target.ts';

/** `<ISO time>-<random>`: unique per push, readable in a log; clients only compare it. */
export function newVersion(now = new Date()): string {
  return `${now.toISOString()}-${randomBytes(4).toString('hex')}`;
}

/**
 * The new version when the state was written: when records were written or deleted, or the partners differ from
 * the stored ones (a partners-only change). `partners`: the build's, when it has them.
 */
export async function publishState(kv: KvTarget, changedRecords: number, partners: PartnerMap = {}): Promise<string | undefined> {
  const storedText = (await kv.getMany([stateKey()])).get(stateKey());
  const stored = storedText ? (JSON.parse(storedText) as Partial<StateRecord>) : undefined;
  const partnersChanged = JSON.stringify(stored?.partners ?? {}) !== JSON.stringify(partners);
  if (changedRecords === 0 && !partnersChanged && stored !== undefined) return undefined;
  const record: StateRecord = { version: newVersion(), partners };
  const value = JSON.stringify(record);
  await kv.put([{ key: stateKey(), value, metadata: { hash: '' } }]);
  return record.version;
}
