/**
 * What a partner's allowed origin may be: what a browser sends in `Origin` (scheme, host, port) and nothing else.
 * An editor writes it as they see it in the address bar; the URL parser makes it canonical (lowercase host,
 * punycode, default port dropped, trailing slash dropped) and anything that is not an origin is refused with why:
 * a path, a query, a user name, a wildcard, another scheme.
 */

/** Longer than any real origin (a host name is at most 253 characters). */
export const ORIGIN_MAX = 300;

/** A host the browser can send: DNS labels (after punycode), an IPv4 address, or a bracketed IPv6 address. */
const HOST = /^(?:(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.?|\[[0-9a-f:.]+\])$/;

/** Why this is not an origin we can match, or undefined when it is one. */
export function originProblem(value: string): string | undefined {
  const example = 'e.g. https://news.example';
  if (!/^https?:\/\//i.test(value)) return `must start with https:// or http:// (${example}; got ${quote(value)})`;
  if (/[\s\\\u0000-\u001F\u007F-\u009F]|[\p{Default_Ignorable_Code_Point}]/u.test(value)) {
    return 'must not contain spaces, backslashes, or control or invisible characters';
  }
  if (value[value.indexOf('//') + 2] === '/') return 'must name its host right after "//"';
  if (value.includes('*')) return 'must name one site: wildcards are not supported, list each origin (at most 20)';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `must be an origin such as https://news.example (got ${quote(value)})`;
  }
  if (url.username !== '' || url.password !== '') return 'must not carry a user name or password';
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || /[?#]/.test(value)) {
    return `must be scheme, host and port only, without a path, query or #fragment: write ${url.origin} (browsers send only that)`;
  }
  if (!HOST.test(url.hostname)) return `must name a host of letters, digits, hyphens and dots (got ${quote(url.hostname)})`;
  return undefined;
}

/** The origin as browsers send it in the `Origin` header. Only for values `originProblem` accepts. */
export function canonicalOrigin(value: string): string {
  return new URL(value).origin;
}

function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}
