/**
 * Which of the worker's configured origins a request was made to. The Host header is the client's to choose
 * (`Host: evil.example`, `Host: localhost:8787@evil.example`), and pages, the embed manifest and oEmbed answers
 * put this worker's origin into script `src`, CSP sources and iframe `src`, some of them cached publicly: only an
 * origin from PUBLIC_ORIGINS may end up there. Any other host gets 421 Misdirected Request (RFC 9110, 15.5.20:
 * this server does not answer for that authority).
 */
import type { Config } from '../config.ts';
import { ProblemType, clipValue, problemResponse } from './problem.ts';

/** Host (with port) → configured origin, per configuration: parsed once, not on every request. */
const hostsOf = new WeakMap<Config, ReadonlyMap<string, string>>();

/** The configured origin with the request's host (and port), or `undefined` when none has it. */
export function servedOrigin(config: Config, requestUrl: URL): string | undefined {
  // A URL with credentials comes from a Host with `@` in it: no host of ours is spelled that way.
  if (requestUrl.username || requestUrl.password) return undefined;
  let hosts = hostsOf.get(config);
  if (!hosts) hostsOf.set(config, (hosts = new Map(config.publicOrigins.map((origin) => [new URL(origin).host, origin]))));
  return hosts.get(requestUrl.host);
}

export function misdirected(config: Config, requestUrl: URL): Response {
  return problemResponse(config.siteOrigin, ProblemType.MISDIRECTED, {
    detail: `This worker does not answer for the host ${JSON.stringify(clipValue(requestUrl.host))}; it answers at ${config.publicOrigins.join(', ')}.`,
  });
}
