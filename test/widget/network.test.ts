/**
 * What the element costs the network: nothing until it nears the viewport, one request when it does, and a
 * refresh of unchanged headlines is a 304 (the browser revalidates its copy by ETag). Refreshes wait while
 * the tab is hidden, and a failed one keeps what the reader already has. Refresh periods pass on a fake clock
 * (30 s is the shortest the element accepts: test/widget/bounds.test.ts); requests are real.
 *
 * Not tested here: the ~200px head start. Browser-mode tests run in an iframe, and an IntersectionObserver
 * with the implicit root clips its target at the iframe's edge before applying rootMargin, so nothing below
 * the frame ever counts as near. That needs a top-level page (test/e2e).
 */
import { describe, expect, it, vi } from 'vitest';
import { headlinesFor } from './fixtures.ts';
import {
  apiFor,
  cards,
  collect,
  emulateTabHidden,
  fakeClock,
  headlineFetches,
  MESSAGES,
  maybePart,
  mount,
  nextRefresh,
  place,
  REFRESH_FLOOR_MS,
  requestsTo,
  settled,
  statusOf,
  titles,
} from './support.ts';

describe('lazy loading', () => {
  it('fetches nothing while far below the viewport, and fetches once scrolled near', async () => {
    const api = apiFor('arabic');
    const fetches = headlineFetches(api);
    place('div', 'block-size: 4000px');
    const element = mount({ api });
    // The element's own observer has been told it is far by then.
    await nearness(element, false);
    const whileFar = fetches.count;

    element.scrollIntoView({ block: 'end' });
    await settled(element);

    expect(whileFar).toBe(0);
    expect(element.getAttribute('state')).toBe('ready');
    expect((await requestsTo(api)).requests).toBe(1);
  });
});

describe('refresh', () => {
  it('revalidates unchanged headlines with a 304 and keeps them on screen', async () => {
    fakeClock();
    const api = apiFor('arabic');
    const element = mount({ api, refresh: '30' });
    await settled(element);
    const shown = titles(element);
    const firstCard = cards(element)[0];

    await nextRefresh();
    await expect.poll(async () => (await requestsTo(api)).notModified).toBe(1);

    const count = await requestsTo(api);
    expect(count.requests).toBe(2);
    expect(element.getAttribute('state')).toBe('ready');
    expect(titles(element)).toEqual(shown);
    // The same card element: nothing was torn down and rebuilt under the reader's eyes.
    expect(cards(element)[0]).toBe(firstCard);
  });

  it('does not refresh with refresh="0"', async () => {
    fakeClock();
    const api = apiFor('arabic');
    const fetches = headlineFetches(api);
    const element = mount({ api, refresh: '0' });
    await settled(element);

    await vi.advanceTimersByTimeAsync(2 * 86_400_000);

    expect(vi.getTimerCount()).toBe(0);
    expect(fetches.count).toBe(1);
  });

  it('does not refresh while scrolled far away, and refreshes at once when scrolled back', async () => {
    fakeClock();
    const api = apiFor('arabic');
    const fetches = headlineFetches(api);
    const element = mount({ api, refresh: '30' });
    place('div', 'block-size: 4000px');
    await settled(element);

    window.scrollTo(0, 3500);
    await nearness(element, false);
    await vi.advanceTimersByTimeAsync(2 * REFRESH_FLOOR_MS);
    const whileFar = fetches.count;
    window.scrollTo(0, 0);
    await nearness(element, true);
    await vi.advanceTimersByTimeAsync(0);

    expect(whileFar).toBe(1);
    // Overdue by a period: it goes now, not a whole period later.
    expect(fetches.count).toBe(2);
  });
});

/**
 * Waits until an IntersectionObserver with the element's own margin reports it near (or far). Observers are told
 * in the order they were made, in one task: by then the element's own observer has been told too.
 */
async function nearness(element: Element, near: boolean): Promise<void> {
  await new Promise<void>((resolve) => {
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.at(-1)!.isIntersecting !== near) return;
        observer.disconnect();
        resolve();
      },
      { rootMargin: '200px' },
    );
    observer.observe(element);
  });
}

describe('a failed refresh', () => {
  it('keeps the headlines on screen, says they may not be the latest, and reports the error', async () => {
    const errors = collect<{ status: number | null }>('khabar-error');
    fakeClock();
    const api = apiFor('fails-later');
    const element = mount({ api, refresh: '30' });
    await settled(element);
    const statusBefore = statusOf(element);

    await nextRefresh();
    await expect.poll(() => errors.details.length, { timeout: 3000 }).toBeGreaterThanOrEqual(1);
    await element.updateComplete;
    errors.stop();

    expect(statusBefore).toContain(MESSAGES.ar.updated);
    expect(errors.details[0]).toEqual({ status: 503 });
    expect(statusOf(element)).toBe(MESSAGES.ar.stale);
    expect(element.getAttribute('state')).toBe('ready');
    expect(titles(element)).toEqual(headlinesFor('fails-later', 0)!.items.map((h) => h.title));
    expect(maybePart(element, '[part~=retry]')).toBeNull();
    expect((await requestsTo(api)).requests).toBe(2);
  });
});

describe('a hidden tab', () => {
  it('is not refreshed, and is refreshed at once when the reader comes back', async () => {
    fakeClock();
    const api = apiFor('arabic');
    const fetches = headlineFetches(api);
    const element = mount({ api, refresh: '30' });
    await settled(element);

    emulateTabHidden(true);
    await vi.advanceTimersByTimeAsync(1.5 * REFRESH_FLOOR_MS);
    const whileHidden = fetches.count;
    emulateTabHidden(false);
    await vi.advanceTimersByTimeAsync(0);

    expect(whileHidden).toBe(1);
    // The refresh is overdue by half a period: it goes now, not a whole period later.
    expect(fetches.count).toBe(2);
    await expect.poll(async () => (await requestsTo(api)).requests).toBe(2);
  });
});
