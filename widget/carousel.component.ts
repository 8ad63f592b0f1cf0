import { LitElement, html, nothing, type TemplateResult } from 'lit';
import type { Headline } from './api-types.ts';
import { AutoplayController, reducedMotion } from './autoplay-controller.ts';
import { styles } from './carousel.styles.ts';
import { emit } from './emit.ts';
import { type Formatter, formatter } from './format.ts';
import { DEFAULT_REFRESH, type FeedState, HeadlinesController } from './headlines-controller.ts';
import { MESSAGES, type Messages, uiLang } from './messages.ts';
import { safeUrl } from './safe-url.ts';

const DEFAULT_LIMIT = 6;
/** Skeleton cards shown while loading: enough to fill the widest layout (three columns). */
const SKELETON_CARDS = 3;

/**
 * A right-to-left-first headline carousel fed by the khabar edge API.
 *
 * @summary Latest headlines as a scroll-snap carousel: keyboard, screen reader and reduced-motion friendly.
 *
 * @attr api - Origin of the khabar worker. Default: the origin `embed.js` was loaded from.
 * @attr {number} limit - How many headlines, 1–50. Default 6.
 * @attr section - Only this section's headlines. Default: all sections.
 * @attr {'light'|'dark'|'auto'} theme - Colour theme; `auto` follows `prefers-color-scheme`. Default `auto`.
 * @attr {number} autoplay - Seconds per slide when rotating by itself; 0 (the default) never rotates.
 * @attr {'arab'|'latn'} digits - Digits for dates and positions: ٣ (`arab`, default) or 3 (`latn`).
 * @attr {number} refresh - Seconds between refreshes while visible (conditional requests). Default 300; 0 never.
 * @attr partner - Your id: links get `utm_source=<partner>&utm_medium=khabar`. Default: links are left as they are.
 * @attr lang - Language of the controls and dates: `ar` (default) or `en`.
 * @attr {'loading'|'ready'|'empty'|'error'} state - Set by the element (read-only): what it shows now.
 *
 * @fires khabar-load - Headlines arrived or changed. `detail: { count, updatedAt, stale }`.
 * @fires khabar-error - Loading failed (the element shows it; nothing is thrown). `detail: { status }` (HTTP status or null).
 * @fires khabar-select - A reader opened a headline. `detail: { slug, url, index }`.
 *
 * @csspart base - The wrapper carrying font, colours and direction.
 * @csspart controls - The bar with the rotation button, freshness status and previous/next buttons.
 * @csspart status - Freshness («حُدّث قبل ٣ دقائق»), or the stale, empty or error message.
 * @csspart button - Every button.
 * @csspart rotation - The stop/start rotation button (only with `autoplay`).
 * @csspart prev - The previous-headline button.
 * @csspart next - The next-headline button.
 * @csspart retry - The retry button of the error state.
 * @csspart track - The scrolling row of slides.
 * @csspart card - A headline's link.
 * @csspart image - Its picture.
 * @csspart title - Its title.
 * @csspart meta - Its source and date.
 * @csspart skeleton - A placeholder card while loading.
 *
 * @cssprop [--khabar-bg=light-dark(#fff, #14171c)] - Background.
 * @cssprop [--khabar-fg=light-dark(#15171c, #eceef1)] - Text colour.
 * @cssprop [--khabar-muted] - Secondary text (default: the text colour at 75%).
 * @cssprop [--khabar-card-bg] - Card and button background (default: the text colour at 7%).
 * @cssprop [--khabar-radius=.75em] - Corner radius.
 * @cssprop [--khabar-font] - Font family (default: an Arabic system stack).
 * @cssprop [--khabar-font-size=16px] - Base size; everything scales with it.
 */
export class KhabarCarousel extends LitElement {
  static override styles = styles;
  static override properties = {
    api: {},
    limit: { type: Number },
    section: {},
    theme: {},
    autoplay: { type: Number },
    digits: {},
    refresh: { type: Number },
    partner: {},
    state: { reflect: true },
  };
  /** Where hand-placed elements fetch from when they have no `api`: set by `embed.js` to its own origin. */
  static defaultApi = '';

  declare api: string;
  declare limit: number;
  declare section: string;
  declare theme: 'light' | 'dark' | 'auto';
  declare autoplay: number;
  declare digits: 'arab' | 'latn';
  declare refresh: number;
  declare partner: string;
  declare state: FeedState;

  readonly #feed = new HeadlinesController(this);
  readonly #rotation = new AutoplayController(this, () => this.#step(1));

  constructor() {
    super();
    // Defaults here, not as class fields: a field would shadow Lit's reactive accessor (PLATFORM-NOTES).
    this.api = '';
    this.limit = DEFAULT_LIMIT;
    this.section = '';
    this.theme = 'auto';
    this.autoplay = 0;
    this.digits = 'arab';
    this.refresh = DEFAULT_REFRESH;
    this.partner = '';
    this.state = 'loading';
  }

  feedUrl(): string | undefined {
    try {
      const url = new URL('/v1/headlines', this.api || KhabarCarousel.defaultApi);
      // Not clamped here: an out-of-range limit gets the API's 400, shown as an error and a khabar-error event.
      // A removed attribute leaves null: the default again.
      url.searchParams.set('limit', String(this.limit ?? DEFAULT_LIMIT));
      if (this.section) url.searchParams.set('section', this.section);
      return url.href;
    } catch {
      return undefined;
    }
  }

  /**
   * Before each render: both calls are idempotent (each compares what it needs, feed URL or rotation period, and
   * acts only on a change), and a load they start resets the feed in time for this render, not the next.
   */
  protected override willUpdate(): void {
    this.#feed.schedule();
    this.#rotation.sync();
    this.state = this.#feed.state;
  }

  protected override render(): TemplateResult {
    const lang = uiLang(this.lang);
    const words = MESSAGES[lang];
    const feed = this.#feed;
    const format = formatter(lang, this.digits === 'latn' ? 'latn' : 'arab', words);
    const rtl = this.#isRtl();
    // Arrows point the way the slides move: chosen for the feed's direction and shown in left-to-right buttons
    // (styles), so they never depend on how a browser applies bidi mirroring to ‹ and ›.
    const [back, on] = rtl ? '›‹' : '‹›';
    return html`<div part="base" class="root ${this.theme}" dir=${rtl ? 'rtl' : 'ltr'} lang=${lang}>
      <section aria-roledescription="carousel" aria-label=${words.label}>
        <div part="controls" class="bar">
          ${this.autoplay > 0
            ? html`<button part="button rotation" aria-label=${this.#rotation.playing ? words.stop : words.start} @click=${() => this.#rotation.toggle()}>
                ${this.#rotation.playing ? '❚❚' : '▶\uFE0E' /* text glyphs, not an icon font; U+FE0E: never an emoji */}
              </button>`
            : nothing}
          <span part="status" class="status">${this.#statusText(words, format)}</span>
          <button part="button prev" aria-label=${words.prev} @click=${() => this.#step(-1)}>${back}</button>
          <button part="button next" aria-label=${words.next} @click=${() => this.#step(1)}>${on}</button>
        </div>
        ${feed.state === 'ready' || feed.state === 'loading' ? this.#renderTrack(format) : this.#renderPanel(words)}
      </section>
    </div>`;
  }

  #renderTrack(format: Formatter): TemplateResult {
    const items = this.#feed.items;
    const slides = items.length
      ? items.map((headline, index) => this.#renderSlide(headline, index, format))
      : [...Array(SKELETON_CARDS)].map(() => html`<div class="slide"><div part="skeleton" class="card sk"><span></span></div></div>`);
    // Only new slides are news: a refresh re-renders relative times («قبل ٣ دقائق») in place, and those changes
    // must not be read out (aria-relevant is honoured unevenly by screen readers, but never harms).
    return html`<div part="track" class="track" aria-live=${this.#rotation.playing ? 'off' : 'polite'} aria-relevant="additions" @keydown=${this.#onKey}>${slides}</div>`;
  }

  #renderSlide(headline: Headline, index: number, format: Formatter): TemplateResult {
    const href = safeUrl(headline.url, this.partner);
    const src = headline.image && safeUrl(headline.image.src);
    const body = html`<div class="top">
        <span part="title" class="title" id="t${index}" dir="auto" lang=${headline.lang || nothing}>${headline.title}</span>
        ${src
          ? html`<img part="image" src=${src} alt=${headline.caption ?? headline.image?.alt ?? ''} width=${headline.image?.width ?? nothing} height=${headline.image?.height ?? nothing} loading="lazy" />`
          : nothing}
      </div>
      <span part="meta" class="meta">${headline.source} · <time datetime=${headline.publishedAt}>${format.ago(headline.publishedAt)}</time></span>`;
    return html`<div class="slide" role="group" aria-roledescription="slide" aria-labelledby="t${index} p${index}">
      ${href
        ? html`<a part="card" class="card" href=${href} @click=${() => this.#select(headline, href, index)}>${body}</a>`
        : html`<div part="card" class="card">${body}</div>`}
      <span hidden id="p${index}">${format.position(index, this.#feed.items.length)}</span>
    </div>`;
  }

  #renderPanel(words: Messages): TemplateResult {
    return this.#feed.state === 'error'
      ? html`<div class="panel"><span>${words.error}</span><button part="button retry" @click=${this.#feed.load}>${words.retry}</button></div>`
      : html`<div class="panel"><span>${words.empty}</span></div>`;
  }

  #statusText(words: Messages, format: Formatter): string {
    const { state, stale, updatedAt } = this.#feed;
    // While loading, the skeleton says it all (it has no text: nothing to announce yet).
    if (state === 'loading') return '';
    if (state !== 'ready') return words[state];
    return stale ? words.stale : updatedAt ? `${words.updated} ${format.ago(updatedAt)}` : '';
  }

  #select(headline: Headline, url: string, index: number): void {
    emit(this, 'khabar-select', { slug: headline.slug, url, index });
  }

  /**
   * Arrow keys follow what the reader sees: in right-to-left, ArrowLeft goes to the next headline. Focusing a card
   * scrolls it into view (and scroll-snap aligns it), so keys need no scrolling of their own.
   */
  readonly #onKey = (event: KeyboardEvent): void => {
    const cards = [...this.renderRoot.querySelectorAll<HTMLElement>('a[part~=card]')];
    const from = cards.indexOf(event.target as HTMLElement);
    const forward = this.#isRtl() ? 'ArrowLeft' : 'ArrowRight';
    const backward = this.#isRtl() ? 'ArrowRight' : 'ArrowLeft';
    const to = { [forward]: from + 1, [backward]: from - 1, Home: 0, End: cards.length - 1 }[event.key];
    if (to === undefined || from < 0) return;
    event.preventDefault();
    cards[to]?.focus();
  };

  /** One slide on (or back), wrapping around: from the last slide in view "next" goes to the first. */
  #step(by: 1 | -1): void {
    const track = this.renderRoot.querySelector('.track');
    const slides = [...this.renderRoot.querySelectorAll('[role=group]')];
    if (!track || slides.length < 2) return;
    const t = track.getBoundingClientRect();
    const rects = slides.map((slide) => slide.getBoundingClientRect());
    // In view: its middle is inside the track. Measured when asked, not tracked: nothing to keep in sync.
    const inView = rects.map(({ left, right }) => (left + right) / 2 > t.left && (left + right) / 2 < t.right);
    const first = inView.indexOf(true);
    const end = slides.length - 1;
    const to = rects[by > 0 ? (inView[end] ? 0 : first + 1) : first <= 0 ? end : first - 1]!;
    // Offsets from rectangles, so the sign convention of scrollLeft in right-to-left does not matter.
    const behavior = reducedMotion.matches ? 'instant' : 'smooth';
    track.scrollBy({ left: this.#isRtl() ? to.right - t.right : to.left - t.left, behavior });
  }

  /** The feed's direction (its first headline's), or the UI language's before headlines arrive. */
  #isRtl(): boolean {
    return (this.#feed.items[0]?.dir ?? (uiLang(this.lang) === 'ar' ? 'rtl' : 'ltr')) === 'rtl';
  }
}
