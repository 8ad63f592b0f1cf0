/**
 * Each page's Content-Security-Policy: only what that page uses. Origins are spelled out where a page may
 * run in a sandboxed (opaque-origin) frame, where 'self' would match nothing.
 */
const BASE = "default-src 'none'; base-uri 'none'; form-action 'none'";

/**
 * Article pages: our stylesheet and the `<style>` of the server-rendered carousel at their end (by its hash),
 * pictures from any https: host, no script, not framed.
 */
export function articleCsp(carouselStyle: string): string {
  return `${BASE}; style-src 'self' ${carouselStyle}; img-src https:; frame-ancestors 'none'`;
}

/** The article card: the same, but any site may frame it (oEmbed). */
export function articleCardCsp(origin: string): string {
  return `${BASE}; style-src ${origin}; img-src https:; frame-ancestors *`;
}

/** The configurator: its own script, styles, frame and status polling; its form submits to itself. */
export const CONFIGURATOR_CSP =
  "default-src 'none'; base-uri 'none'; form-action 'self'; script-src 'self'; style-src 'self'; img-src 'self' https:; connect-src 'self'; frame-src 'self'; frame-ancestors 'none'";

/**
 * The carousel frame: the embed from `origin`, and its inline styles (the server-rendered carousel's, the page's
 * margin) by their hashes; framed where `ancestors` says: any site (`*`: oEmbed, the iframe embed code), or a
 * partner's own origins.
 */
export function carouselFrameCsp(origin: string, ancestors: string, ...inlineStyles: string[]): string {
  return `${BASE}; script-src ${origin}; connect-src ${origin}; style-src ${origin} ${inlineStyles.join(' ')}; img-src https:; frame-ancestors ${ancestors}`;
}

/**
 * The configurator's live preview of an embed code: what each of the three codes needs, as a strict partner would
 * allow it (the snippet's reserving style attribute by its hash, with 'unsafe-hashes').
 */
export function embedPreviewCsp(origin: string, carouselStyle: string, reserveStyle: string): string {
  return `${BASE}; script-src ${origin}; connect-src ${origin}; style-src ${origin} ${carouselStyle} 'unsafe-hashes' ${reserveStyle}; frame-src ${origin}; img-src https:; frame-ancestors 'self'`;
}

/**
 * The simulated partner page: as strict as a careful partner's, allowing only the embed's origin, and the
 * snippet's reserving style attribute by its hash (README: "Strict CSP").
 */
export function partnerCsp(embedOrigin: string, reserveStyle: string): string {
  return `default-src 'none'; script-src ${embedOrigin}; connect-src ${embedOrigin}; img-src https:; style-src 'self' 'unsafe-hashes' ${reserveStyle}; base-uri 'none'; form-action 'none'`;
}

/** /stats: our stylesheet, its form posting to itself, nothing else (its plot is inline SVG coloured by the sheet). */
export const STATS_CSP = `${BASE.replace("form-action 'none'", "form-action 'self'")}; style-src 'self'; frame-ancestors 'none'`;
