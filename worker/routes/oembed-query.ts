/**
 * The query of `GET /oembed` (oEmbed 1.0, section 2.2): `url` required, `format` json only, `maxwidth` and
 * `maxheight` optional positive whole numbers. Each parameter at most once.
 */
import * as v from 'valibot';
import { type InvalidParam, clipValue } from '../http/problem.ts';

const Dimension = v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,4}$/, 'must be a whole number of CSS pixels from 1 to 99999'), v.transform(Number));

const HttpUrl = v.pipe(
  v.string(),
  v.nonEmpty('is required'),
  v.check((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), 'must be an absolute http: or https: URL'),
  v.transform((value) => new URL(value)),
);

export interface OembedQuery {
  url: URL;
  /** Asked for a format other than JSON, which oEmbed answers with 501. */
  format: string;
  maxwidth?: number;
  maxheight?: number;
}

export function parseOembedQuery(url: URL): { ok: true; query: OembedQuery } | { ok: false; errors: InvalidParam[] } {
  const errors: InvalidParam[] = [];
  const once = (name: string): string | undefined => {
    const given = url.searchParams.getAll(name);
    if (given.length > 1) errors.push({ in: 'query', name, detail: 'must be given at most once', value: clipValue(given.join(',')) });
    return given[0];
  };
  const parse = <S extends v.GenericSchema<string, unknown>>(name: string, schema: S, value: string): v.InferOutput<S> | undefined => {
    const result = v.safeParse(schema, value);
    if (result.success) return result.output;
    errors.push({ in: 'query', name, detail: result.issues[0].message, value: clipValue(value) });
    return undefined;
  };

  const rawUrl = once('url');
  if (rawUrl === undefined) errors.push({ in: 'query', name: 'url', detail: 'is required: the URL of the page to embed' });
  const target = rawUrl === undefined ? undefined : parse('url', HttpUrl, rawUrl.trim());
  const format = once('format') ?? 'json';
  // An empty value (`maxwidth=`, as some CMS forms send it) means no limit.
  const width = once('maxwidth') || undefined;
  const height = once('maxheight') || undefined;
  const maxwidth = width === undefined ? undefined : parse('maxwidth', Dimension, width);
  const maxheight = height === undefined ? undefined : parse('maxheight', Dimension, height);
  if (errors.length > 0 || !target) return { ok: false, errors };
  const query: OembedQuery = { url: target, format };
  if (maxwidth !== undefined) query.maxwidth = maxwidth;
  if (maxheight !== undefined) query.maxheight = maxheight;
  return { ok: true, query };
}
