/**
 * What the widget knows of the API: the response types, from the one schema. Types only, so the embed
 * ships no validator.
 */
import type { Headline as StoredHeadline, HeadlineList as StoredList } from '../content/schema.ts';

export type { Image } from '../content/schema.ts';

/**
 * A headline as a list response carries it: `breaking: true` only while the story's breaking period lasts (the
 * worker sets it when it serves the list, contract C2). Declared here until content/schema.ts names it; the same
 * field either way.
 */
export type Headline = StoredHeadline & { breaking?: boolean };

/** Defaults a known partner's record gives its carousels (contract C3): used when the element's own are unset. */
export interface PartnerDefaults {
  theme?: string;
  lang?: string;
}

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
  /** The list was an old copy served because the store failed. */
  stale?: boolean;
}
