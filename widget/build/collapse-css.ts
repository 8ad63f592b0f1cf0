/**
 * Collapses a stylesheet's comments and whitespace. Used on the embed's styles by the build's template minifier, and
 * by the worker on the same text before it puts it in server-rendered carousels (and hashes it for their CSP).
 */
export function collapseCss(text: string): string {
  // No space is needed around these; before a colon it would be a descendant combinator, so it stays.
  return text
    .replace(/\/\*[^]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,>]) ?/g, '$1')
    .replace(/: /g, ':')
    .replace(/ !important/g, '!important')
    .replace(/;}/g, '}')
    .trim();
}
