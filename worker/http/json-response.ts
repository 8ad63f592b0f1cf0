import { strongEtag } from './strong-etag.ts';

/** A JSON 200 with a strong ETag computed from its exact bytes, computed once when the origin answers. */
export async function jsonResponse(value: unknown, cacheControl: string): Promise<Response> {
  const body = JSON.stringify(value);
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': cacheControl,
      ETag: await strongEtag(body),
    },
  });
}
