/**
 * Where the stats' SQL runs: Analytics Engine's SQL API (deploys), or the local store (npm start). Both answer rows
 * as objects keyed by the SELECT's aliases. The SQL API answers JSON `{ meta, data, rows }` by default, with 64-bit
 * sums as strings; callers read numbers with Number().
 */
import type { Config } from '../config.ts';
import { localEventStore } from './record-event.ts';

export type Row = Record<string, string | number | null>;

export interface StatsSource {
  run(sql: string): Promise<Row[]>;
}

export class StatsSourceError extends Error {}

/** The SQL API's address for an account (https://developers.cloudflare.com/analytics/analytics-engine/sql-api/). */
export function sqlApiUrl(accountId: string): string {
  return `https://api.cloudflare.com/client/v4/accounts/${encodeURIComponent(accountId)}/analytics_engine/sql`;
}

export function statsSource(config: Config, env: Env, fetcher: typeof fetch = fetch): StatsSource {
  if (config.statsSource === 'local') {
    const store = localEventStore(env);
    return { run: (sql) => store.query(sql) };
  }
  return {
    async run(sql) {
      if (!env.CF_ACCOUNT_ID || !env.CF_ANALYTICS_TOKEN) throw new StatsSourceError('CF_ACCOUNT_ID and CF_ANALYTICS_TOKEN are not set');
      const response = await fetcher(sqlApiUrl(env.CF_ACCOUNT_ID), {
        method: 'POST',
        headers: { Authorization: `Bearer ${env.CF_ANALYTICS_TOKEN}`, 'Content-Type': 'text/plain' },
        body: sql,
        signal: AbortSignal.timeout(10_000),
      });
      // The API's error text may echo the query; it goes to the log, never to the client.
      if (!response.ok) throw new StatsSourceError(`Analytics Engine SQL API answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
      const body = (await response.json()) as { data?: unknown };
      if (!Array.isArray(body.data)) throw new StatsSourceError('Analytics Engine SQL API answered without a data array');
      return body.data as Row[];
    },
  };
}
