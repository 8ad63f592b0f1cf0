/**
 * One push at a time: a lease record in KV (`v1:push:lease`) that a push takes before it reads the manifest and the
 * lists and gives back after it wrote them. KV has no transactions or compare-and-swap, so taking it is: wait until
 * no live lease is held by another, write ours, let the write settle, read it back; whoever reads their own lease
 * holds it (two writers both read the later write). A lease expires, so a push that died does not block the next.
 *
 * Why a lease and not a Durable Object owning the lists: the push runs on editors' machines and in CI with wrangler's
 * credentials and no worker in the loop (a first push, a local preview, a namespace before any deploy); a Durable
 * Object would add an authenticated write endpoint to the public worker and a deploy step to every namespace. The
 * price: remotely, KV may show a write elsewhere only after up to 60 s, so two pushes from far apart within the
 * settle time can both believe they hold it. `REMOTE_SETTLE_MS` is long for that reason; `content:push --full`
 * repairs what such a collision could leave.
 */
import { randomUUID } from 'node:crypto';
import { leaseKey } from '../records.ts';
import type { KvTarget } from './kv-target.ts';

interface Lease {
  owner: string;
  /** ms since the epoch. */
  expires: number;
}

export interface LeaseOptions {
  /** How long a lease lasts unless renewed or released. Default 10 minutes: longer than any push's writes. */
  ttlMs?: number;
  /** Time between writing the lease and reading it back. */
  settleMs: number;
  /** Give up after this long. Default 15 minutes. */
  timeoutMs?: number;
  /** Told once when the lease is held by another push. */
  onWait?: (holder: string) => void;
}

/** Local namespaces are one SQLite database: a write is seen at once. */
export const LOCAL_SETTLE_MS = 150;
/** Remote: KV's own propagation is the risk; a few seconds cover writes through the same API region. */
export const REMOTE_SETTLE_MS = 5_000;

export class LeaseTimeout extends Error {}

export interface HeldLease {
  owner: string;
  release(): Promise<void>;
}

export async function acquireLease(kv: KvTarget, options: LeaseOptions): Promise<HeldLease> {
  const owner = `${process.env['USER'] ?? 'push'}@${process.pid}:${randomUUID()}`;
  const { ttlMs = 600_000, settleMs, timeoutMs = 900_000 } = options;
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (let attempt = 0; ; attempt += 1) {
    const current = await read(kv);
    if (current && current.owner !== owner && current.expires > Date.now()) {
      if (!told) options.onWait?.(current.owner);
      told = true;
      if (Date.now() > deadline) throw new LeaseTimeout(`another push (${current.owner}) has held the lease for too long`);
      await delay(Math.min(2_000, settleMs * 2 ** Math.min(attempt, 4)) * (0.5 + Math.random()));
      continue;
    }
    await kv.put([{ key: leaseKey(), value: JSON.stringify({ owner, expires: Date.now() + ttlMs } satisfies Lease), metadata: { hash: owner } }]);
    await delay(settleMs);
    if ((await read(kv))?.owner === owner) {
      return {
        owner,
        release: async () => {
          if ((await read(kv))?.owner === owner) await kv.delete([leaseKey()]);
        },
      };
    }
  }
}

async function read(kv: KvTarget): Promise<Lease | undefined> {
  const text = (await kv.getMany([leaseKey()])).get(leaseKey());
  if (!text) return undefined;
  try {
    return JSON.parse(text) as Lease;
  } catch {
    return undefined; // not ours to understand: treated as free, and overwritten
  }
}

/** Waiting for another process, which no event announces: KV has no notifications. */
function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
