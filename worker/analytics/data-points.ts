/**
 * What one event becomes in Analytics Engine: data points with the partner id as the index, and blobs in a fixed
 * order that the stats' SQL names (stats-sql.ts). Every point counts 1 (`double1`); a sampled row stands for
 * `_sample_interval` points, so the SQL sums that, never counts rows.
 *
 * An impression is one `impression` point (the carousel was seen: impressions per partner and day count carousels,
 * however many headlines they showed) plus one `headline-impression` point per headline on screen (impressions per
 * headline). A click is one `click` point with its headline.
 */
import type { ReaderEvent } from './event-body.ts';

/** `blob1`: what was counted. */
export const Counted = {
  IMPRESSION: 'impression',
  HEADLINE_IMPRESSION: 'headline-impression',
  CLICK: 'click',
} as const;
export type Counted = (typeof Counted)[keyof typeof Counted];

/** One data point as `writeDataPoint` takes it, with exactly these members. */
export interface EventPoint {
  /** `index1`: the partner id. */
  indexes: [string];
  /** `blob1` what was counted, `blob2` the headline's slug ('' for a carousel impression), `blob3` the UTC day. */
  blobs: [Counted, string, string];
  /** `double1`: 1. */
  doubles: [1];
}

/** `YYYY-MM-DD` in UTC: the day an event is counted under, the same string in SQL everywhere. */
export function utcDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

export function dataPoints(event: ReaderEvent, now: number): EventPoint[] {
  const day = utcDay(now);
  const point = (counted: Counted, headline: string): EventPoint => ({ indexes: [event.partner], blobs: [counted, headline, day], doubles: [1] });
  if (event.type === 'click') return [point(Counted.CLICK, event.headline)];
  return [point(Counted.IMPRESSION, ''), ...event.headlines.map((slug) => point(Counted.HEADLINE_IMPRESSION, slug))];
}
