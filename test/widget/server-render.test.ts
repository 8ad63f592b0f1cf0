/**
 * One template, proved in Chromium: the carousel the worker renders (worker/render/carousel-html.ts, which runs
 * here too) and the carousel the element renders are the same DOM, in every state (ready, empty, stale, error),
 * both directions and both themes. The server's markup is parsed under another tag name, so no element touches it;
 * the element either takes the same markup over (ready, empty, stale) or loads from a failing API (error).
 * Then what the takeover costs: no request, one khabar-load, and nothing re-rendered by a refresh that finds the
 * list unchanged. And the widget's hostile headlines, rendered by the server: shown as text, nothing injected.
 */
import { describe, expect, it } from 'vitest';
import type { HeadlineList } from '../../content/schema.ts';
import type { EmbedOptions } from '../../widget/embed-options.ts';
import type { KhabarCarousel } from '../../widget/khabar-carousel.ts';
import { renderCarousel } from '../../worker/render/carousel-html.ts';
import { HOSTILE_URLS, headlinesFor, type Scenario, XSS_TITLE } from './fixtures.ts';
import { apiFor, collect, fakeClock, MESSAGES, mount, nextRefresh, place, requestsTo, settled, titles } from './support.ts';

const DAY_MS = 86_400_000;

/**
 * A scenario's list as the API would serve it ten days ago: every date is days old, so relative times («قبل ١٠
 * أيام») read the same in both renders, however slow the machine.
 */
function oldList(scenario: Scenario): HeadlineList {
  return headlinesFor(scenario, Date.now() - 10 * DAY_MS)!;
}

/** The server's carousel as a page holding it would parse it, under a tag no script defines: the server's DOM, untouched. */
function serverDom(html: string): ShadowRoot {
  const holder = place('div');
  holder.setHTMLUnsafe(html.replace(/^<khabar-carousel\b/, '<server-carousel').replace(/<\/khabar-carousel>$/, '</server-carousel>'));
  const host = holder.querySelector('server-carousel');
  if (!host?.shadowRoot) throw new Error(`no declarative shadow root in ${html.slice(0, 80)}…`);
  return host.shadowRoot;
}

/** The same markup under the real tag: the element is upgraded on insertion and takes the carousel over. */
async function takeOver(html: string): Promise<KhabarCarousel> {
  const holder = place('div');
  holder.setHTMLUnsafe(html);
  const element = holder.querySelector('khabar-carousel');
  if (!element) throw new Error('no <khabar-carousel> in the markup');
  await element.updateComplete;
  return element;
}

/**
 * A shadow tree as a reader and the accessibility tree get it: elements with their attributes (sorted) and text.
 * Dropped: comments (Lit's markers), whitespace-only text, the <style> and the JSON <script> (the element keeps
 * its styles in an adopted stylesheet). Adjacent text is joined (Lit splits it around its markers) and white space
 * collapsed as `white-space: normal` shows it (the element here runs from source, whose templates keep their
 * layout; the shipped embed's build removes it as the server does).
 */
function shape(root: ParentNode): string[] {
  const out: string[] = [];
  let text = '';
  const flush = (): void => {
    const shown = text.replace(/\s+/g, ' ').trim();
    if (shown) out.push(JSON.stringify(shown));
    text = '';
  };
  const walk = (node: Node): void => {
    if (node.nodeType === Node.TEXT_NODE) text += node.textContent;
    if (!(node instanceof Element) || node.localName === 'style' || node.matches('script[type="application/json"]')) return;
    flush();
    const attributes = [...node.attributes].map((a) => `${a.name}=${JSON.stringify(a.value)}`).sort();
    out.push(`<${node.localName}${attributes.map((a) => ` ${a}`).join('')}>`);
    node.childNodes.forEach(walk);
    flush();
    out.push(`</${node.localName}>`);
  };
  root.childNodes.forEach(walk);
  flush();
  return out;
}

interface Case {
  state: 'ready' | 'empty' | 'stale' | 'error';
  feed: 'arabic' | 'english';
  theme: 'light' | 'dark';
}

const CASES: Case[] = (['ready', 'empty', 'stale', 'error'] as const).flatMap((state) =>
  (['arabic', 'english'] as const).flatMap((feed) => (['light', 'dark'] as const).map((theme) => ({ state, feed, theme }))),
);

/** The embed options of a case: an English feed comes with the English UI, as a partner would set it. */
const optionsOf = ({ feed, theme }: Case): EmbedOptions => ({ theme, ...(feed === 'english' && { lang: 'en' }) });

/** The same options as the element's attributes. */
const attributesOf = (options: EmbedOptions): Record<string, string> => Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Record<string, string>;

describe('one template: the server renders what the element renders', () => {
  it.each(CASES)('$state, $feed feed, $theme theme', async (testCase) => {
    const options = optionsOf(testCase);
    const { state } = testCase;
    const api = apiFor(state === 'error' ? 'error' : state === 'empty' ? 'empty' : testCase.feed);
    const list = state === 'error' ? undefined : state === 'empty' ? { items: [], updatedAt: null } : oldList(testCase.feed);
    const html = renderCarousel({ origin: api, options, list, stale: state === 'stale', script: true });
    const server = shape(serverDom(html));

    let element: KhabarCarousel;
    if (state === 'error') {
      element = mount({ api, ...attributesOf(options) });
      await settled(element, 'error');
    } else {
      element = await takeOver(html);
    }
    const client = shape(element.shadowRoot!);

    // The comparison means something only if the state is the one named.
    expect(element.getAttribute('state')).toBe(state === 'stale' ? 'ready' : state);
    const words = MESSAGES[testCase.feed === 'english' ? 'en' : 'ar'];
    const status = { ready: '', empty: words.empty, stale: words.stale, error: words.error }[state];
    expect(client.join('')).toContain(status);
    if (state === 'ready' || state === 'stale') expect(titles(element)).toEqual(list!.items.map((h) => h.title));
    expect(client).toEqual(server);
  });

  it('with rotation on: the stop button, and a track that does not announce', async () => {
    const api = apiFor('arabic');
    const html = renderCarousel({ origin: api, options: { autoplay: '5', digits: 'latn', partner: 'p1' }, list: oldList('arabic'), script: true });
    const server = shape(serverDom(html));

    const element = await takeOver(html);

    expect(server.join('')).toContain(MESSAGES.ar.stop);
    expect(shape(element.shadowRoot!)).toEqual(server);
  });
});

describe('taking a server-rendered carousel over', () => {
  it('costs no request, and fires khabar-load once with the list it was given', async () => {
    const loads = collect<{ count: number; updatedAt: string | null; stale: boolean }>('khabar-load');
    const api = apiFor('arabic');
    const list = oldList('arabic');

    const element = await takeOver(renderCarousel({ origin: api, options: {}, list, stale: true, script: true }));
    // Whatever the element would do next happens before this answer: the API counts in order of arrival.
    const count = await requestsTo(api);
    loads.stop();

    expect(count.requests).toBe(0);
    expect(loads.details).toEqual([{ count: 6, updatedAt: list.updatedAt, stale: true }]);
    expect(loads.events[0]!.target).toBe(element);
    expect(element.getAttribute('state')).toBe('ready');
  });

  it('re-renders nothing when a later refresh finds the list unchanged (a 304)', async () => {
    fakeClock();
    const api = apiFor('arabic');
    // The list and ETag the worker's cache would hold: read from the API as the worker would read it.
    const response = await fetch(`${api}/v1/headlines?limit=6`);
    const list = (await response.json()) as HeadlineList;
    const etag = response.headers.get('etag');
    const loads = collect('khabar-load');
    const element = await takeOver(renderCarousel({ origin: api, options: { refresh: '30' }, list, etag, script: true }));
    const mutations: MutationRecord[] = [];
    const observer = new MutationObserver((records) => void mutations.push(...records));
    observer.observe(element.shadowRoot!, { subtree: true, childList: true, attributes: true, characterData: true });
    const shown = titles(element);

    await nextRefresh();
    await expect.poll(async () => (await requestsTo(api)).notModified).toBe(1);
    // The element has handled the answer once it has planned the refresh after it.
    await nextRefresh(0);
    await element.updateComplete;
    mutations.push(...observer.takeRecords());
    observer.disconnect();
    loads.stop();

    expect(etag).toBeTruthy();
    expect((await requestsTo(api)).requests).toBe(2);
    expect(loads.events).toHaveLength(1);
    expect(titles(element)).toEqual(shown);
    // Only the clock moves on: relative times («قبل ٣ دقائق» → «قبل ٤ دقائق») are rewritten in place, nothing else.
    const ticking = (node: Node): boolean => !!node.parentElement?.matches('time, [part~=status]');
    expect(mutations.filter((m) => !(m.type === 'characterData' && ticking(m.target))).map((m) => `${m.type} on ${m.target.nodeName}`)).toEqual([]);
  });
});

describe('hostile headlines rendered by the server', () => {
  it('show as text; no element, attribute or link is injected, and the list island stays intact', async () => {
    const list = oldList('xss');
    const html = renderCarousel({ origin: apiFor('xss'), options: {}, list, script: true });

    const root = serverDom(html);

    const expected = new Set(['div', 'section', 'button', 'span', 'a', 'time', 'style', 'script']);
    expect([...root.querySelectorAll('*')].map((node) => node.localName).filter((tag) => !expected.has(tag))).toEqual([]);
    expect(root.querySelectorAll('script')).toHaveLength(1);
    const handlers = [...root.querySelectorAll('*')].flatMap((node) => [...node.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name));
    expect(handlers).toEqual([]);
    expect([...root.querySelectorAll('[part~=title]')].map((title) => title.textContent)).toEqual(list.items.map((h) => h.title));
    expect(root.querySelector('[part~=title]')!.textContent).toBe(XSS_TITLE);
    // Only the one safe URL became a link; each hostile one is a card without a link.
    const hrefs = [...root.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual([list.items[5]!.url]);
    expect(hrefs.filter((href) => HOSTILE_URLS.some((url) => href === url))).toEqual([]);
    // The list island holds the titles as they are, `</script>` and all.
    const island = JSON.parse(root.querySelector('script[type="application/json"]')!.textContent!) as HeadlineList;
    expect(island.items.map((h) => h.title)).toEqual(list.items.map((h) => h.title));
  });

  it('are taken over as the same DOM', async () => {
    const html = renderCarousel({ origin: apiFor('xss'), options: {}, list: oldList('xss'), script: true });
    const server = shape(serverDom(html));

    const element = await takeOver(html);

    expect(shape(element.shadowRoot!)).toEqual(server);
  });
});
