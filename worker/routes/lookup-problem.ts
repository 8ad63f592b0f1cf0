/** The problem answered when a KV lookup found nothing usable. */
import { ProblemType, problemResponse } from '../http/problem.ts';
import type { Lookup } from '../store.ts';

/** Seconds a client should wait before asking again after a 503. */
export const RETRY_AFTER_SECONDS = 30;

export function lookupProblem(siteOrigin: string, lookup: Exclude<Lookup<unknown>, { status: 'found' }>, notFound: string): Response {
  if (lookup.status === 'missing') return problemResponse(siteOrigin, ProblemType.NOT_FOUND, { detail: notFound });
  return problemResponse(siteOrigin, ProblemType.UNAVAILABLE, {
    detail:
      lookup.status === 'corrupt'
        ? 'The stored record could not be read. The newsroom has been alerted through the logs.'
        : 'The article store did not answer. Please try again shortly.',
    headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
  });
}
