/**
 * Options changed on a live element (a host page's script sets `section` or `limit`): the element asks for
 * the new list at once, and an answer still on its way for the old options never reaches the reader.
 */
import { describe, expect, it } from 'vitest';
import { headlinesFor } from './fixtures.ts';
import { idle } from './signals.ts';
import { apiFor, collect, mount, requestsTo, settled, titles } from './support.ts';

const arabic = headlinesFor('arabic', 0)!.items;
const titlesOf = (section: string): string[] => arabic.filter((h) => h.section === section).map((h) => h.title);

interface LoadDetail {
  count: number;
}

describe('changing options at runtime', () => {
  it('a new `section` is fetched at once, and only its headlines are shown', async () => {
    const loads = collect<LoadDetail>('khabar-load');
    const api = apiFor('arabic');
    const element = mount({ api });
    await settled(element);

    element.setAttribute('section', 'news');
    await expect.poll(() => titles(element)).toEqual(titlesOf('news'));
    loads.stop();

    expect((await requestsTo(api)).searches).toEqual(['?limit=6', '?limit=6&section=news']);
    expect(element.getAttribute('state')).toBe('ready');
    expect(loads.details.map((d) => d.count)).toEqual([6, 2]);
  });

  it('a new `limit` is fetched at once, and that many headlines are shown', async () => {
    const loads = collect<LoadDetail>('khabar-load');
    const api = apiFor('arabic');
    const element = mount({ api });
    await settled(element);

    element.limit = 2;
    await expect.poll(() => titles(element)).toEqual(arabic.slice(0, 2).map((h) => h.title));
    loads.stop();

    expect((await requestsTo(api)).searches).toEqual(['?limit=6', '?limit=2']);
    expect(loads.details.map((d) => d.count)).toEqual([6, 2]);
  });

  it('a change while the first request is still on its way: the late answer for the old options never shows', async () => {
    // `slow-first` answers the first request (all sections) after SLOW_MS and the second (sport) at once: an
    // element that neither aborted nor dropped the first would end up showing all six headlines.
    const loads = collect<LoadDetail>('khabar-load');
    const errors = collect('khabar-error');
    const api = apiFor('slow-first');
    const element = mount({ api });
    await expect.poll(async () => (await requestsTo(api)).requests).toBe(1);

    element.setAttribute('section', 'sport');
    await settled(element);
    // Both requests are over at the API (the first given up by the browser, or answered late), and whatever
    // came of them handled.
    await expect.poll(async () => (await requestsTo(api)).done, { timeout: 10_000 }).toBe(2);
    await idle();
    loads.stop();
    errors.stop();

    expect((await requestsTo(api)).searches).toEqual(['?limit=6', '?limit=6&section=sport']);
    expect(titles(element)).toEqual(titlesOf('sport'));
    expect(loads.details.map((d) => d.count)).toEqual([1]);
    // A request given up because the options changed is not an error the host page hears of.
    expect(errors.details).toEqual([]);
    // Its waits on states add up to 14 s on a loaded machine (settled 4 s, the API's answers 10 s): more than the
    // project's default 15 s leaves for mounting and the rest.
  }, 30_000);
});
