/**
 * The body of `POST /v1/events`, made canonical at the boundary: read with a byte bound (a lying or absent
 * Content-Length cannot get more in), decoded as strict UTF-8, parsed as JSON and checked against strict schemas.
 * Anything else in it (a count, an id, a timestamp, a field we do not know) is refused: the reader's browser says
 * only which partner, what happened and which headlines.
 */
import * as v from 'valibot';
import { Slug } from '../../content/schema.ts';
import { readBounded } from '../http/bounded-body.ts';

/** Largest body accepted, in bytes. An impression of 50 long slugs fits with room to spare. */
export const MAX_EVENT_BYTES = 2048;
/** Headlines one impression may name: more than a carousel shows at once. */
export const MAX_HEADLINES = 50;

/** The partners' id syntax (content/partners/<id>.yaml). */
export const PartnerId = v.pipe(
  v.string('must be a string'),
  v.regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'must be 1-40 lowercase ASCII letters, digits and inner hyphens'),
);

const Headline = v.pipe(v.string('must be a string'), v.check((s) => v.is(Slug, s), 'must be a headline slug'));

const Impression = v.strictObject({
  type: v.literal('impression'),
  partner: PartnerId,
  /** The headlines on screen when it counted; repeats are counted once. */
  headlines: v.pipe(
    v.array(Headline, 'must be an array of headline slugs'),
    v.minLength(1, 'must name at least one headline'),
    v.maxLength(MAX_HEADLINES, `must name at most ${MAX_HEADLINES} headlines`),
    v.transform((slugs) => [...new Set(slugs)]),
  ),
});

const Click = v.strictObject({
  type: v.literal('click'),
  partner: PartnerId,
  headline: Headline,
});

const ReaderEventSchema = v.variant('type', [Impression, Click], 'must be "impression" or "click"');

export type ReaderEvent = v.InferOutput<typeof ReaderEventSchema>;

/** Where the body is wrong: `body` for its bytes or syntax, else the JSON path (`headlines.3`). */
export interface BodyIssue {
  name: string;
  detail: string;
}

export type EventParse =
  | { ok: true; event: ReaderEvent }
  | { ok: false; status: 400; issues: BodyIssue[] }
  | { ok: false; status: 413; bytes: number };

export async function readEvent(request: Request): Promise<EventParse> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > MAX_EVENT_BYTES) return { ok: false, status: 413, bytes: Number(declared) };
  const read = await readBounded(request.body, MAX_EVENT_BYTES);
  if (!read.ok) return { ok: false, status: 413, bytes: read.bytes };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(read.bytes);
  } catch {
    return bad('body', 'is not valid UTF-8');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return bad('body', 'is not JSON: send one object, e.g. {"type":"click","partner":"acme","headline":"some-slug"}');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return bad('body', 'must be one JSON object');
  const result = v.safeParse(ReaderEventSchema, json, { abortPipeEarly: true });
  if (result.success) return { ok: true, event: result.output };
  return { ok: false, status: 400, issues: result.issues.slice(0, 10).map(describe) };
}

function describe(issue: v.BaseIssue<unknown>): BodyIssue {
  const path = v.getDotPath(issue);
  // valibot's strictObject reports an unknown key (expected "never") and a missing one at the key's path.
  if (issue.type === 'strict_object' && path) return { name: path, detail: issue.expected === 'never' ? 'is not a field of this event' : 'is required' };
  return { name: path ?? 'body', detail: issue.message };
}

function bad(name: string, detail: string): EventParse {
  return { ok: false, status: 400, issues: [{ name, detail }] };
}
