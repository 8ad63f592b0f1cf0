/**
 * The content state (contract C1): `{ version, partners }`, the `v1:state` record every `content:push` that changed
 * anything writes last. Read through three tiers so a warm request reads no KV:
 * - isolate memory, for at most `MEMORY_MS`;
 * - the Cache API, one entry per public origin (`cacheKey(origin, '/v1/state')`) kept `EDGE_SECONDS`; the push
 *   deletes it (content/push/purge-edge.ts), so a push shows here within `MEMORY_MS` plus the KV read;
 * - KV, once, on a miss. Each request that finds memory expired looks up for itself: a read in flight is not shared
 *   between requests, as workerd refuses I/O objects (the cached body's stream) used on behalf of another request.
 * Never pushed: version "0" and no partners. When KV fails, the last state this isolate held is kept (or "0"), and
 * nothing is written to the Cache API: cached responses then fall back on stale-if-error as before.
 */
import type { Context } from 'hono';
import type { StateRecord } from '../content/schema.ts';
import type { AppEnv } from './app-env.ts';
import { cacheKey } from './cache/cache-key.ts';
import { EdgeTier } from './cache/edge-tier.ts';
import { logFault, reasonOf } from './log-fault.ts';
import type { Store } from './store.ts';

export interface ContentState {
  /** Opaque: compare for equality only. */
  version: string;
  /** By partner id, as pushed (`PartnerMap`): worker/partners/partner-access.ts parses each on first use. */
  partners: Record<string, unknown>;
}

/** Before any push wrote a state record. */
export const NO_CONTENT_STATE: ContentState = Object.freeze({ version: '0', partners: Object.freeze({}) });

/** How long an isolate trusts the state it holds. */
export const MEMORY_MS = 1_000;
/** How long the Cache API keeps it (a push deletes it sooner). */
export const EDGE_SECONDS = 30;
/** The path of its Cache API entry: also what the push deletes, per public origin. */
export const STATE_PATH = '/v1/state';

export interface ContentStateOptions {
  now: () => number;
  cache: () => Cache;
}

/** One per isolate (created with the app): what it holds, and the read in flight. */
export class ContentStates {
  readonly #now: () => number;
  readonly #edge: EdgeTier;
  #held: { state: ContentState; until: number } | undefined;

  constructor(options: ContentStateOptions) {
    this.#now = options.now;
    this.#edge = new EdgeTier(options.cache);
  }

  read(store: Store, publicOrigin: string, waitUntil: (promise: Promise<unknown>) => void): Promise<ContentState> {
    const held = this.#held;
    if (held && this.#now() < held.until) return Promise.resolve(held.state);
    return this.#lookUp(store, publicOrigin, waitUntil);
  }

  async #lookUp(store: Store, origin: string, waitUntil: (promise: Promise<unknown>) => void): Promise<ContentState> {
    const key = cacheKey(origin, STATE_PATH);
    const at = this.#now();
    try {
      const stored = await this.#edge.match(key);
      // The platform evicts at max-age; the worker's own clock decides too (tests move it by hand).
      if (stored && at - stored.storedAt < EDGE_SECONDS * 1000) return this.#hold(parse(stored.body));
    } catch (error) {
      logFault('cache-fault', { operation: 'match', key, reason: reasonOf(error) });
    }
    const lookup = await store.state();
    if (lookup.status === 'unavailable' || lookup.status === 'corrupt') return this.#hold(this.#held?.state ?? NO_CONTENT_STATE);
    const state: ContentState = lookup.status === 'found' ? { version: lookup.value.version, partners: lookup.value.partners } : NO_CONTENT_STATE;
    const entry = { status: 200, body: JSON.stringify(state), headers: [['content-type', 'application/json']] as Array<[string, string]>, storedAt: at };
    waitUntil(this.#edge.put(key, entry, EDGE_SECONDS).catch((error) => logFault('cache-fault', { operation: 'put', key, reason: reasonOf(error) })));
    return this.#hold(state);
  }

  #hold(state: ContentState): ContentState {
    this.#held = { state, until: this.#now() + MEMORY_MS };
    return state;
  }
}

function parse(body: string): ContentState {
  const value = JSON.parse(body) as StateRecord;
  return { version: value.version, partners: value.partners };
}

/** The content state for this request (held per isolate; see above). */
export function contentState(c: Context<AppEnv>): Promise<ContentState> {
  return c.get('contentStates').read(c.get('store'), c.get('publicOrigin'), (promise) => c.executionCtx.waitUntil(promise));
}
