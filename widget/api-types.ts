/**
 * What the widget knows of the API: the response types, from the one schema. Types only, so the embed
 * ships no validator.
 */
import type { HeadlineList } from '../content/schema.ts';

export type { Headline, HeadlineList, Image } from '../content/schema.ts';

/**
 * What the worker writes into a carousel it rendered (a `<script type="application/json">` in its shadow root):
 * the list it rendered and that response's ETag, so taking over costs no request.
 */
export interface ServerList extends Partial<HeadlineList> {
  etag?: string | null;
  /** The list was an old copy served because the store failed. */
  stale?: boolean;
}
