/**
 * What an article's URL may be. Browsers read a URL through the WHATWG URL parser, which silently drops tabs
 * and line breaks, reads `\` as `/`, skips extra slashes after `https:` and ignores invisible characters in
 * host names: a link written `https://evil.example\@good.example/` goes to evil.example. Those are refused,
 * so what an editor reads is where the link goes; the rest is stored as the parser serializes it
 * (`new URL(x).href`: percent-encoded, host lowercased or punycode), so every consumer of the JSON API gets
 * the same clean URL.
 */

const SCHEME = 'https://';

/** Why this URL is refused, or undefined when it is an acceptable absolute https: URL. */
export function urlProblem(value: string): string | undefined {
  if (!value.startsWith(SCHEME)) return `must be an absolute https: URL (got ${JSON.stringify(shorten(value))})`;
  const hidden = /[\t\n\r]|[\u0000-\u001F\u007F-\u009F]|[\p{Default_Ignorable_Code_Point}]|\\/u.exec(value)?.[0];
  if (hidden !== undefined) {
    return `must not contain ${describe(hidden)}: browsers drop or reinterpret it, so the link would not go where it reads`;
  }
  if (value[SCHEME.length] === '/') return 'must name its host right after "https://" (browsers skip extra slashes)';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `must be an absolute https: URL (got ${JSON.stringify(shorten(value))})`;
  }
  if (url.protocol !== 'https:' || url.hostname === '') return `must be an absolute https: URL (got ${JSON.stringify(shorten(value))})`;
  if (url.username !== '' || url.password !== '') return 'must not carry a user name or password before the host';
  return undefined;
}

function describe(char: string): string {
  if (char === '\\') return 'a backslash';
  if (char === '\t' || char === '\n' || char === '\r') return 'a tab or line break';
  const code = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return /\p{Cc}/u.test(char) ? `a control character (${code})` : `an invisible character (${code})`;
}

/** Messages quote what was written, but never a whole oversized value. */
function shorten(value: string): string {
  return value.length > 200 ? `${value.slice(0, 200)}…` : value;
}
