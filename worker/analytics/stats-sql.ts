/**
 * The stats' SQL: one text per question, run unchanged against Analytics Engine's SQL API (deploys) and against the
 * local store's SQLite (npm start). So it keeps to what both dialects share: columns by their dataset names, `=`,
 * `>=`, `<=`, `AND`/`OR`, `SUM`, `GROUP BY`/`ORDER BY` on columns, `LIMIT`; string literals built only from values
 * that passed the stats query's own syntax checks (a day, a partner id), and quoted anyway.
 */
import { Counted } from './data-points.ts';
import { DATASET } from './local-event-store.ts';

export interface StatsRange {
  /** First and last day counted, `YYYY-MM-DD`, inclusive. */
  from: string;
  to: string;
  /** One partner's counts, or every partner's. */
  partner?: string;
}

/** Rows per answer at most: days × partners × 2 for the first query, headlines × 2 for the second. */
export const DAY_ROWS_LIMIT = 10_000;
export const HEADLINE_ROWS_LIMIT = 1_000;

/** Carousel impressions and clicks per partner and day: rows `{ partner, day, counted, n }`. */
export function countsByPartnerAndDay(range: StatsRange): string {
  return `SELECT index1 AS partner, blob3 AS day, blob1 AS counted, SUM(_sample_interval) AS n
FROM ${DATASET}
WHERE ${where(range)} AND (blob1 = ${quote(Counted.IMPRESSION)} OR blob1 = ${quote(Counted.CLICK)})
GROUP BY index1, blob3, blob1
ORDER BY blob3, index1, blob1
LIMIT ${DAY_ROWS_LIMIT}`;
}

/** Headline impressions and clicks per headline, most counted first: rows `{ headline, counted, n }`. */
export function countsByHeadline(range: StatsRange): string {
  return `SELECT blob2 AS headline, blob1 AS counted, SUM(_sample_interval) AS n
FROM ${DATASET}
WHERE ${where(range)} AND (blob1 = ${quote(Counted.HEADLINE_IMPRESSION)} OR blob1 = ${quote(Counted.CLICK)})
GROUP BY blob2, blob1
ORDER BY SUM(_sample_interval) DESC, blob2
LIMIT ${HEADLINE_ROWS_LIMIT}`;
}

function where(range: StatsRange): string {
  const days = `blob3 >= ${quote(range.from)} AND blob3 <= ${quote(range.to)}`;
  return range.partner === undefined ? days : `${days} AND index1 = ${quote(range.partner)}`;
}

/** Values here are already restricted to [a-z0-9-]; refusing anything else keeps it so if a caller forgets. */
function quote(value: string): string {
  if (!/^[a-z0-9-]*$/.test(value)) throw new Error(`not a safe SQL literal: ${JSON.stringify(value)}`);
  return `'${value}'`;
}
