/**
 * Arrangement shared by the widget tests: mount a real `<khabar-carousel>` against the scripted API, find
 * its parts the way the contract names them, and read what a reader would see (which slides are in view,
 * what a label says, what colour a background is). Nothing here stands in for the element.
 */
import { afterEach, expect, inject, vi } from 'vitest';
import { commands, userEvent } from 'vitest/browser';
import '../../widget/khabar-carousel.ts';
import type { KhabarCarousel } from '../../widget/khabar-carousel.ts';
import './context.ts';
import type { RequestCount, Scenario } from './fixtures.ts';

export { MESSAGES } from '../../widget/messages.ts';

/** Origin of the scripted headline API that the global setup started. */
export const API_ORIGIN = inject('headlineApi');

/**
 * A fresh API origin for one scenario, `http://<scenario>--<run>.localhost:<port>`: its own counters, ETags
 * and first-request state, and its own HTTP cache entries in the browser.
 */
export function apiFor(scenario: Scenario): string {
  const run = crypto.randomUUID().replaceAll('-', '').slice(0, 16);
  return `http://${scenario}--${run}.localhost:${new URL(API_ORIGIN).port}`;
}

/** What the scripted API saw of the element's requests to this base URL. */
export async function requestsTo(api: string): Promise<RequestCount> {
  const response = await fetch(`${api}/_count`);
  return (await response.json()) as RequestCount;
}

const mounted = new Set<Element>();

export interface MountOptions {
  /** Where to put it: default a new `<div>` at the end of `<body>`. */
  parent?: Element;
}

/** A `<khabar-carousel>` with these attributes, in the document. Removed after the test. */
export function mount(attributes: Record<string, string>, options: MountOptions = {}): KhabarCarousel {
  const element = document.createElement('khabar-carousel');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  let parent = options.parent;
  if (!parent) {
    parent = document.createElement('div');
    document.body.append(parent);
    mounted.add(parent);
  }
  parent.append(element);
  mounted.add(element);
  return element;
}

/** Any other element of the test page (a spacer, a paragraph): removed after the test. */
export function place<K extends keyof HTMLElementTagNameMap>(tag: K, style = '', parent: Element = document.body): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  element.setAttribute('style', style);
  parent.append(element);
  mounted.add(element);
  return element;
}

afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  for (const element of mounted) element.remove();
  mounted.clear();
  (document.activeElement as HTMLElement | null)?.blur?.();
  window.scrollTo(0, 0);
  if (Object.hasOwn(document, 'hidden')) emulateTabHidden(false);
  await commands.emulateMedia({ reducedMotion: null, colorScheme: null });
});

/** Waits until the element's `state` attribute reads `state` (the API may be slow on purpose). */
export async function settled(element: KhabarCarousel, state: 'loading' | 'ready' | 'empty' | 'error' | 'paused' = 'ready'): Promise<void> {
  await expect.poll(() => element.getAttribute('state'), { timeout: 4000 }).toBe(state);
  await element.updateComplete;
}

function root(element: KhabarCarousel): ShadowRoot {
  const shadow = element.shadowRoot;
  if (!shadow) throw new Error('<khabar-carousel> has no open shadow root');
  return shadow;
}

/** One part of the element's shadow tree, by its contract selector; fails the test when it is missing. */
export function part<T extends Element = HTMLElement>(element: KhabarCarousel, selector: string): T {
  const found = root(element).querySelector<T & Element>(selector);
  if (!found) throw new Error(`<khabar-carousel> has no ${selector}`);
  return found;
}

export function maybePart<T extends Element = HTMLElement>(element: KhabarCarousel, selector: string): T | null {
  return root(element).querySelector<T & Element>(selector);
}

export function allParts<T extends Element = HTMLElement>(element: KhabarCarousel, selector: string): T[] {
  return [...root(element).querySelectorAll<T & Element>(selector)];
}

export const SLIDE = '[role=group][aria-roledescription=slide]';
/** The carousel itself: a `<section>` whose label makes it a region (its implicit role: no `role` attribute). */
export const CAROUSEL = 'section[aria-roledescription=carousel]';

export const slides = (element: KhabarCarousel): HTMLElement[] => allParts(element, SLIDE);
export const cards = (element: KhabarCarousel): HTMLElement[] => allParts(element, '[part~=card]');
export const titles = (element: KhabarCarousel): string[] => allParts(element, '[part~=title]').map((t) => t.textContent ?? '');

/** What the status line says (freshness, stale, empty or error), trimmed. */
export const statusOf = (element: KhabarCarousel): string => part(element, '[part~=status]').textContent?.trim() ?? '';

/** The element focused inside the carousel's shadow root, or null when focus is elsewhere. */
export function focusedInside(element: KhabarCarousel): Element | null {
  return document.activeElement === element ? root(element).activeElement : null;
}

/**
 * Indexes of the slides a reader sees: at least half of the slide inside the track's visible box. Measured,
 * not read from the element's own bookkeeping.
 */
export function slidesInView(element: KhabarCarousel): number[] {
  const track = part(element, '[part~=track]').getBoundingClientRect();
  return slides(element).flatMap((slide, index) => {
    const box = slide.getBoundingClientRect();
    const overlap = Math.min(box.right, track.right) - Math.max(box.left, track.left);
    return box.width > 0 && overlap >= box.width / 2 ? [index] : [];
  });
}

/** The first headline (in reading order) that is in view: where the carousel stands. */
export function position(element: KhabarCarousel): number {
  return slidesInView(element)[0] ?? -1;
}

/**
 * A slide's accessible name: its `aria-label`, its position «٢ من ٦» (the APG carousel pattern; the card inside
 * it is named by its title). With no `aria-labelledby`, `aria-label` is the whole name.
 */
export function slideName(slide: Element): string {
  expect(slide.hasAttribute('aria-labelledby'), 'a slide named by aria-labelledby').toBe(false);
  return slide.getAttribute('aria-label') ?? '';
}

/** The shortest refresh period the element accepts, whatever `refresh` says (widget/headlines-controller.ts). */
export const REFRESH_FLOOR_MS = 30_000;

/**
 * Fakes the clocks the element's timers read (`setTimeout`, `setInterval` and `Date`), so a refresh or rotation
 * period passes when the test says, not in real time on a shared machine. The network, layout, scrolling and Lit's
 * microtasks stay real, and so do `expect.poll`'s own timers. Real clocks return after the test.
 */
export function fakeClock(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
}

/**
 * Lets the element's planned refresh go (with `fakeClock()`): waits until the element has planned it (a timer is
 * pending: the previous answer was handled), then moves the clock `ms` on. (`expect.poll` moves a fake clock by its
 * interval while it waits, so exact gaps are read from `headlineFetches().times`, not from the moves made here.)
 */
export async function nextRefresh(ms = REFRESH_FLOOR_MS): Promise<void> {
  await expect.poll(() => vi.getTimerCount(), { timeout: 4000 }).toBeGreaterThan(0);
  await vi.advanceTimersByTimeAsync(ms);
}

/**
 * The headline requests the page sends to `api`, counted as they leave (a spy on `fetch` that calls through: the
 * requests are real), with the clock's time of each. Synchronous, so "no request" can be read right after a fake
 * clock moved, without a wait. Also the version checks (`GET /v1/version`): `versions` as they leave, and
 * `versionsHandled` once the element has read each answer (its `json()` settled) or the request failed: after
 * that and one frame, whatever the element does with an answer has been done.
 */
export function headlineFetches(api: string): {
  readonly count: number;
  readonly times: number[];
  readonly versions: number;
  readonly versionsHandled: number;
} {
  const real = window.fetch.bind(window);
  const times: number[] = [];
  let versions = 0;
  let versionsHandled = 0;
  vi.spyOn(window, 'fetch').mockImplementation(async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url.startsWith(`${api}/v1/headlines`)) times.push(Date.now());
    if (!url.startsWith(`${api}/v1/version`)) return real(input, init);
    versions += 1;
    let response: Response;
    try {
      response = await real(input, init);
    } catch (failure) {
      versionsHandled += 1;
      throw failure;
    }
    const json = response.json.bind(response);
    response.json = () => json().finally(() => void (versionsHandled += 1));
    return response;
  });
  return {
    get count() {
      return times.length;
    },
    times,
    get versions() {
      return versions;
    },
    get versionsHandled() {
      return versionsHandled;
    },
  };
}

/** The time between each event and the next. */
export const gaps = (times: readonly number[]): number[] => times.slice(1).map((time, index) => time - times[index]!);

/**
 * A fixed wait. Not for "nothing happened" checks, which pass when timers are starved: wait on a signal that
 * would have come after the thing that must not happen (signals.ts).
 */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const nextFrame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));

type Rgba = [r: number, g: number, b: number, a: number];

/** A computed `rgb()`, `rgba()` or `color(srgb …)` value as sRGB channels and alpha, each 0 to 1. */
export function parseColor(color: string): Rgba {
  const numbers = color.match(/-?[\d.]+(?:e-?\d+)?/g)?.map(Number) ?? [];
  if (numbers.length < 3) throw new Error(`cannot read the colour ${color}`);
  const [r, g, b, a = 1] = numbers as [number, number, number, number?];
  return color.startsWith('color(') ? [r, g, b, a] : [r / 255, g / 255, b / 255, a];
}

/** What a reader sees of a translucent colour painted over an opaque one. */
export function over(top: string, below: string): Rgba {
  const [r, g, b, a] = parseColor(top);
  const [R, G, B] = parseColor(below);
  return [r * a + R * (1 - a), g * a + G * (1 - a), b * a + B * (1 - a), 1];
}

/** Relative luminance (WCAG) of a colour, 0 (black) to 1 (white); alpha is ignored (see `over`). */
export function luminance(color: string | Rgba): number {
  const [r, g, b] = (typeof color === 'string' ? parseColor(color) : color).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as Rgba;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The background colour a reader sees behind the whole carousel. */
export const backgroundOf = (element: KhabarCarousel): string => getComputedStyle(part(element, '[part~=base]')).backgroundColor;

/** Records the uncaught errors and unhandled rejections of this window until `stop()`. */
export function watchUncaught(): { errors: unknown[]; stop(): void } {
  const errors: unknown[] = [];
  const onError = (event: ErrorEvent): void => void errors.push(event.error ?? event.message);
  const onRejection = (event: PromiseRejectionEvent): void => void errors.push(event.reason);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return {
    errors,
    stop() {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    },
  };
}

/** Collects the `type` events that reach `document` (they bubble and cross the shadow boundary). */
export function collect<T>(type: string): { details: T[]; events: CustomEvent<T>[]; stop(): void } {
  const events: CustomEvent<T>[] = [];
  const listener = (event: Event): void => void events.push(event as CustomEvent<T>);
  document.addEventListener(type, listener);
  return {
    events,
    get details() {
      return events.map((event) => event.detail);
    },
    stop: () => document.removeEventListener(type, listener),
  };
}

/**
 * Hides or shows the tab. Measured on Chromium 156 headless: bringing another page to the front, opening a
 * tab in the same window, or minimising the window (CDP `Browser.setWindowBounds`) all leave
 * `document.visibilityState` at `visible`, and CDP has no visibility override. So this sets what the page
 * reads (`document.hidden`, `document.visibilityState`) and fires `visibilitychange`, as a tab switch does.
 */
export function emulateTabHidden(hidden: boolean): void {
  if (hidden) {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
  } else {
    delete (document as { hidden?: boolean }).hidden;
    delete (document as { visibilityState?: DocumentVisibilityState }).visibilityState;
  }
  document.dispatchEvent(new Event('visibilitychange'));
}

/**
 * Focuses a button of the host page placed just before the carousel, then presses Tab (a real key press,
 * through Playwright): what is focused then is the first thing in the carousel's tab order.
 */
export async function tabInto(element: KhabarCarousel): Promise<Element | null> {
  const before = document.createElement('button');
  before.textContent = 'before the carousel';
  element.before(before);
  mounted.add(before);
  before.focus();
  await userEvent.tab();
  return focusedInside(element);
}

/** From a button of the host page just after the carousel, Shift+Tab: focus lands on the carousel's last stop. */
export async function tabBackInto(element: KhabarCarousel): Promise<Element | null> {
  const after = document.createElement('button');
  after.textContent = 'after the carousel';
  element.after(after);
  mounted.add(after);
  after.focus();
  await userEvent.tab({ shift: true });
  return focusedInside(element);
}

/** Tabs into the carousel, then on until focus is on what `wanted` accepts; fails after `max` presses. */
export async function tabTo(element: KhabarCarousel, wanted: (focused: Element) => boolean, max = 12): Promise<Element> {
  let focused = await tabInto(element);
  for (let presses = 1; !(focused && wanted(focused)); presses++) {
    if (presses >= max) throw new Error(`Tab never reached the wanted element of <khabar-carousel> in ${max} presses`);
    await userEvent.tab();
    focused = focusedInside(element);
  }
  return focused;
}

/** True for the card (`[part~=card]`) of slide `index`. */
export const cardOf =
  (element: KhabarCarousel, index: number) =>
  (focused: Element): boolean =>
    focused === cards(element)[index];

/** Waits until the track has stopped scrolling (a smooth scroll has ended): the same offset three frames running. */
export async function scrollSettled(element: KhabarCarousel): Promise<void> {
  const track = part(element, '[part~=track]');
  let last = Number.NaN;
  let still = 0;
  for (let frames = 0; frames < 120 && still < 3; frames++) {
    await nextFrame();
    still = track.scrollLeft === last ? still + 1 : 0;
    last = track.scrollLeft;
  }
}

/** Waits until the carousel has come to rest with headline `index` first in view. */
export async function restsAt(element: KhabarCarousel, index: number): Promise<void> {
  await expect.poll(() => position(element)).toBe(index);
  await scrollSettled(element);
  expect(position(element)).toBe(index);
}
