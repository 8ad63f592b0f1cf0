/**
 * The carousel's one link to the network: fetches the headline list when the element nears the viewport,
 * refreshes it while visible, and turns every failure into state, never into an uncaught error on the host page.
 *
 * Requests use `cache: 'no-cache'`: the browser revalidates with the ETag it holds, so unchanged headlines cost a
 * 304 and no CORS preflight (no custom request header). A newer load aborts the older one; a result that arrives
 * for an old URL is dropped.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Headline, HeadlineList, PartnerDefaults, ServerList } from './api-types.ts';
import type { FeedState } from './carousel.template.ts';
import { emit } from './emit.ts';

export type { FeedState };

export interface FeedHost extends ReactiveControllerHost, HTMLElement {
  /** The headlines URL for the current options; undefined when no API origin is known. */
  feedUrl(): string | undefined;
  /** Seconds between refreshes while visible; 0 turns refreshing off. */
  refresh: number;
  /** The most headlines shown, whatever the API sends; unset, the default (or a partner's, from the worker). */
  limit: number | undefined;
  partner: string;
}

/** Headlines shown unless the element says otherwise. */
export const DEFAULT_LIMIT = 6;
/** The API's largest `limit`: what a partner's own default may ask for. */
const LIMIT_MAX = 50;
/** Seconds between refreshes unless the element says otherwise. */
export const DEFAULT_REFRESH = 300;
/** Bounds on `refresh`: a partner page cannot make readers ask more often, nor overflow a timer (a day at most). */
const REFRESH_MIN = 30;
const REFRESH_MAX = 86_400;
/** How close to the viewport the element must come before it fetches anything. */
const NEAR_VIEWPORT = '200px';
/**
 * Milliseconds between polls of GET /v1/version while visible: a 304 of a few hundred bytes, answered from the
 * edge's memory. Only a changed version refetches the list, so breaking news shows within seconds of a push.
 */
const POLL_MS = 4000;
/** A request slower than this counts as failed: the reader sees an error with a retry, not a skeleton forever. */
const TIMEOUT_MS = 10_000;

export class HeadlinesController implements ReactiveController {

  state: FeedState = 'loading';
  items: Headline[] = [];
  /** The newest change among the headlines, from the list itself. */
  updatedAt: string | null = null;
  /** The edge served an old copy (its origin was failing), or our last refresh failed. */
  stale = false;
  /** A known partner's defaults (theme, lang) from the last list, for the options the element leaves unset. */
  defaults: PartnerDefaults | undefined;
  /** The breaking headline announced (carousel.template.ts): set when a new one first appears, cleared when it goes. */
  alert: Headline | undefined;

  readonly #host: FeedHost;
  /** The URL the current items came from: a different one means the options changed. */
  #url: string | undefined;
  #etag: string | null = null;
  #loadedAt = 0;
  #near = false;
  #inFlight: AbortController | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #observer: IntersectionObserver | undefined;
  /** The content version of the list shown (its Khabar-Version), then the last GET /v1/version gave. */
  #version: string | null | undefined;
  /** Breaking headlines seen already: announced once, not on every refresh. */
  readonly #seen = new Set<string>();

  constructor(host: FeedHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#observer = new IntersectionObserver(
      (entries) => {
        this.#near = entries.some((entry) => entry.isIntersecting);
        this.schedule();
      },
      { rootMargin: NEAR_VIEWPORT },
    );
    this.#observer.observe(this.#host);
    document.addEventListener('visibilitychange', this.schedule);
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    document.removeEventListener('visibilitychange', this.schedule);
    clearTimeout(this.#timer);
    // Until the observer says otherwise again: a poll answering after this starts nothing.
    this.#near = false;
    const request = this.#inFlight;
    this.#inFlight = undefined;
    request?.abort();
  }

  /**
   * Loads now if the options changed, else plans the next refresh, and until it is due a version check every
   * POLL_MS; nothing while far away or hidden, nor with refresh off. One timer at a time, none while a list request
   * is in flight.
   */
  schedule = (): void => {
    clearTimeout(this.#timer);
    if (!this.#active()) return;
    // New options load at once, aborting a request for the old ones (whose result would be dropped anyway).
    if (this.#host.feedUrl() !== this.#url || (!this.#inFlight && this.state === 'loading')) return void this.load();
    if (this.#inFlight) return;
    const refresh = this.#host.refresh ?? DEFAULT_REFRESH;
    // 0 is "never"; NaN (not a number) is too, as `every > 0` is false.
    const every = refresh && Math.min(Math.max(refresh, REFRESH_MIN), REFRESH_MAX) * 1000;
    const due = this.#loadedAt + every - Date.now();
    if (every > 0) this.#timer = due > POLL_MS ? setTimeout(this.#check, POLL_MS) : setTimeout(this.load, Math.max(0, due));
  };

  #active(): boolean {
    return this.#near && !document.hidden;
  }

  /** Takes the list a server-rendered carousel was given, as if it had just been fetched for the current options. */
  adopt(list: ServerList): void {
    this.#url = this.#host.feedUrl();
    this.#loadedAt = Date.now();
    this.stale = !!list.stale;
    this.#version = list.version;
    this.#apply(list, list.etag ?? null);
  }

  #apply(list: Partial<HeadlineList>, etag: string | null): void {
    this.items = Array.isArray(list.items) ? list.items.filter(isHeadline).slice(0, this.#host.limit ?? (this.#host.partner ? LIMIT_MAX : DEFAULT_LIMIT)) : [];
    this.updatedAt = list.updatedAt ?? null;
    this.defaults = list.partner;
    this.#etag = etag;
    this.state = list.paused ? 'paused' : this.items.length ? 'ready' : 'empty';
    let fresh: Headline | undefined;
    for (const item of this.items) {
      if (item.breaking && !this.#seen.has(item.slug)) {
        this.#seen.add(item.slug);
        fresh ??= item; // the first new one (the worker puts breaking stories first, newest first)
      }
    }
    // Each breaking headline once: the live region's text changes only when one is new, and empties when the one it
    // names has left the list (taken down, or no longer breaking), so a withdrawn title does not linger there.
    this.alert = fresh ?? this.items.find((item) => item.breaking && item.slug === this.alert?.slug);
    emit(this.#host, 'khabar-load', { count: this.items.length, updatedAt: this.updatedAt, stale: this.stale });
  }

  /**
   * Asks the edge for its content version (GET /v1/version, revalidated: a 304 while unchanged). A version other
   * than the last one seen reloads the list; the first one seen is only remembered. A failed check changes nothing.
   */
  #check = async (): Promise<void> => {
    this.schedule();
    try {
      const response = await fetch(new URL('/v1/version', this.#url), { cache: 'no-cache' });
      const { version } = await response.json();
      if (!response.ok || typeof version != 'string') return;
      const seen = this.#version;
      this.#version = version;
      if (seen && seen != version && this.#active() && !this.#inFlight) this.load();
    } catch {}
  };

  load = async (): Promise<void> => {
    clearTimeout(this.#timer);
    this.#inFlight?.abort();
    const request = (this.#inFlight = new AbortController());
    const url = this.#host.feedUrl();
    if (url !== this.#url || this.state === 'error') {
      this.#url = url;
      this.items = [];
      this.#etag = null;
      this.state = 'loading';
      this.#host.requestUpdate();
    }
    try {
      if (!url) throw null;
      const signal = AbortSignal.any([request.signal, AbortSignal.timeout(TIMEOUT_MS)]);
      const response = await fetch(url, { cache: 'no-cache', signal });
      if (!response.ok) throw response.status;
      // Flag only a copy served because the store failed: `fwd=stale` alone may be a stale copy just refreshed.
      this.stale = /stale-if-error/.test(response.headers.get('cache-status') ?? '');
      const etag = response.headers.get('etag');
      // The version this list was made under: a push after it shows at the next check, however soon.
      this.#version = response.headers.get('khabar-version') ?? this.#version;
      if (!etag || etag !== this.#etag) this.#apply((await response.json()) as Partial<HeadlineList>, etag);
    } catch (failure) {
      if (request !== this.#inFlight) return; // superseded or disconnected: not a failure the reader sees
      // A failed refresh keeps the headlines on screen, marked stale; a failed first load shows the error.
      if (this.items.length) this.stale = true;
      else this.state = 'error';
      emit(this.#host, 'khabar-error', { status: typeof failure === 'number' ? failure : null });
    } finally {
      if (request === this.#inFlight) {
        this.#inFlight = undefined;
        this.#loadedAt = Date.now();
        this.#host.requestUpdate();
        this.schedule();
      }
    }
  };
}

/** Enough of a headline to render a card; the worker validated the rest, and the card tolerates missing parts. */
function isHeadline(value: unknown): value is Headline {
  return typeof (value as Partial<Headline> | null)?.title === 'string';
}
