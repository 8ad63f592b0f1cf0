/**
 * The carousel's markup, once, for both places it is rendered: the element renders it with Lit's `html`, and the
 * worker paints the same templates into a declarative shadow root (worker/render/render-template.ts turns them into
 * a string). So nothing here may touch the DOM or run code at import: the worker imports it too. Bindings are Lit's:
 * attributes, text and `@event` listeners (which the server drops: it has no script).
 */
import type { Headline } from './api-types.ts';
import { type Formatter, formatter } from './format.ts';
import { MESSAGES, type Messages, uiLang } from './messages.ts';
import { safeUrl } from './safe-url.ts';

/** What the carousel shows. */
/** `paused`: the partner is paused by the newsroom; the element then shows nothing at all. */
export type FeedState = 'loading' | 'ready' | 'empty' | 'error' | 'paused';


/** Lit's `html` and `nothing`, or the server's stand-ins for them. */
export interface Tags<R> {
  html(strings: TemplateStringsArray, ...values: unknown[]): R;
  nothing: unknown;
}

/** The element's options that the markup depends on (the element itself is one). */
export interface CarouselOptions {
  lang: string;
  theme: string;
  digits: string;
  partner: string;
  autoplay: number;
}

/** What the feed holds (the element's HeadlinesController is one); `load` retries. */
export interface CarouselFeed {
  items: readonly Headline[];
  state: FeedState;
  /** Served from an old copy, or the last refresh failed. */
  stale: boolean;
  updatedAt: string | null;
  /** The breaking headline to announce (once: the element sets it when one first appears); none on the server. */
  alert?: Headline | undefined;
  load?: () => void;
}

/** Whether rotation is running (the element's AutoplayController is one); `toggle` stops or starts it. */
export interface CarouselRotation {
  playing: boolean;
  toggle?: () => void;
}

/**
 * The element's listeners. The server renders no listeners (it drops `@` bindings and never calls these), so it
 * passes none.
 */
export interface CarouselActions {
  step(by: 1 | -1): void;
  select(headline: Headline, url: string, index: number): void;
}

/** The feed's direction (its first headline's), or the UI language's before headlines arrive. */
export function isRtl(items: readonly Headline[], lang: string): boolean {
  return (items[0]?.dir ?? (uiLang(lang) === 'ar' ? 'rtl' : 'ltr')) === 'rtl';
}

export function carouselTemplate<R>(
  { html, nothing }: Tags<R>,
  options: CarouselOptions,
  feed: CarouselFeed,
  rotation: CarouselRotation,
  on: CarouselActions,
): R {
  const { playing } = rotation;
  const lang = uiLang(options.lang);
  // Arabic when the English words could not be loaded (the embed loads them on demand).
  const words = MESSAGES[lang] ?? MESSAGES.ar;
  const format = formatter(lang, options.digits === 'latn' ? 'latn' : 'arab', words);
  const rtl = isRtl(feed.items, options.lang);
  // Arrows point the way the slides move: chosen for the feed's direction and shown in left-to-right buttons
  // (styles), so they never depend on how a browser applies bidi mirroring to ‹ and ›.
  const [back, forth] = rtl ? '›‹' : '‹›';

  const slide = (headline: Headline, index: number): R => {
    const href = safeUrl(headline.url, options.partner);
    const src = headline.image && safeUrl(headline.image.src);
    // The badge is in the card, so it is part of the link's name; in the UI language (the wrapper's lang).
    const body = html`<div class="top">
        ${headline.breaking ? html`<b part="badge" class="badge">${words.breaking}</b>` : nothing}
        <span part="title" class="title" dir="auto" lang=${headline.lang || nothing}>${headline.title}</span>
        ${src
          ? html`<img part="image" src=${src} alt=${headline.caption ?? headline.image?.alt ?? ''} width=${headline.image?.width ?? nothing} height=${headline.image?.height ?? nothing} loading="lazy" />`
          : nothing}
      </div>
      <span part="meta" class="meta">${headline.source} · <time datetime=${headline.publishedAt}>${format.ago(headline.publishedAt)}</time></span>`;
    return html`<div class="slide" role="group" aria-roledescription="slide" aria-label=${format.position(index, feed.items.length)}>
      ${href
        ? html`<a part="card" class="card" href=${href} @click=${() => on.select(headline, href, index)}>${body}</a>`
        : html`<div part="card" class="card">${body}</div>`}
    </div>`;
  };

  const track = (): R => {
    // Three skeleton cards while loading: enough to fill the widest layout (three columns).
    const slides = feed.items.length
      ? feed.items.map(slide)
      : [0, 0, 0].map(() => html`<div class="slide"><div part="skeleton" class="card"></div></div>`);
    // Only new slides are news: a refresh re-renders relative times («قبل ٣ دقائق») in place, and those changes
    // must not be read out (aria-relevant is honoured unevenly by screen readers, but never harms).
    return html`<div part="track" class="track" aria-live=${playing ? 'off' : 'polite'} aria-relevant="additions">${slides}</div>`;
  };

  const panel = (): R =>
    feed.state === 'error'
      ? html`<div class="panel"><span>${words.error}</span><button part="button retry" @click=${feed.load}>${words.retry}</button></div>`
      : html`<div class="panel"><span>${words.empty}</span></div>`;

  return html`<div part="base" class="root ${options.theme}" dir=${rtl ? 'rtl' : 'ltr'} lang=${lang}>
      <section aria-roledescription="carousel" aria-label=${words.label}>
        <div part="controls" class="bar">
          ${options.autoplay > 0
            ? html`<button part="button rotation" aria-label=${playing ? words.stop : words.start} @click=${rotation.toggle}>
                ${playing ? '❚❚' : '▶\uFE0E' /* text glyphs, not an icon font; U+FE0E: never an emoji */}
              </button>`
            : nothing}
          <span part="status" class="status">${statusText(feed, words, format)}</span>
          <button part="button prev" aria-label=${words.prev} @click=${() => on.step(-1)}>${back}</button>
          <button part="button next" aria-label=${words.next} @click=${() => on.step(1)}>${forth}</button>
        </div>
        ${feed.state === 'ready' || feed.state === 'loading' ? track() : panel()}
        <span class="sr" role="status">${feed.alert ? `${words.breaking}: ${feed.alert.title}` : ''}</span>
      </section>
    </div>`;
}

function statusText({ state, stale, updatedAt }: CarouselFeed, words: Messages, format: Formatter): string {
  // While loading, the skeleton says it all (it has no text: nothing to announce yet).
  if (state === 'loading' || state === 'paused') return '';
  if (state !== 'ready') return words[state];
  return stale ? words.stale : updatedAt ? `${words.updated} ${format.ago(updatedAt)}` : '';
}
