/**
 * The query of `GET /v1/stats` (and of the /stats page): `partner`, `from`, `to`, each at most once. Days are
 * `YYYY-MM-DD` (UTC), real calendar days; `to` defaults to today, `from` to 29 days before `to` (30 days in all);
 * a range is at most 366 days and never ends before it starts. Other parameters are ignored.
 */
import * as v from 'valibot';
import { type InvalidParam, clipValue } from '../http/problem.ts';
import { PartnerId } from './event-body.ts';
import { utcDay } from './data-points.ts';
import type { StatsRange } from './stats-sql.ts';

export const DEFAULT_DAYS = 30;
export const MAX_DAYS = 366;

const Day = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day as YYYY-MM-DD'),
  v.check((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && utcDay(Date.parse(`${s}T00:00:00Z`)) === s, 'must be a real calendar day'),
);

const PARAMS = { partner: PartnerId, from: Day, to: Day } as const;

export function parseStatsQuery(params: URLSearchParams, now: number): { ok: true; range: StatsRange } | { ok: false; errors: InvalidParam[] } {
  const errors: InvalidParam[] = [];
  const values: Partial<Record<keyof typeof PARAMS, string>> = {};
  for (const name of Object.keys(PARAMS) as Array<keyof typeof PARAMS>) {
    // An empty field from the /stats form means "not given".
    const given = params.getAll(name).filter((value) => value !== '');
    if (given.length === 0) continue;
    if (given.length > 1) {
      errors.push({ in: 'query', name, detail: 'must be given at most once', value: clipValue(given.join(',')) });
      continue;
    }
    const result = v.safeParse(PARAMS[name], given[0]!);
    if (result.success) values[name] = result.output;
    else errors.push({ in: 'query', name, detail: result.issues[0].message, value: clipValue(given[0]!) });
  }
  if (errors.length > 0) return { ok: false, errors };
  const to = values.to ?? utcDay(now);
  const from = values.from ?? utcDay(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_DAYS - 1) * 86_400_000);
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days < 1) return { ok: false, errors: [{ in: 'query', name: 'from', detail: 'must not be after to', value: from }] };
  if (days > MAX_DAYS) return { ok: false, errors: [{ in: 'query', name: 'from', detail: `must be at most ${MAX_DAYS} days before to (inclusive)`, value: from }] };
  return { ok: true, range: { from, to, ...(values.partner !== undefined && { partner: values.partner }) } };
}
