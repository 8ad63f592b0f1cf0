/**
 * The only way a URL from the feed reaches an `href` or `src`: Lit escapes text, not attribute values, so a
 * `javascript:` URL would run on click. Anything but http(s) is dropped.
 */
export function safeUrl(raw: unknown, partner = ''): string | undefined {
  let url: URL;
  try {
    url = new URL(String(raw));
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (partner) {
    url.searchParams.set('utm_source', partner);
    url.searchParams.set('utm_medium', 'khabar');
  }
  return url.href;
}
