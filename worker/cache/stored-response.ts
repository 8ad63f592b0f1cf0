/** A response as the cache tiers keep it: status, text body, headers, and when it left the origin. */
export interface StoredResponse {
  /** 200, or 404 for a negative entry (something KV said is not there). */
  status: number;
  body: string;
  headers: Array<[name: string, value: string]>;
  /** Epoch milliseconds on the worker's clock; freshness is computed from it, not from the platform. */
  storedAt: number;
  /** The content state version it was made under (content-state.ts): another version's entry is expired. */
  version?: string;
  /** Seconds it is fresh, when shorter than its policy says (a list that reorders when a breaking story expires). */
  freshFor?: number;
}

/**
 * How a response tells the cache it is fresh for less than its policy (set by the route, never sent): seconds.
 * Such a response is not served stale either: it is wrong, not old, once that time has passed.
 */
export const FRESH_FOR_HEADER = 'x-khabar-fresh-for';

export async function toStored(response: Response, storedAt: number, version?: string): Promise<StoredResponse> {
  const freshFor = response.headers.get(FRESH_FOR_HEADER);
  const headers = [...response.headers].filter(([name]) => name !== FRESH_FOR_HEADER);
  return {
    status: response.status,
    body: await response.text(),
    headers,
    storedAt,
    ...(version !== undefined && { version }),
    ...(freshFor !== null && { freshFor: Number(freshFor) }),
  };
}

/** A new, mutable response for every request: middleware may still add headers to it. */
export function toResponse(entry: StoredResponse, extra: Record<string, string>): Response {
  const headers = new Headers(entry.headers);
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  return new Response(entry.body, { status: entry.status, headers });
}
