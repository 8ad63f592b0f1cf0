/**
 * What the events and stats tests share: a worker on the real bindings (Miniflare's Analytics Engine binding, rate
 * limiter and Durable Object), with the Analytics Engine binding wrapped so the test sees each data point the worker
 * writes (locally the binding keeps nothing), and helpers to post events as the carousel does (a text/plain string: widget/count.ts).
 */
import { createExecutionContext, runInDurableObject, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { stateKey } from '../../content/records.ts';
import type { StateRecord } from '../../content/schema.ts';
import { createApp, type AppOptions } from '../../worker/index.ts';
import type { LocalEventStore } from '../../worker/analytics/local-event-store.ts';
import { freshOrigin } from './support.ts';

/** Active partners, one per test that counts (the local store outlives a single test within a file). */
const POOL = Array.from({ length: 40 }, (_, i) => `p${i}-${crypto.randomUUID().slice(0, 6)}`);
let taken = 0;

export function freshPartner(): string {
  const id = POOL[taken++];
  if (id === undefined) throw new Error('add partners to the pool in events-support.ts');
  return id;
}

/** A paused partner, and one counted only on its own site. */
export const PAUSED = 'paused-partner';
export const LIMITED = 'limited-partner';
export const LIMITED_ORIGIN = 'https://partner.example';

/** The state record content:push writes, with these partners (C1, C3): call before a file's first request. */
export async function seedPartners(): Promise<void> {
  const record = (id: string, extra: Record<string, unknown> = {}) => ({ id, name: `Partner ${id}`, status: 'active', ...extra });
  const partners = Object.fromEntries([
    ...POOL.map((id) => [id, record(id)]),
    [PAUSED, record(PAUSED, { status: 'paused' })],
    [LIMITED, record(LIMITED, { origins: [LIMITED_ORIGIN, 'https://www.partner.example'] })],
  ]);
  await env.ARTICLES.put(stateKey(), JSON.stringify({ version: `events-${crypto.randomUUID()}`, partners } satisfies StateRecord));
}

export interface EventsWorkerOptions extends AppOptions {
  vars?: Partial<Record<keyof Env, string>>;
}

export function eventsWorker(options: EventsWorkerOptions = {}) {
  const points: AnalyticsEngineDataPoint[] = [];
  const events: AnalyticsEngineDataset = {
    writeDataPoint(point) {
      points.push(structuredClone(point ?? {}));
      env.EVENTS.writeDataPoint(point);
    },
  };
  const app = createApp(options);
  // Its own origin: the content state is cached per origin, and each worker reads the state its file seeded.
  const origin = freshOrigin();
  const workerEnv = { ...env, STATS_SOURCE: 'local', ...options.vars, EVENTS: events, PUBLIC_ORIGINS: origin } as Env;
  return {
    points,
    async fetch(path: string, init?: RequestInit): Promise<Response> {
      const ctx = createExecutionContext();
      const response = await app.fetch(new Request(`${origin}${path}`, init), workerEnv, ctx);
      await waitOnExecutionContext(ctx);
      return response;
    },
  };
}

/** A POST as the carousel makes it: a string body, so text/plain;charset=UTF-8 (sendBeacon would send the same). */
export function beacon(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'Content-Type': 'text/plain;charset=UTF-8', ...headers } };
}

/** Every row the local store holds, as SQLite has it. */
export async function storedRows(): Promise<Record<string, unknown>[]> {
  const stub = env.LOCAL_EVENTS.get(env.LOCAL_EVENTS.idFromName('events'));
  return runInDurableObject(stub, (_instance: LocalEventStore, state) => state.storage.sql.exec('SELECT * FROM khabar_events').toArray());
}

export const today = (): string => new Date().toISOString().slice(0, 10);
