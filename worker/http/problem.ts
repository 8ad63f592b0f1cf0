/**
 * RFC 9457 problem details: every error the API answers is `application/problem+json` with a `type` URI
 * (documented under `<SITE_ORIGIN>/problems/`), a `title` that is the same for every problem of that type,
 * the `status`, a `detail` about this occurrence and, for bad input, the list of what was wrong.
 */
export const ProblemType = {
  INVALID_REQUEST: { name: 'invalid-request', status: 400, title: 'The request is not valid' },
  /** /v1/stats and /stats without the right `Authorization: Bearer <STATS_TOKEN>`. */
  UNAUTHORIZED: { name: 'unauthorized', status: 401, title: 'This needs the stats token' },
  NOT_FOUND: { name: 'not-found', status: 404, title: 'Nothing is published here' },
  /** oEmbed: no embed of ours fits the consumer's maxwidth/maxheight. */
  CANNOT_FIT: { name: 'cannot-fit', status: 404, title: 'No embed fits the size asked for' },
  METHOD_NOT_ALLOWED: { name: 'method-not-allowed', status: 405, title: 'This method is not allowed here' },
  /** The request named a host this worker does not serve (not in PUBLIC_ORIGINS). */
  MISDIRECTED: { name: 'misdirected-request', status: 421, title: 'This worker does not answer for that host' },
  PAYLOAD_TOO_LARGE: { name: 'payload-too-large', status: 413, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { name: 'unsupported-media-type', status: 415, title: 'The request body has the wrong type' },
  /** Too many events from one reader in a short time (the events rate limit). */
  TOO_MANY_REQUESTS: { name: 'too-many-requests', status: 429, title: 'Too many requests in a short time' },
  URI_TOO_LONG: { name: 'uri-too-long', status: 414, title: 'The request URL is too long' },
  INTERNAL: { name: 'internal-error', status: 500, title: 'Something went wrong on our side' },
  NOT_IMPLEMENTED: { name: 'not-implemented', status: 501, title: 'This is not supported' },
  UNAVAILABLE: { name: 'unavailable', status: 503, title: 'The headlines are temporarily unavailable' },
  /** A partner limited to some sites (content/partners/<id>.yaml `origins`), asked from another. */
  ORIGIN_NOT_ALLOWED: { name: 'origin-not-allowed', status: 403, title: "This partner's headlines are not served on this site" },
  STATS_UNAVAILABLE: { name: 'stats-unavailable', status: 503, title: 'The stats are temporarily unavailable' },
} as const;
export type ProblemType = (typeof ProblemType)[keyof typeof ProblemType];

/** One thing wrong with the request: where (`query`/`path`), which parameter, and what was expected. */
export interface InvalidParam {
  in: 'query' | 'path' | 'body';
  name: string;
  detail: string;
  value?: string;
}

/** A bad value is echoed back in `errors`, at most this much of it. */
export function clipValue(value: string): string {
  return value.length > 64 ? `${value.slice(0, 64)}…` : value;
}

export interface ProblemInit {
  detail: string;
  errors?: InvalidParam[];
  headers?: Record<string, string>;
}

/** Problem type URIs live under the public site, where the README's API reference points. */
export function problemResponse(siteOrigin: string, type: ProblemType, init: ProblemInit): Response {
  const body = {
    type: `${siteOrigin}/problems/${type.name}`,
    title: type.title,
    status: type.status,
    detail: init.detail,
    ...(init.errors && { errors: init.errors }),
  };
  return new Response(JSON.stringify(body), {
    status: type.status,
    headers: {
      'Content-Type': 'application/problem+json; charset=utf-8',
      'Cache-Control': 'no-store',
      ...init.headers,
    },
  });
}
