/** A response as the cache tiers keep it: status, text body, headers, and when it left the origin. */
export interface StoredResponse {
  /** 200, or 404 for a negative entry (something KV said is not there). */
  status: number;
  body: string;
  headers: Array<[name: string, value: string]>;
  /** Epoch milliseconds on the worker's clock; freshness is computed from it, not from the platform. */
  storedAt: number;
}

export async function toStored(response: Response, storedAt: number): Promise<StoredResponse> {
  return { status: response.status, body: await response.text(), headers: [...response.headers], storedAt };
}

/** A new, mutable response for every request: middleware may still add headers to it. */
export function toResponse(entry: StoredResponse, extra: Record<string, string>): Response {
  const headers = new Headers(entry.headers);
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  return new Response(entry.body, { status: entry.status, headers });
}
