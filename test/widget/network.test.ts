/**
 * What the element costs the network: nothing until it nears the viewport, one request when it does, and a
 * refresh of unchanged headlines is a 304 (the browser revalidates its copy by ETag). Refreshes wait while
 * the tab is hidden, and a failed one keeps what the reader already has.
 *
 * Not tested here: the ~200px head start. Browser-mode tests run in an iframe, and an IntersectionObserver
 * with the implicit root clips its target at the iframe's edge before applying rootMargin, so nothing below
 * the frame ever counts as near. That needs a top-level page (test/e2e).
 */
import { describe, expect, it, vi } from 'vitest';
import { headlinesFor } from './fixtures.ts';
import { intersectionReported, refreshPeriodsPassed } from './signals.ts';
import {
  apiFor,
  cards,
  collect,
  emulateTabHidden,
  MESSAGES,
  maybePart,
  mount,
  place,
  requestsTo,
  settled,
  statusOf,
  titles,
} from './support.ts';

describe('lazy loading', () => {
  it('fetches nothing while far below the viewport, and fetches once scrolled near', async () => {
    const fetches = vi.spyOn(window, 'fetch');
    const api = apiFor('arabic');
    place('div', 'block-size: 4000px');
    const element = mount({ api });
    // The element's own observer (same margin, made first) has been told it is far, and has decided.
    const far = await intersectionReported(element, '200px');
    const fetchedWhileFar = fetches.mock.calls.filter(([url]) => String(url).startsWith(api)).length;
    fetches.mockRestore();

    element.scrollIntoView({ block: 'end' });
    await settled(element);

    expect(far.isIntersecting).toBe(false);
    expect(fetchedWhileFar).toBe(0);
    expect(element.getAttribute('state')).toBe('ready');
    expect((await requestsTo(api)).requests).toBe(1);
  });
});

describe('refresh', () => {
  it('revalidates unchanged headlines with a 304 and keeps them on screen', async () => {
    const api = apiFor('arabic');
    const element = mount({ api, refresh: '1' });
    await settled(element);
    const shown = titles(element);
    const firstCard = cards(element)[0];

    await expect.poll(async () => (await requestsTo(api)).notModified, { timeout: 3000 }).toBeGreaterThanOrEqual(1);

    const count = await requestsTo(api);
    expect(count.requests).toBe(count.notModified + 1);
    expect(element.getAttribute('state')).toBe('ready');
    expect(titles(element)).toEqual(shown);
    // The same card element: nothing was torn down and rebuilt under the reader's eyes.
    expect(cards(element)[0]).toBe(firstCard);
  });

  it('does not refresh with refresh="0"', async () => {
    const api = apiFor('arabic');
    const element = mount({ api, refresh: '0' });
    await settled(element);

    await refreshPeriodsPassed(apiFor('arabic'), 1);

    expect((await requestsTo(api)).requests).toBe(1);
  });

  it('does not refresh while scrolled far away', async () => {
    const api = apiFor('arabic');
    const element = mount({ api, refresh: '1' });
    place('div', 'block-size: 4000px');
    await settled(element);

    window.scrollTo(0, 3500);
    // The element's own observer (made first) has been told it is far, and has dropped its refresh.
    const far = await intersectionReported(element, '200px');
    const before = (await requestsTo(api)).requests;
    await refreshPeriodsPassed(apiFor('arabic'), 1);

    expect(far.isIntersecting).toBe(false);
    expect((await requestsTo(api)).requests).toBe(before);
  });
});

describe('a failed refresh', () => {
  it('keeps the headlines on screen, says they may not be the latest, and reports the error', async () => {
    const errors = collect<{ status: number | null }>('khabar-error');
    const api = apiFor('fails-later');
    const element = mount({ api, refresh: '1' });
    await settled(element);
    const statusBefore = statusOf(element);

    await expect.poll(() => errors.details.length, { timeout: 3000 }).toBeGreaterThanOrEqual(1);
    await element.updateComplete;
    errors.stop();

    expect(statusBefore).toContain(MESSAGES.ar.updated);
    expect(errors.details[0]).toEqual({ status: 503 });
    expect(statusOf(element)).toBe(MESSAGES.ar.stale);
    expect(element.getAttribute('state')).toBe('ready');
    expect(titles(element)).toEqual(headlinesFor('fails-later', 0)!.items.map((h) => h.title));
    expect(maybePart(element, '[part~=retry]')).toBeNull();
    expect((await requestsTo(api)).requests).toBeGreaterThanOrEqual(2);
  });
});

describe('a hidden tab', () => {
  it('is not refreshed, and is refreshed at once when the reader comes back', async () => {
    const api = apiFor('arabic');
    const element = mount({ api, refresh: '2' });
    await settled(element);

    emulateTabHidden(true);
    // Two one-second periods of a control that is not hidden: the element's two-second refresh is overdue.
    await refreshPeriodsPassed(apiFor('arabic'), 1, 2);
    const whileHidden = (await requestsTo(api)).requests;
    emulateTabHidden(false);
    // A control loaded as the reader comes back refreshes one second later; the element, overdue, goes now,
    // not a whole (two-second) period later: before the control's refresh.
    const comeBack = apiFor('arabic');
    const controlRefreshed = refreshPeriodsPassed(comeBack, 1);
    await expect.poll(async () => (await requestsTo(api)).requests, { timeout: 10_000 }).toBe(2);
    const controlWhenRefreshed = (await requestsTo(comeBack)).requests;
    await controlRefreshed;

    expect(whileHidden).toBe(1);
    expect(controlWhenRefreshed).toBeLessThan(2);
  });
});
