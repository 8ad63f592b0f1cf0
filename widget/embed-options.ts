/**
 * The embed's options, once: the names embed.ts passes on from `data-*` attributes, and for each one its
 * default and allowed values, which the configurator page, the snippet it shows and the README table follow.
 * embed.ts imports only `OPTION_NAMES`; the bundler leaves the rest out of partners' downloads.
 */
import { MESSAGES, uiLang } from './messages.ts';

/** Every `data-*` option the embed passes on to its carousel, in the order a snippet lists them. */
export const OPTION_NAMES = ['api', 'limit', 'section', 'theme', 'autoplay', 'digits', 'refresh', 'partner', 'lang', 'analytics'] as const;
export type OptionName = (typeof OPTION_NAMES)[number];

/** What the configurator offers; `api` is not offered: a snippet takes it from its own `src`. */
export type ConfigurableOption = Exclude<OptionName, 'api'>;
export type EmbedOptions = Partial<Record<ConfigurableOption, string>>;

interface OptionRule {
  default: string;
  /** The values allowed, when they are a fixed set. */
  choices?: readonly string[];
  /** Otherwise a pattern the whole value must match, and for numbers their range. */
  pattern?: RegExp;
  min?: number;
  max?: number;
  /** One more value allowed outside the range, e.g. 0 for "never". */
  also?: string;
}

const WHOLE_NUMBER = /^\d{1,6}$/;

export const OPTION_RULES: Record<ConfigurableOption, OptionRule> = {
  limit: { default: '6', pattern: WHOLE_NUMBER, min: 1, max: 50 },
  section: { default: '', pattern: /^[a-z0-9]+(?:-[a-z0-9]+)*$/ },
  theme: { default: 'auto', choices: ['auto', 'light', 'dark'] },
  autoplay: { default: '0', pattern: WHOLE_NUMBER, min: 0, max: 3600 },
  digits: { default: 'arab', choices: ['arab', 'latn'] },
  // Under 30 s a carousel would cost its readers an API request every few seconds.
  refresh: { default: '300', pattern: WHOLE_NUMBER, min: 30, max: 86_400, also: '0' },
  partner: { default: '', pattern: /^[A-Za-z0-9._-]{1,64}$/ },
  lang: { default: 'ar', choices: ['ar', 'en'] },
  // Counting for `partner` (impressions and clicks, widget/count.ts); a reader's Global Privacy Control turns it off too.
  analytics: { default: 'on', choices: ['on', 'off'] },
};

// Pure: the embed, which needs only the names, drops this.
export const CONFIGURABLE_OPTIONS = /* @__PURE__ */ OPTION_NAMES.filter((name): name is ConfigurableOption => name !== 'api');

/** Whether `value` is allowed for `name` (the default always is). */
export function isValidOption(name: ConfigurableOption, value: string): boolean {
  const rule = OPTION_RULES[name];
  if (value === rule.default || value === rule.also) return true;
  if (rule.choices) return rule.choices.includes(value);
  if (!rule.pattern?.test(value)) return false;
  const number = Number(value);
  return (rule.min === undefined || number >= rule.min) && (rule.max === undefined || number <= rule.max);
}

/** The valid, non-default options in a query string; anything else is dropped. */
export function readOptions(params: URLSearchParams): EmbedOptions {
  const options: EmbedOptions = {};
  for (const name of CONFIGURABLE_OPTIONS) {
    const value = params.get(name)?.trim();
    if (value !== undefined && value !== OPTION_RULES[name].default && isValidOption(name, value)) options[name] = value;
  }
  return options;
}

/** The same options as a query string (`section=news&limit=4`), in snippet order; empty for all defaults. */
export function optionsQuery(options: EmbedOptions): string {
  const params = new URLSearchParams();
  for (const name of CONFIGURABLE_OPTIONS) {
    const value = options[name];
    if (value !== undefined && value !== OPTION_RULES[name].default) params.set(name, value);
  }
  return params.toString();
}

/**
 * The carousel's height in `em` of its font size (`--khabar-font-size`, 16px by default: 232 px): padding, the
 * control bar and one row of fixed-height cards, whatever the width, `limit` or state. carousel.styles.ts sets
 * those sizes; a Chromium test measures the element against this.
 */
export const CAROUSEL_HEIGHT_EM = 14.5;
export const CAROUSEL_HEIGHT_PX = CAROUSEL_HEIGHT_EM * 16;

/**
 * Reserves the carousel's height before any script runs, so nothing below it moves when it arrives. It follows a
 * `--khabar-font-size` set on an ancestor. Pages whose CSP forbids inline styles drop it (README).
 */
export const RESERVE_STYLE = `display:block;min-height:calc(${CAROUSEL_HEIGHT_EM}*var(--khabar-font-size,16px))`;

/** The embed codes the configurator offers: the script tag, an iframe, or HTML included on the partner's server. */
export const EMBED_CODES = ['script', 'iframe', 'fragment'] as const;
export type EmbedCode = (typeof EMBED_CODES)[number];

/** The one line a partner pastes: defaults are left out, so the snippet keeps following them. */
export function snippetFor(origin: string, options: EmbedOptions): string {
  let attributes = '';
  for (const name of CONFIGURABLE_OPTIONS) {
    const value = options[name];
    if (value !== undefined && value !== OPTION_RULES[name].default) attributes += ` data-${name}="${escapeAttribute(value)}"`;
  }
  return `<script async src="${escapeAttribute(origin)}/embed.js"${attributes} style="${RESERVE_STYLE}"></script>`;
}

/** Where a page's options live on the worker: `/frames/carousel?…` or `/fragments/carousel?…`. */
export function carouselUrl(origin: string, path: '/frames/carousel' | '/fragments/carousel', options: EmbedOptions): string {
  const query = optionsQuery(options);
  return `${origin}${path}${query ? `?${query}` : ''}`;
}

/**
 * The iframe code, for pages whose CSP allows no third-party script: its height is an attribute, not a style, so
 * a CSP without 'unsafe-inline' keeps it. The frame's own page paints headlines server-side.
 */
export function iframeFor(origin: string, options: EmbedOptions): string {
  const src = escapeAttribute(carouselUrl(origin, '/frames/carousel', options));
  const title = MESSAGES[uiLang(options.lang ?? '')].label;
  return `<iframe src="${src}" title="${title}" width="100%" height="${CAROUSEL_HEIGHT_PX}" loading="lazy" frameborder="0"></iframe>`;
}

/** The code a partner copies for each choice; for `fragment`, the URL their server includes. */
export function embedCodeFor(code: EmbedCode, origin: string, options: EmbedOptions): string {
  if (code === 'iframe') return iframeFor(origin, options);
  if (code === 'fragment') return carouselUrl(origin, '/fragments/carousel', options);
  return snippetFor(origin, options);
}

/** The configurator's live frame: the chosen code running as a partner's page would hold it. */
export const EMBED_PREVIEW_PATH = '/preview/embed';

export function embedPreviewPath(code: EmbedCode, query: string): string {
  return `${EMBED_PREVIEW_PATH}?code=${code}${query ? `&${query}` : ''}`;
}

/** The `code` of a configurator URL; the script tag unless another known code is named. */
export function readCode(params: URLSearchParams): EmbedCode {
  const code = params.get('code');
  return (EMBED_CODES as readonly string[]).includes(code ?? '') ? (code as EmbedCode) : 'script';
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
