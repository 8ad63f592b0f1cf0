/**
 * `GET /v1/stats`'s answer, built from the two queries' rows: totals, then by partner, by day and by headline.
 * `impressions` are carousel impressions (seen once, however many headlines it showed) except by headline, where
 * they are that headline's impressions; `ctr` is clicks / impressions (null while impressions are 0).
 */
import { Counted } from './data-points.ts';
import { type StatsRange, countsByHeadline, countsByPartnerAndDay } from './stats-sql.ts';
import type { StatsSource } from './stats-source.ts';

export interface Counts {
  impressions: number;
  clicks: number;
  ctr: number | null;
}

export interface StatsReport extends Counts {
  from: string;
  to: string;
  partner: string | null;
  byPartner: Array<Counts & { partner: string }>;
  /** Every day of the range, oldest first, zeros included (the plot needs them). */
  byDay: Array<Counts & { day: string }>;
  byHeadline: Array<Counts & { headline: string }>;
}

export async function statsReport(source: StatsSource, range: StatsRange): Promise<StatsReport> {
  const [dayRows, headlineRows] = await Promise.all([source.run(countsByPartnerAndDay(range)), source.run(countsByHeadline(range))]);
  const total = tally();
  const partners = new Map<string, Tally>();
  const days = new Map<string, Tally>(daysOf(range).map((day) => [day, tally()]));
  for (const row of dayRows) {
    const [partner, day, counted, n] = [text(row['partner']), text(row['day']), text(row['counted']), count(row['n'])];
    const kind = counted === Counted.CLICK ? 'clicks' : 'impressions';
    for (const t of [total, group(partners, partner), group(days, day)]) t[kind] += n;
  }
  const headlines = new Map<string, Tally>();
  for (const row of headlineRows) {
    const t = group(headlines, text(row['headline']));
    t[text(row['counted']) === Counted.CLICK ? 'clicks' : 'impressions'] += count(row['n']);
  }
  return {
    from: range.from,
    to: range.to,
    partner: range.partner ?? null,
    ...withCtr(total),
    byPartner: [...partners].sort(([a], [b]) => (a < b ? -1 : 1)).map(([partner, t]) => ({ partner, ...withCtr(t) })),
    byDay: [...days].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, t]) => ({ day, ...withCtr(t) })),
    byHeadline: [...headlines]
      .sort(([a, x], [b, y]) => y.impressions - x.impressions || y.clicks - x.clicks || (a < b ? -1 : 1))
      .map(([headline, t]) => ({ headline, ...withCtr(t) })),
  };
}

interface Tally {
  impressions: number;
  clicks: number;
}

const tally = (): Tally => ({ impressions: 0, clicks: 0 });

function group(map: Map<string, Tally>, key: string): Tally {
  let t = map.get(key);
  if (!t) map.set(key, (t = tally()));
  return t;
}

function withCtr({ impressions, clicks }: Tally): Counts {
  return { impressions, clicks, ctr: impressions > 0 ? Math.round((clicks / impressions) * 10_000) / 10_000 : null };
}

const text = (value: unknown): string => (typeof value === 'string' ? value : String(value ?? ''));

/** Sums come back as numbers (SQLite) or as strings (the SQL API's 64-bit integers). */
function count(value: unknown): number {
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : 0;
}

/** Every `YYYY-MM-DD` from `from` to `to`, inclusive. */
export function daysOf(range: StatsRange): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${range.from}T00:00:00Z`); t <= Date.parse(`${range.to}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}
