/**
 * Breaking news on an open carousel (issue 13): a headline served with `breaking: true` carries a «عاجل» badge in
 * its card, is announced once to screen readers, and an open carousel learns of a push by asking for the content
 * version (GET /v1/version) every 4 s while it is on screen and the tab is visible; only a changed version reloads
 * the list. Poll periods pass on a fake clock; requests are real, to the scripted API.
 */
import { describe, expect, it, vi } from 'vitest';
import { BREAKING, headlinesFor } from './fixtures.ts';
import {
  allParts,
  apiFor,
  cards,
  emulateTabHidden,
  fakeClock,
  headlineFetches,
  luminance,
  MESSAGES,
  mount,
  nextFrame,
  nextRefresh,
  parseColor,
  part,
  requestsTo,
  settled,
  statusOf,
  titles,
} from './support.ts';
import type { KhabarCarousel } from '../../widget/khabar-carousel.ts';

/** How often an open carousel asks for the content version (widget/headlines-controller.ts). */
const POLL_MS = 4000;

const badges = (element: KhabarCarousel): string[] => allParts(element, '[part~=badge]').map((badge) => badge.textContent ?? '');
const announcement = (element: KhabarCarousel): string => part(element, '[role=status]').textContent?.trim() ?? '';

/** Sets the content version the scripted API gives this run (`fail`: 503 from then on). */
async function pushVersion(api: string, version: string): Promise<void> {
  await fetch(`${api}/_version?set=${version}`);
}

/**
 * Moves the clock one poll period on and waits until the element has read every version answer so far, then a
 * frame: by then a reload it decided on has been sent (the fetch spy counts it as it leaves).
 */
async function pollOnce(fetches: ReturnType<typeof headlineFetches>): Promise<void> {
  const before = fetches.versions;
  await vi.advanceTimersByTimeAsync(POLL_MS);
  expect(fetches.versions).toBeGreaterThan(before);
  await expect.poll(() => fetches.versionsHandled, { timeout: 4000 }).toBe(fetches.versions);
  await nextFrame();
}

/** WCAG contrast ratio of two opaque colours. */
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

describe('the badge', () => {
  it('marks the breaking headline, and only it, with «عاجل» inside its card (part of the link)', async () => {
    const element = mount({ api: apiFor('breaking') });
    await settled(element);
    const first = cards(element)[0]!;

    expect(titles(element)[0]).toBe(BREAKING.title);
    expect(badges(element)).toEqual([MESSAGES.ar.breaking]);
    expect(first.querySelector('[part~=badge]')?.textContent).toBe('عاجل');
    expect(first.tagName).toBe('A');
    expect(cards(element).slice(1).every((card) => !card.querySelector('[part~=badge]'))).toBe(true);
  });

  it('says "Breaking" in an English carousel', async () => {
    const element = mount({ api: apiFor('breaking'), lang: 'en' });
    await settled(element);

    expect(badges(element)).toEqual(['Breaking']);
  });

  it('shows no badge on a list without breaking headlines', async () => {
    const element = mount({ api: apiFor('arabic') });
    await settled(element);

    expect(cards(element)).toHaveLength(6);
    expect(badges(element)).toEqual([]);
  });

  it('is readable in both themes: at least 4.5:1 against its own background', async () => {
    for (const theme of ['light', 'dark']) {
      const element = mount({ api: apiFor('breaking'), theme });
      await settled(element);
      const style = getComputedStyle(part(element, '[part~=badge]'));

      expect(parseColor(style.backgroundColor)[3], theme).toBe(1);
      expect(contrast(style.color, style.backgroundColor), theme).toBeGreaterThanOrEqual(4.5);
      element.remove();
    }
  });
});

describe('the announcement', () => {
  it('says the breaking headline in a status region once: not again on a refresh or a re-render', async () => {
    fakeClock();
    const api = apiFor('breaking');
    const element = mount({ api, refresh: '30' });
    await settled(element);
    const region = part(element, '[role=status]');
    const changes: string[] = [];
    const observer = new MutationObserver(() => changes.push(region.textContent ?? ''));
    observer.observe(region, { childList: true, characterData: true, subtree: true });
    const said = announcement(element);

    element.setAttribute('theme', 'dark');
    await element.updateComplete;
    await nextRefresh();
    await expect.poll(async () => (await requestsTo(api)).notModified).toBe(1);
    await element.updateComplete;
    observer.disconnect();

    expect(said).toBe(`${MESSAGES.ar.breaking}: ${BREAKING.title}`);
    expect(part(element, '[role=status]')).toBe(region);
    expect(changes).toEqual([]);
  });

  it('is empty while nothing is breaking', async () => {
    const element = mount({ api: apiFor('arabic') });
    await settled(element);

    expect(announcement(element)).toBe('');
  });
});

describe('version polling', () => {
  it('asks nothing while the tab is hidden, and resumes when it is visible again', async () => {
    const { fetches } = await versionedCarousel();

    emulateTabHidden(true);
    await vi.advanceTimersByTimeAsync(3 * POLL_MS);
    const whileHidden = fetches.versions;
    emulateTabHidden(false);
    await pollOnce(fetches);

    expect(whileHidden).toBe(0);
    expect(fetches.versions).toBe(1);
    expect(fetches.count).toBe(1);
  });

  it('reloads nothing while the version is unchanged (the checks are revalidated: 304s)', async () => {
    const { api, fetches } = await versionedCarousel();

    for (let poll = 0; poll < 3; poll++) await pollOnce(fetches);

    expect(fetches.versions).toBe(3);
    expect(fetches.count).toBe(1);
    expect((await requestsTo(api)).versionNotModified).toBe(2);
  });

  it('reloads the list exactly once when the version changes, and shows the breaking headline first', async () => {
    const { api, fetches, element } = await versionedCarousel();
    await pollOnce(fetches);

    await pushVersion(api, 'push-2');
    await pollOnce(fetches);
    await expect.poll(() => titles(element)[0]).toBe(BREAKING.title);
    await pollOnce(fetches);
    await pollOnce(fetches);

    expect(fetches.count).toBe(2);
    expect(badges(element)).toEqual([MESSAGES.ar.breaking]);
    expect(announcement(element)).toBe(`${MESSAGES.ar.breaking}: ${BREAKING.title}`);
    expect(titles(element)).toEqual(headlinesFor('versioned', 0, 2, 'push-2')!.items.map((item) => item.title));
  });

  it('notices a push that lands before its first check: the list said which version it was made under', async () => {
    const { api, fetches, element } = await versionedCarousel();

    await pushVersion(api, 'push-2');
    await pollOnce(fetches);
    await expect.poll(() => titles(element)[0]).toBe(BREAKING.title);

    expect(fetches.count).toBe(2);
    expect(badges(element)).toEqual([MESSAGES.ar.breaking]);
  });

  it('takes a withdrawn breaking headline off at the next check, badge and announcement with it', async () => {
    const { api, fetches, element } = await versionedCarousel();
    await pollOnce(fetches);
    await pushVersion(api, 'push-2');
    await pollOnce(fetches);
    await expect.poll(() => titles(element)[0]).toBe(BREAKING.title);

    // The push that withdrew it: the list is the Arabic one again.
    await pushVersion(api, '1');
    await pollOnce(fetches);
    await expect.poll(() => titles(element)).toEqual(headlinesFor('versioned', 0)!.items.map((item) => item.title));
    await element.updateComplete;

    expect(fetches.count).toBe(3);
    expect(badges(element)).toEqual([]);
    expect(announcement(element)).toBe('');
  });

  it('changes nothing when a check fails, and still notices a push after it', async () => {
    const { api, fetches, element } = await versionedCarousel();
    const status = statusOf(element);
    await pollOnce(fetches);

    await pushVersion(api, 'fail');
    await pollOnce(fetches);
    await pollOnce(fetches);
    const afterFailures = { lists: fetches.count, status: statusOf(element), state: element.getAttribute('state') };
    await pushVersion(api, 'push-2');
    await pollOnce(fetches);

    expect(afterFailures).toEqual({ lists: 1, status, state: 'ready' });
    await expect.poll(() => titles(element)[0]).toBe(BREAKING.title);
    expect(fetches.count).toBe(2);
  });

  it('does not poll with refresh="0"', async () => {
    fakeClock();
    const api = apiFor('versioned');
    const fetches = headlineFetches(api);
    const element = mount({ api, refresh: '0' });
    await settled(element);

    await vi.advanceTimersByTimeAsync(5 * POLL_MS);

    expect(vi.getTimerCount()).toBe(0);
    expect(fetches.versions).toBe(0);
  });
});

/** A carousel on the `versioned` API, on a fake clock, its first list shown. */
async function versionedCarousel(): Promise<{ api: string; fetches: ReturnType<typeof headlineFetches>; element: KhabarCarousel }> {
  fakeClock();
  const api = apiFor('versioned');
  const fetches = headlineFetches(api);
  const element = mount({ api });
  await settled(element);
  return { api, fetches, element };
}
