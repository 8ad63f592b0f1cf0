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

async function strongEtag(body: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body)));
  let binary = '';
  for (const byte of digest.subarray(0, 16)) binary += String.fromCharCode(byte);
  return `"${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}"`;
}
