/**
 * What the events and stats tests share: a worker on the real bindings (Miniflare's Analytics Engine binding, rate
 * limiter and Durable Object), with the Analytics Engine binding wrapped so the test sees each data point the worker
 * writes (locally the binding keeps nothing), and helpers to post events as navigator.sendBeacon would.
 */
import { createExecutionContext, runInDurableObject, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { createApp, type AppOptions } from '../../worker/index.ts';
import type { LocalEventStore } from '../../worker/analytics/local-event-store.ts';

let partners = 0;

/** A partner id no other test uses: the local store outlives a single test within a file. */
export function freshPartner(): string {
  partners += 1;
  return `p${partners}-${crypto.randomUUID().slice(0, 6)}`;
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
  const workerEnv = { ...env, STATS_SOURCE: 'local', ...options.vars, EVENTS: events, PUBLIC_ORIGINS: ORIGIN } as Env;
  return {
    points,
    async fetch(path: string, init?: RequestInit): Promise<Response> {
      const ctx = createExecutionContext();
      const response = await app.fetch(new Request(`${ORIGIN}${path}`, init), workerEnv, ctx);
      await waitOnExecutionContext(ctx);
      return response;
    },
  };
}

export const ORIGIN = 'https://khabar.example';

/** A POST as navigator.sendBeacon(url, string) makes it. */
export function beacon(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'Content-Type': 'text/plain;charset=UTF-8', ...headers } };
}

/** Every row the local store holds, as SQLite has it. */
export async function storedRows(): Promise<Record<string, unknown>[]> {
  const stub = env.LOCAL_EVENTS.get(env.LOCAL_EVENTS.idFromName('events'));
  return runInDurableObject(stub, (_instance: LocalEventStore, state) => state.storage.sql.exec('SELECT * FROM khabar_events').toArray());
}

export const today = (): string => new Date().toISOString().slice(0, 10);
