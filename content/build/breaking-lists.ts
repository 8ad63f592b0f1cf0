/**
 * Breaking stories older than a list's newest `HEADLINES_MAX` are kept in the list record beyond them, so the
 * worker can put them first while they last (schema.ts `servedOrder`); after their expiry they sort back by date,
 * past every `limit`. Which are kept does not depend on the time of the build (a build is a function of the
 * files): at most `BREAKING_KEPT` per list, the latest-expiring first. The build and the push both use this.
 */
import type { Headline } from '../schema.ts';
import { newerFirst } from './newest-lists.ts';

/** Older breaking stories kept per list beyond its newest `HEADLINES_MAX`. */
export const BREAKING_KEPT = 10;

export interface Expiring {
  slug: string;
  /** `publishedAt` in ms. */
  at: number;
  /** `breakingUntil` in ms. */
  until: number;
}

/** Latest expiry first, then newest, then slug: the order in which older breaking stories are kept. */
export function keptFirst(a: Expiring, b: Expiring): number {
  return b.until - a.until || newerFirst(a, b);
}

/**
 * The `BREAKING_KEPT` candidates to keep beyond `newest` (those not already in it), in list order (newest first).
 * `candidates` may be any superset of the list's breaking stories.
 */
export function olderBreaking<T extends Expiring>(newest: readonly { slug: string }[], candidates: Iterable<T>): T[] {
  const inList = new Set(newest.map((item) => item.slug));
  const kept = [...candidates].filter((c) => !inList.has(c.slug)).sort(keptFirst).slice(0, BREAKING_KEPT);
  return kept.sort(newerFirst);
}

/** A headline's place among breaking candidates, when it is one. */
export function expiringOf(headline: Headline): Expiring | undefined {
  if (headline.breakingUntil === undefined) return undefined;
  return { slug: headline.slug, at: Date.parse(headline.publishedAt), until: Date.parse(headline.breakingUntil) };
}
