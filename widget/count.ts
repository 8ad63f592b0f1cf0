/**
 * Counting for a partner's carousel (issue 14, contract C4), loaded only where it runs (widget/load-count.ts): the
 * element loads it when `partner` is set, `analytics` is not "off" and the reader sends no Global Privacy Control
 * signal. Two events, each one keepalive `fetch` of a JSON string (text/plain: no CORS preflight), without cookies
 * or Referer, to `<api>/v1/events`:
 * - impression: at least half of the carousel on screen for one continuous second while the tab is visible and
 *   headlines are shown (the IAB/MRC viewability rule), at most once per element and page view, with the slugs of
 *   the headlines in view then;
 * - click: a reader opened a headline (the element's khabar-select), with its slug.
 * Nothing else: no cookie (none sent, none set), no storage, no identifier, no time. A page whose CSP refuses the request loses the count,
 * never the carousel: every send is guarded.
 */
import type { Headline } from './api-types.ts';
import { countingAllowed } from './counting-allowed.ts';

/** What counting needs of the element: its partner and options (attributes), its shadow root. */
export interface Counted extends HTMLElement {
  partner: string;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** One continuous second (IAB/MRC display viewability). */
const VIEWED_MS = 1000;
/** Half of the carousel on screen. */
const VIEWED_SHARE = 0.5;
/** The most headlines an impression names (contract C4; `limit` is at most 50 too). */
const MAX_HEADLINES = 50;

export function count(host: Counted, api: string, feed: { readonly items: readonly Headline[] }): void {
  const url = new URL('/v1/events', api).href;
  let inView = false;
  let counted = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const send = (type: 'impression' | 'click', what: object): void => {
    if (!countingAllowed(host)) return;
    // A keepalive fetch, not sendBeacon: a beacon always carries the reader's cookies for our host and the page's
    // Referer; this outlives the page as a beacon does, with neither. Still text/plain, so no CORS preflight.
    try {
      fetch(url, { method: 'POST', body: JSON.stringify({ type, partner: host.partner, ...what }), keepalive: true, credentials: 'omit', referrerPolicy: 'no-referrer' }).catch(() => {});
    } catch {}
  };

  /** Starts the second while it is viewable, and cancels it the moment it is not. */
  const check = (): void => {
    // Headlines shown: khabar-load comes as they arrive, before the element reflects its state.
    const viewable = inView && !document.hidden && feed.items.length > 0;
    if (!viewable || counted) return void (timer = void clearTimeout(timer));
    timer ??= setTimeout(() => {
      counted = true;
      observer.disconnect();
      document.removeEventListener('visibilitychange', check);
      send('impression', { headlines: headlinesInView(host, feed.items) });
    }, VIEWED_MS);
  };

  const observer = new IntersectionObserver(
    (entries) => {
      inView = entries.at(-1)!.intersectionRatio >= VIEWED_SHARE;
      check();
    },
    { threshold: VIEWED_SHARE },
  );
  observer.observe(host);
  document.addEventListener('visibilitychange', check);
  host.addEventListener('khabar-load', check);
  host.addEventListener('khabar-select', (event) => {
    const slug = (event as CustomEvent<{ slug?: unknown }>).detail?.slug;
    if (typeof slug === 'string') send('click', { headline: slug });
  });
}

/** Slugs of the headlines whose slide has its middle inside the track: what the reader has in front of them. */
function headlinesInView(host: Counted, items: readonly Headline[]): string[] {
  const track = host.renderRoot.querySelector('.track')?.getBoundingClientRect();
  if (!track) return [];
  const slides = [...host.renderRoot.querySelectorAll('[role=group]')];
  return slides
    .flatMap((slide, index) => {
      const { left, right } = slide.getBoundingClientRect();
      const middle = (left + right) / 2;
      const slug = items[index]?.slug;
      return slug && middle > track.left && middle < track.right ? [slug] : [];
    })
    .slice(0, MAX_HEADLINES);
}
