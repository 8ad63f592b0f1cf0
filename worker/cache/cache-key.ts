/**
 * Cache keys are normalized URLs: on the configured origin the request was checked against (never the Host
 * as sent), the resource's path spelled one way (routing also accepts `/v1/%68eadlines`), with only the
 * parameters that change the answer. Anything else a client varies must not make a new cache entry, and
 * what is stored under a key must be built from these parts alone, never from the raw request.
 */
export function cacheKey(publicOrigin: string, path: string, params?: URLSearchParams): string {
  const query = params && params.size > 0 ? `?${params}` : '';
  return `${publicOrigin}${path}${query}`;
}
