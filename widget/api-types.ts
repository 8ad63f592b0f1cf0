/**
 * What the widget knows of the API: the response types, from the one schema. Types only, so the embed
 * ships no validator.
 */
import type { PartnerHints } from '../content/partner-schema.ts';
import type { Headline as StoredHeadline, HeadlineList as StoredList } from '../content/schema.ts';

export type { Image } from '../content/schema.ts';

/**
 * A headline as a list response carries it: `breaking: true` only while the story's breaking period lasts (the
 * worker sets it when it serves the list); `breakingUntil` stays on the server.
 */
export type Headline = Omit<StoredHeadline, 'breakingUntil'>;

/** Defaults a known partner's record gives its carousels: used when the element's own are unset. */
export type PartnerDefaults = PartnerHints;

/** The body of `GET /v1/headlines`, with what the worker adds for a partner (`paused`, `partner`). */
export interface HeadlineList extends Omit<StoredList, 'items'> {
  items: Headline[];
  paused?: boolean;
  partner?: PartnerDefaults;
}

/**
 * What the worker writes into a carousel it rendered (a `<script type="application/json">` in its shadow root):
 * the list it rendered and that response's ETag, so taking over costs no request.
 */
export interface ServerList extends Partial<HeadlineList> {
  etag?: string | null;
  /** The content version it was made under (GET /v1/version compares with it). */
  version?: string | null;
  /** The list was an old copy served because the store failed. */
  stale?: boolean;
}
