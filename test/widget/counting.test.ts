/**
 * Counting for a partner's carousel (issue 14, contract C4, widget/count.ts): an impression once at least half of
 * the carousel has been on screen for one continuous second in a visible tab, a click when a reader opens a
 * headline, each a keepalive `fetch` of a text/plain JSON string to `<api>/v1/events` with nothing but the
 * contract's fields. Seconds pass on a fake clock; beacons are real and read as the scripted API received them.
 * The last tests load the built embed (dist/embed/embed.js) in a frame, to see which files it fetches.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { headlinesFor } from './fixtures.ts';
import { apiFor, cards, emulateTabHidden, fakeClock, MESSAGES, mount, part, place, requestsTo, settled, watchUncaught } from './support.ts';
import type { KhabarCarousel } from '../../widget/khabar-carousel.ts';

const PARTNER = 'acme';
const CAROUSEL_PX = 232;

// Opening a headline would navigate the test page away: the click still happens, and the element still sees it.
const prevent = (event: Event): void => event.preventDefault();
beforeEach(() => document.addEventListener('click', prevent));
afterEach(() => document.removeEventListener('click', prevent));

/** Events as they leave the page (a spy on fetch that calls through: they are really sent), with their bodies. */
function beacons(): string[] {
  const sent: string[] = [];
  const real = window.fetch.bind(window);
  vi.spyOn(window, 'fetch').mockImplementation((input, init) => {
    if (isEvent(input)) sent.push(String(init?.body));
    return real(input, init);
  });
  return sent;
}

function isEvent(input: RequestInfo | URL): boolean {
  return new URL(input instanceof Request ? input.url : String(input), location.href).pathname === '/v1/events';
}

/** A carousel below a spacer, so `share` of its height is inside the viewport. */
async function carouselShowing(share: number, attributes: Record<string, string> = {}): Promise<{ element: KhabarCarousel; api: string; spacer: HTMLElement }> {
  const spacer = place('div', `block-size: ${spacerFor(share)}px`);
  const api = apiFor('arabic');
  const element = mount({ api, partner: PARTNER, refresh: '0', ...attributes });
  await settled(element);
  await viewability(element);
  return { element, api, spacer };
}

/** The spacer's height that leaves `share` of a carousel placed right after it inside the viewport. */
function spacerFor(share: number): number {
  return window.innerHeight - share * CAROUSEL_PX - document.body.getBoundingClientRect().top;
}

/** Resolves once an observer with the counting threshold has reported on the element (count.ts's own, made earlier, too). */
function viewability(element: Element): Promise<number> {
  return new Promise((resolve) => {
    const observer = new IntersectionObserver(
      (entries) => {
        observer.disconnect();
        resolve(entries.at(-1)!.intersectionRatio);
      },
      { threshold: 0.5 },
    );
    observer.observe(element);
  });
}

describe('impressions', () => {
  it('counts nothing after 0.9 s half on screen, then nothing once it scrolled out', async () => {
    fakeClock();
    const sent = beacons();
    const { element, spacer } = await carouselShowing(0.6);
    const shown = await viewability(element);

    await vi.advanceTimersByTimeAsync(900);
    const at900 = sent.length;
    spacer.style.blockSize = `${spacerFor(0.3)}px`;
    const ratio = await viewability(element);
    await vi.advanceTimersByTimeAsync(5000);

    expect(shown).toBeGreaterThan(0.5);
    expect(shown).toBeLessThan(0.7);
    expect(ratio).toBeLessThan(0.5);
    expect(at900).toBe(0);
    expect(sent).toEqual([]);
  });

  it('counts one impression after 1.1 s half on screen, naming the headlines in view, and never a second', async () => {
    fakeClock();
    const sent = beacons();
    const { element, api } = await carouselShowing(0.6);
    const shown = await viewability(element);

    await vi.advanceTimersByTimeAsync(1100);
    await vi.advanceTimersByTimeAsync(60_000);
    await expect.poll(async () => (await requestsTo(api)).events.length).toBe(1);
    const [received] = (await requestsTo(api)).events;
    const body = JSON.parse(received!.body) as { type: string; partner: string; headlines: string[] };

    expect(shown).toBeLessThan(0.7);
    expect(sent).toHaveLength(1);
    expect(Object.keys(body).sort()).toEqual(['headlines', 'partner', 'type']);
    expect(body.type).toBe('impression');
    expect(body.partner).toBe(PARTNER);
    // Three cards fit across the 900 px test page: the newest three.
    expect(body.headlines).toEqual(headlinesFor('arabic', 0)!.items.slice(0, 3).map((item) => item.slug));
    expect(received!.contentType).toBe('text/plain;charset=UTF-8');
    expect(received!.cookie).toBeNull();
    expect(element.getAttribute('state')).toBe('ready');
  });

  it('counts nothing while the tab is hidden, and counts once it has been visible a whole second', async () => {
    fakeClock();
    const sent = beacons();
    await carouselShowing(1);

    // No time has passed on the clock since it was on screen with headlines.
    emulateTabHidden(true);
    await vi.advanceTimersByTimeAsync(5000);
    const whileHidden = sent.length;
    emulateTabHidden(false);
    await vi.advanceTimersByTimeAsync(900);
    const after900 = sent.length;
    await vi.advanceTimersByTimeAsync(200);

    expect(whileHidden).toBe(0);
    expect(after900).toBe(0);
    expect(sent).toHaveLength(1);
  });

  it('starts the second again after the tab was hidden in the middle of it', async () => {
    fakeClock();
    const sent = beacons();
    await carouselShowing(1);

    await vi.advanceTimersByTimeAsync(700);
    emulateTabHidden(true);
    emulateTabHidden(false);
    await vi.advanceTimersByTimeAsync(700);
    const after1400 = sent.length;
    await vi.advanceTimersByTimeAsync(400);

    expect(after1400).toBe(0);
    expect(sent).toHaveLength(1);
  });
});

describe('clicks', () => {
  it('counts one click with the headline opened, and only the contract fields', async () => {
    const api = apiFor('arabic');
    // Below the fold: no impression, so the only event is the click.
    place('div', `block-size: ${window.innerHeight + 100}px`);
    const element = mount({ api, partner: PARTNER, refresh: '0' });
    element.scrollIntoView({ block: 'start' });
    await settled(element);
    window.scrollTo(0, 0);
    const sent = beacons();

    element.scrollIntoView();
    await userEvent.click(cards(element)[1]!);
    await expect.poll(async () => (await requestsTo(api)).events.some((event) => event.body.includes('"click"'))).toBe(true);
    const clicks = (await requestsTo(api)).events.filter((event) => event.body.includes('"click"'));

    expect(sent.filter((body) => body.includes('"click"'))).toHaveLength(1);
    expect(clicks.map((event) => JSON.parse(event.body))).toEqual([
      { type: 'click', partner: PARTNER, headline: headlinesFor('arabic', 0)!.items[1]!.slug },
    ]);
  });
});

describe('turned off', () => {
  it('sends nothing with analytics="off", nor without a partner, and the carousel works as ever', async () => {
    fakeClock();
    const sent = beacons();
    const { element } = await carouselShowing(1, { analytics: 'off' });
    const plain = mount({ api: apiFor('arabic'), refresh: '0' });
    await settled(plain);

    await vi.advanceTimersByTimeAsync(5000);
    await userEvent.click(cards(element)[0]!);

    expect(sent).toEqual([]);
    expect(element.getAttribute('state')).toBe('ready');
  });

  it('an event the page refuses (CSP connect-src) costs the count, not the carousel: nothing uncaught', async () => {
    fakeClock();
    const uncaught = watchUncaught();
    const real = window.fetch.bind(window);
    vi.spyOn(window, 'fetch').mockImplementation((input, init) =>
      isEvent(input) ? Promise.reject(new TypeError('Failed to fetch (refused by the page\'s Content Security Policy)')) : real(input, init),
    );
    const { element } = await carouselShowing(1);

    await vi.advanceTimersByTimeAsync(1100);
    await vi.advanceTimersByTimeAsync(0);
    uncaught.stop();

    expect(uncaught.errors).toEqual([]);
    expect(element.getAttribute('state')).toBe('ready');
    expect(cards(element)).toHaveLength(6);
  });
});

/**
 * The built embed in a frame of this origin (srcdoc), loaded from the scripted API's origin as a partner page
 * loads it from the worker; `before` runs in the frame first (e.g. a reader's Global Privacy Control).
 */
async function embedFrame(api: string, attributes: string, before = ''): Promise<HTMLIFrameElement> {
  const frame = place('iframe', 'inline-size: 900px; block-size: 300px; border: 0');
  frame.srcdoc = `<!doctype html><body><script>${before}</script><script async src="${api}/embed.js" ${attributes}></script>`;
  await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  await expect.poll(() => frame.contentDocument?.querySelector('khabar-carousel')?.getAttribute('state'), { timeout: 8000 }).toBe('ready');
  return frame;
}

const countFiles = async (api: string): Promise<string[]> => (await requestsTo(api)).files.filter((path) => path.startsWith('/embed/count-'));

describe('the embed loads its counting file', () => {
  it('for a partner, from the API origin', async () => {
    const api = apiFor('arabic');
    await embedFrame(api, `data-partner="${PARTNER}" data-refresh="0"`);

    await expect.poll(() => countFiles(api)).toHaveLength(1);
  });

  it.each([
    ['data-analytics="off"', `data-partner="${PARTNER}" data-analytics="off"`, ''],
    ['Global Privacy Control', `data-partner="${PARTNER}"`, "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true })"],
    ['no partner', '', ''],
  ])('not with %s', async (_, attributes, before) => {
    const api = apiFor('arabic');
    await embedFrame(api, `${attributes} data-refresh="0"`, before);
    // The list was asked for and answered: an import the element decided on in the same update was sent before it.
    const files = (await requestsTo(api)).files;

    expect(files).toContain('/embed.js');
    expect(await countFiles(api)).toEqual([]);
  });
});

describe('partner', () => {
  it('is sent with the list request', async () => {
    const api = apiFor('arabic');
    const element = mount({ api, partner: PARTNER, analytics: 'off' });
    await settled(element);

    expect(new URLSearchParams((await requestsTo(api)).lastSearch!).get('partner')).toBe(PARTNER);
  });

  it("leaves limit to the partner's record when the element sets none, and says it when it does", async () => {
    const unsetApi = apiFor('arabic');
    const ownApi = apiFor('arabic');
    const unset = mount({ api: unsetApi, partner: PARTNER, analytics: 'off' });
    const own = mount({ api: ownApi, partner: PARTNER, analytics: 'off', limit: '3' });
    await settled(unset);
    await settled(own);

    expect(new URLSearchParams((await requestsTo(unsetApi)).lastSearch!).has('limit')).toBe(false);
    expect(new URLSearchParams((await requestsTo(ownApi)).lastSearch!).get('limit')).toBe('3');
    expect(cards(own)).toHaveLength(3);
  });

  it("a paused partner's carousel shows nothing and takes no space", async () => {
    const element = mount({ api: apiFor('paused'), partner: PARTNER, analytics: 'off' });
    await settled(element, 'paused');

    expect(getComputedStyle(element).display).toBe('none');
    expect(element.getBoundingClientRect().height).toBe(0);
  });

  it("defaults from the partner's record (theme, lang) apply where the element's own attributes are unset", async () => {
    const unset = mount({ api: apiFor('partner-defaults'), partner: PARTNER, analytics: 'off' });
    const own = mount({ api: apiFor('partner-defaults'), partner: PARTNER, analytics: 'off', theme: 'light', lang: 'ar' });
    await settled(unset);
    await settled(own);
    const base = (element: KhabarCarousel): HTMLElement => part(element, '[part~=base]');

    expect(base(unset).classList.contains('dark')).toBe(true);
    expect(base(unset).lang).toBe('en');
    expect(part(unset, '[part~=next]').getAttribute('aria-label')).toBe(MESSAGES.en.next);
    expect(base(own).classList.contains('light')).toBe(true);
    expect(base(own).lang).toBe('ar');
    expect(part(own, '[part~=next]').getAttribute('aria-label')).toBe(MESSAGES.ar.next);
  });
});
