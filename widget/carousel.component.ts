import { LitElement, type PropertyValues, html, nothing, type TemplateResult } from 'lit';
import type { AutoplayController } from './autoplay-controller.ts';
import { countingAllowed } from './counting-allowed.ts';
import { loadCount } from './load-count.ts';
import { loadExtras } from './load-extras.ts';
import { MESSAGES, uiLang } from './messages.ts';
import { reducedMotion } from './reduced-motion.ts';
import { CAROUSEL_CSS } from './carousel.styles.ts';
import { type CarouselActions, carouselTemplate, isRtl } from './carousel.template.ts';
import { emit } from './emit.ts';
import type { ServerList } from './api-types.ts';
import { DEFAULT_LIMIT, DEFAULT_REFRESH, type FeedState, HeadlinesController } from './headlines-controller.ts';

function sheet(text: string): CSSStyleSheet {
  const styles = new CSSStyleSheet();
  styles.replaceSync(text);
  return styles;
}

/**
 * A right-to-left-first headline carousel fed by the khabar edge API.
 *
 * @summary Latest headlines as a scroll-snap carousel: keyboard, screen reader and reduced-motion friendly.
 *
 * @attr api - Origin of the khabar worker. Default: the origin `embed.js` was loaded from.
 * @attr {number} limit - How many headlines, 1–50. Default 6. Never more are shown, whatever the API sends.
 * @attr section - Only this section's headlines. Default: all sections.
 * @attr {'light'|'dark'|'auto'} theme - Colour theme; `auto` follows `prefers-color-scheme`. Default `auto`.
 * @attr {number} autoplay - Seconds per slide when rotating by itself, 1–3600 (smaller values count as 1, larger as
 *   3600); 0 (the default) never rotates.
 * @attr {'arab'|'latn'} digits - Digits for dates and positions: ٣ (`arab`, default) or 3 (`latn`).
 * @attr {number} refresh - Seconds between refreshes while visible (conditional requests), 30–86400 (smaller values
 *   count as 30, larger as 86400). Default 300; 0, or anything that is not a number, never refreshes.
 * @attr partner - Your id: links get `utm_source=<partner>&utm_medium=khabar`. Default: links are left as they are.
 * @attr lang - Language of the controls and dates: `ar` (default) or `en`.
 * @attr {'on'|'off'} analytics - `off`: no impressions or clicks are counted for `partner` (nothing is loaded for it).
 *   Default `on`; a reader's Global Privacy Control signal turns it off too. Unset `theme` and `lang` follow the
 *   partner's record when the API gives them.
 * @attr {'loading'|'ready'|'empty'|'error'|'paused'} state - Set by the element (read-only): what it shows now (`paused`: nothing).
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
 * @csspart badge - The «عاجل»/"Breaking" badge of a breaking headline.
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
  static override styles = sheet(CAROUSEL_CSS);
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
  declare limit: number | undefined;
  declare section: string;
  declare theme: 'light' | 'dark' | 'auto';
  declare autoplay: number;
  declare digits: 'arab' | 'latn';
  declare refresh: number;
  declare partner: string;
  declare state: FeedState;

  readonly #feed = new HeadlinesController(this);
  /** Not rotating until `autoplay` asks for it and the controller has loaded (load-extras.ts). */
  #rotation: Pick<AutoplayController, 'playing'> & Partial<AutoplayController> = { playing: false };
  #extras: Promise<Awaited<ReturnType<typeof loadExtras>> | undefined> | undefined;
  /** What the server painted in the shadow root, until the first render replaces it. */
  #server: ChildNode[] = [];
  /** Counting (widget/count.ts) has been loaded for this element: once is enough. */
  #counting = false;

  constructor() {
    super();
    // Defaults here, not as class fields: a field would shadow Lit's reactive accessor (PLATFORM-NOTES).
    this.api = '';
    this.section = '';
    this.theme = 'auto';
    this.autoplay = 0;
    this.digits = 'arab';
    this.refresh = DEFAULT_REFRESH;
    this.partner = '';
    this.state = 'loading';
    // On the host, where the shadow tree's key events arrive (composed), not on a rendered node.
    this.addEventListener('keydown', this.#onKey);
  }

  feedUrl(): string | undefined {
    try {
      const url = new URL('/v1/headlines', this.api || KhabarCarousel.defaultApi);
      // Not clamped here: an out-of-range limit gets the API's 400, shown as an error and a khabar-error event.
      // A removed attribute leaves null: the default again.
      // Unset, a partner's carousel leaves it to the partner's record (the worker applies its default).
      if (this.limit != null || !this.partner) url.searchParams.set('limit', String(this.limit ?? DEFAULT_LIMIT));
      if (this.section) url.searchParams.set('section', this.section);
      // The worker applies the partner's section and limit defaults, and answers a paused partner with no headlines.
      if (this.partner) url.searchParams.set('partner', this.partner);
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
    this.state = this.#feed.state;
    // Counting is loaded only for a partner's carousel whose page and reader allow it (count.ts says what is sent).
    const api = this.api || KhabarCarousel.defaultApi;
    if (!this.#counting && api && countingAllowed(this)) {
      this.#counting = true;
      loadCount(api)
        .then((counting) => counting.count(this, api, this.#feed))
        .catch(() => {});
    }
  }

  /** An option as the element's own attribute gives it, else as the partner's record does (theme, lang), else its default. */
  #option(name: 'theme' | 'lang'): string {
    return this.getAttribute(name) ?? this.#feed.defaults?.[name] ?? this[name];
  }

  /**
   * A carousel that rotates, or speaks English, waits for the extras file (load-extras.ts) before it renders, so the
   * rotation button never shows a state the controller would then flip and no word is missing. If it cannot load,
   * the carousel renders without rotation, in Arabic; a server-rendered one stays on screen meanwhile.
   */
  protected override async scheduleUpdate(): Promise<void> {
    if (this.autoplay > 0 || (uiLang(this.#option('lang')) === 'en' && !MESSAGES.en)) {
      const extras = await (this.#extras ??= loadExtras(this.api || KhabarCarousel.defaultApi).catch(() => undefined));
      if (extras) {
        MESSAGES.en ??= extras.EN;
        if (this.autoplay > 0 && !this.#rotation.toggle) this.#rotation = new extras.AutoplayController(this, () => this.#step(1));
      }
    }
    super.scheduleUpdate();
  }

  /** A server-rendered carousel (declarative shadow DOM) is taken over: its list is adopted, not fetched again. */
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = this.shadowRoot;
    const data = root?.querySelector('script');
    if (data) this.#feed.adopt(JSON.parse(data.textContent!) as ServerList);
    if (root) this.#server = [...root.childNodes];
    return super.createRenderRoot();
  }

  /**
   * The server's nodes stay on screen until the element has rendered the same markup (carousel.template.ts) in
   * front of them (LitElement renders before the root's first child), then go, before the next paint: nothing is
   * blank in between, even while a rotating carousel waits for its autoplay file.
   */
  protected override update(changed: PropertyValues): void {
    super.update(changed);
    for (const node of this.#server.splice(0)) node.remove();
  }

  protected override render(): TemplateResult {
    const options = { lang: this.#option('lang'), theme: this.#option('theme'), digits: this.digits, partner: this.partner, autoplay: this.autoplay };
    return carouselTemplate({ html, nothing }, options, this.#feed, this.#rotation, this.#actions);
  }

  readonly #actions: CarouselActions = {
    step: (by) => this.#step(by),
    select: (headline, url, index) => emit(this, 'khabar-select', { slug: headline.slug, url, index }),
  };

  /**
   * Arrow keys follow what the reader sees: in right-to-left, ArrowLeft goes to the next headline. Focus moves
   * without the browser's own scrolling, which scroll-snap then fights (at 375 px a focused card stayed a third
   * visible); a card cut by the track's edge is aligned to its start instead, a snap position that snapping keeps.
   * Tab and Shift+Tab between cards too: the browser's focus scrolling cut every other card at 320 and 375 px.
   * Tab from the last card (or Shift+Tab from the first) is left to the browser: focus leaves the carousel.
   */
  readonly #onKey = (event: KeyboardEvent): void => {
    const cards = [...this.renderRoot.querySelectorAll<HTMLElement>('a[part~=card]')];
    const from = cards.indexOf(event.composedPath()[0] as HTMLElement);
    const rtl = this.#isRtl();
    const card = cards[{ [rtl ? 'ArrowLeft' : 'ArrowRight']: from + 1, [rtl ? 'ArrowRight' : 'ArrowLeft']: from - 1, Tab: event.shiftKey ? from - 1 : from + 1, Home: 0, End: cards.length - 1 }[event.key]!];
    const track = this.renderRoot.querySelector('.track');
    if (!card || from < 0 || !track) return;
    event.preventDefault();
    card.focus({ preventScroll: true });
    const t = track.getBoundingClientRect();
    const slide = card.parentElement!.getBoundingClientRect();
    if (slide.left < t.left - 1 || slide.right > t.right + 1) this.#scrollTo(track, slide);
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
    this.#scrollTo(track, rects[by > 0 ? (inView[end] ? 0 : first + 1) : first <= 0 ? end : first - 1]!);
  }

  /** Scrolls the track so this slide starts at its start edge. Offsets from rectangles, so the sign convention of scrollLeft in right-to-left does not matter. */
  #scrollTo(track: Element, to: DOMRect): void {
    const t = track.getBoundingClientRect();
    track.scrollBy({ left: this.#isRtl() ? to.right - t.right : to.left - t.left, behavior: reducedMotion.matches ? 'instant' : 'smooth' });
  }

  #isRtl(): boolean {
    return isRtl(this.#feed.items, this.#option('lang'));
  }
}
