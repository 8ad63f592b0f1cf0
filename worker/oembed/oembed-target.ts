/**
 * What an oEmbed `url` points at. On this worker's own hosts, `/` and `/frames/carousel` (with embed options in
 * the query, as the configurator's address bar has them) are a carousel. There and on SITE_ORIGIN (http or
 * https), `/articles/:slug` is an article. Any other URL may still be an article's canonical URL on the
 * publisher's site: the content build indexes those (records.ts).
 */
import * as v from 'valibot';
import { canonicalForm } from '../../content/records.ts';
import { Slug } from '../../content/schema.ts';
import { type EmbedOptions, readOptions } from '../../widget/embed-options.ts';

export type OembedTarget =
  | { kind: 'carousel'; options: EmbedOptions }
  | { kind: 'article'; slug: string }
  /** Look it up in the canonical-URL index; not found there means it is not ours. */
  | { kind: 'canonical'; url: string };

const ARTICLE_PATH = /^\/articles\/([^/]+)\/?$/;
const CAROUSEL_PATHS = new Set(['/', '/frames/carousel']);

export interface OurHosts {
  /** Where this worker answers (the configurator lives here). */
  worker: readonly string[];
  /** The public site, whose `/` is the publisher's home page, not a carousel. */
  site: string;
}

export function oembedTarget(url: URL, hosts: OurHosts): OembedTarget {
  const onWorker = hosts.worker.includes(url.host);
  if (onWorker && CAROUSEL_PATHS.has(url.pathname)) return { kind: 'carousel', options: readOptions(url.searchParams) };
  if (onWorker || url.host === hosts.site) {
    const slug = ARTICLE_PATH.exec(url.pathname)?.[1];
    if (slug !== undefined && v.is(Slug, slug)) return { kind: 'article', slug };
  }
  return { kind: 'canonical', url: canonicalForm(url.href) };
}
