/**
 * Each page's Content-Security-Policy: only what that page uses. Origins are spelled out where a page may
 * run in a sandboxed (opaque-origin) frame, where 'self' would match nothing.
 */
const BASE = "default-src 'none'; base-uri 'none'; form-action 'none'";

/** Article pages: our stylesheet, pictures from any https: host, no script, not framed. */
export const ARTICLE_CSP = `${BASE}; style-src 'self'; img-src https:; frame-ancestors 'none'`;

/** The article card: the same, but any site may frame it (oEmbed). */
export function articleCardCsp(origin: string): string {
  return `${BASE}; style-src ${origin}; img-src https:; frame-ancestors *`;
}

/** The configurator: its own script, styles, frame and status polling; its form submits to itself. */
export const CONFIGURATOR_CSP =
  "default-src 'none'; base-uri 'none'; form-action 'self'; script-src 'self'; style-src 'self'; img-src 'self' https:; connect-src 'self'; frame-src 'self'; frame-ancestors 'none'";

/** The carousel frame: the embed from `origin` and nothing else; any site may frame it (oEmbed). */
export function carouselFrameCsp(origin: string): string {
  return `${BASE}; script-src ${origin}; connect-src ${origin}; style-src ${origin}; img-src https:; frame-ancestors *`;
}

/** The simulated partner page: as strict as a careful partner's, allowing only the embed's origin. */
export function partnerCsp(embedOrigin: string): string {
  return `default-src 'none'; script-src ${embedOrigin}; connect-src ${embedOrigin}; img-src https:; style-src 'self'; base-uri 'none'; form-action 'none'`;
}
