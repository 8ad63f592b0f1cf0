/**
 * Cache keys are normalized URLs: the resource's path spelled one way (routing also accepts
 * `/v1/%68eadlines`), always `https:`, on the host the request came to, with only the parameters that
 * change the answer. Anything else a client varies must not make a new cache entry.
 */
export function cacheKey(requestUrl: URL, path: string, params?: URLSearchParams): string {
  const query = params && params.size > 0 ? `?${params}` : '';
  return `https://${requestUrl.host}${path}${query}`;
}
