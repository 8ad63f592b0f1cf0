/** The events a host page can listen to on `document`: they bubble and leave the shadow root. */
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { headlinesFor } from './fixtures.ts';
import { apiFor, cards, collect, fakeClock, mount, nextRefresh, requestsTo, settled, tabTo, cardOf, titles } from './support.ts';

const arabic = headlinesFor('arabic', Date.now())!;

/** Keeps the test page where it is when a card is activated; the element's own handlers still run. */
function stayOnPage(): () => void {
  const prevent = (event: Event): void => event.preventDefault();
  document.addEventListener('click', prevent);
  return () => document.removeEventListener('click', prevent);
}

describe('khabar-load', () => {
  it('tells how many headlines arrived, when they last changed, and that they are fresh', async () => {
    const loads = collect<{ count: number; updatedAt: string | null; stale: boolean }>('khabar-load');
    const element = mount({ api: apiFor('arabic') });

    await settled(element);
    loads.stop();

    expect(loads.details).toHaveLength(1);
    const [detail] = loads.details;
    expect(detail).toMatchObject({ count: 6, stale: false });
    expect(Date.parse(detail!.updatedAt!)).toBeGreaterThan(Date.now() - 4 * 60_000);
    expect(loads.events[0]!.bubbles && loads.events[0]!.composed).toBe(true);
    expect(loads.events[0]!.target).toBe(element);
  });

  it('fires again when a refresh brings a changed list (another ETag), with its newer date', async () => {
    const loads = collect<{ count: number; updatedAt: string | null; stale: boolean }>('khabar-load');
    fakeClock();
    const element = mount({ api: apiFor('changing'), refresh: '30' });
    await settled(element);
    const first = [...loads.details];

    await nextRefresh();

    await expect.poll(() => loads.details.length, { timeout: 3000 }).toBe(2);
    await element.updateComplete;
    loads.stop();

    expect(first).toMatchObject([{ count: 6, stale: false }]);
    expect(loads.details[1]).toMatchObject({ count: 6, stale: false });
    expect(Date.parse(loads.details[1]!.updatedAt!)).toBeGreaterThan(Date.parse(first[0]!.updatedAt!));
    expect(titles(element)).toEqual(headlinesFor('changing', 0, 2)!.items.map((h) => h.title));
  });

  it('does not fire again when a refresh finds the headlines unchanged (a 304)', async () => {
    const loads = collect('khabar-load');
    fakeClock();
    const api = apiFor('arabic');
    const element = mount({ api, refresh: '30' });
    await settled(element);

    // Two refreshes, each planned only after the one before was handled.
    await nextRefresh();
    await nextRefresh();
    await expect.poll(async () => (await requestsTo(api)).notModified).toBe(2);
    await nextRefresh(0);
    loads.stop();

    expect((await requestsTo(api)).requests).toBe(3);
    expect(loads.events).toHaveLength(1);
  });

  it('says stale when the worker served a stale copy', async () => {
    const loads = collect<{ stale: boolean }>('khabar-load');
    const element = mount({ api: apiFor('stale') });

    await settled(element);
    loads.stop();

    expect(loads.details).toMatchObject([{ count: 6, stale: true }]);
  });

  it('does not say stale when the worker re-read a list whose cached copy was too old', async () => {
    const loads = collect<{ stale: boolean }>('khabar-load');
    const element = mount({ api: apiFor('refreshed') });

    await settled(element);
    loads.stop();

    expect(loads.details).toMatchObject([{ count: 6, stale: false }]);
  });

  it('counts zero for an empty list', async () => {
    const loads = collect<{ count: number; updatedAt: string | null }>('khabar-load');
    const element = mount({ api: apiFor('empty') });

    await settled(element, 'empty');
    loads.stop();

    expect(loads.details).toMatchObject([{ count: 0, updatedAt: null }]);
  });
});

describe('khabar-error', () => {
  it('carries the HTTP status', async () => {
    const errors = collect<{ status: number | null }>('khabar-error');
    const element = mount({ api: apiFor('error') });

    await settled(element, 'error');
    errors.stop();

    expect(errors.details).toEqual([{ status: 503 }]);
    expect(errors.events[0]!.composed).toBe(true);
  });

  it('carries null when there was no HTTP answer at all', async () => {
    const errors = collect<{ status: number | null }>('khabar-error');
    const element = mount({ api: 'http://127.0.0.1:9' });

    await settled(element, 'error');
    errors.stop();

    expect(errors.details).toEqual([{ status: null }]);
  });
});

describe('khabar-select', () => {
  it('tells which headline a reader clicked', async () => {
    const selects = collect<{ slug: string; url: string; index: number }>('khabar-select');
    const release = stayOnPage();
    const element = mount({ api: apiFor('arabic') });
    await settled(element);

    await userEvent.click(cards(element)[1]!);
    release();
    selects.stop();

    expect(selects.details).toEqual([{ slug: arabic.items[1]!.slug, url: arabic.items[1]!.url, index: 1 }]);
  });

  it('fires for a headline opened from the keyboard, with the link the reader followed', async () => {
    const selects = collect<{ slug: string; url: string; index: number }>('khabar-select');
    const release = stayOnPage();
    const element = mount({ api: apiFor('arabic'), partner: 'acme' });
    await settled(element);
    await tabTo(element, cardOf(element, 2));

    await userEvent.keyboard('{Enter}');
    release();
    selects.stop();

    expect(selects.details).toHaveLength(1);
    expect(selects.details[0]).toMatchObject({ slug: arabic.items[2]!.slug, index: 2 });
    expect(selects.details[0]!.url).toBe(cards(element)[2]!.getAttribute('href'));
  });
});
