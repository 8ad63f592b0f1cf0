/**
 * Pages are answered with their own Content-Security-Policy (secure-headers in index.ts does not overwrite it)
 * and a strong ETag, so a browser's revalidation of an unchanged page is a 304.
 */
import { strongEtag } from './strong-etag.ts';

export interface PageInit {
  status?: number;
  cacheControl: string;
  csp: string;
}

export async function htmlResponse(body: string, init: PageInit): Promise<Response> {
  return new Response(body, {
    status: init.status ?? 200,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': init.cacheControl,
      // Who may frame the page is its CSP's frame-ancestors: 'none', except the oEmbed frames.
      'Content-Security-Policy': init.csp,
      ETag: await strongEtag(body),
    },
  });
}
