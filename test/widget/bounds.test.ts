/**
 * Bounds the element enforces whatever the partner's page asks (issue 12 item 5): a refresh no more often than
 * every 30 s and no timer overflow, rotation no faster than a slide a second, and never more than `limit`
 * headlines on screen. Periods pass on a fake clock; the requests are real and counted as they leave.
 */
import { describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { Headline } from '../../content/schema.ts';
import { headlinesFor } from './fixtures.ts';
import { apiFor, fakeClock, gaps, headlineFetches, mount, nextRefresh, part, place, REFRESH_FLOOR_MS, settled, slides, titles } from './support.ts';

const DAY_MS = 86_400_000;

/** How far `expect.poll`'s waiting may move a fake clock past a planned time (it moves it by 50 ms a try). */
const DRIFT_MS = 500;

describe('refresh', () => {
  it.each(['0.05', '1e-9', '1'])('refresh="%s" refreshes no sooner than every 30 s', async (refresh) => {
    fakeClock();
    const api = apiFor('arabic');
    const fetches = headlineFetches(api);
    const element = mount({ api, refresh });
    await settled(element);

    // Ten minutes: the answers are quick, so each refresh plans the next at once.
    for (let period = 0; period < 20; period++) await nextRefresh();

    expect(fetches.count).toBe(21);
    for (const gap of gaps(fetches.times)) expect(gap).toBeGreaterThanOrEqual(REFRESH_FLOOR_MS);
    for (const gap of gaps(fetches.times)) expect(gap).toBeLessThan(REFRESH_FLOOR_MS + DRIFT_MS);
  });

  it('refresh="1e308" refreshes once a day, and never overflows the timer into a loop', async () => {
    fakeClock();
    const api = apiFor('arabic');
    const fetches = headlineFetches(api);
    const element = mount({ api, refresh: '1e308' });
    await settled(element);

    // A delay beyond 2^31 − 1 ms overflows setTimeout into "at once" (the fake clock does the same): minutes pass
    // without a refresh. Then the day passes at once (the version check every 4 s would be 21,600 real requests),
    // and the next timer the element sets finds the refresh due.
    await nextRefresh(10 * 60_000);
    const beforeTheDay = fetches.count;
    vi.setSystemTime(Date.now() + DAY_MS);
    await nextRefresh(4000 + DRIFT_MS);

    expect(beforeTheDay).toBe(1);
    expect(fetches.count).toBe(2);
    expect(gaps(fetches.times)[0]).toBeGreaterThanOrEqual(DAY_MS);
  });
});

describe('autoplay', () => {
  it('autoplay="0.001" rotates no faster than one headline a second', async () => {
    // The pointer rests outside the carousel: a hovered carousel is (rightly) paused.
    const parking = place('p', 'block-size: 40px; margin: 0');
    parking.textContent = 'elsewhere on the page';
    await userEvent.hover(parking);
    fakeClock();
    const element = mount({ api: apiFor('arabic'), autoplay: '0.001', refresh: '0' });
    await settled(element);
    // Every rotation step scrolls the track once (for real): when each began.
    const track = part(element, '[part~=track]');
    const scrollBy = track.scrollBy.bind(track) as (options: ScrollToOptions) => void;
    const steps: number[] = [];
    vi.spyOn(track, 'scrollBy').mockImplementation(((options: ScrollToOptions) => {
      steps.push(Date.now());
      scrollBy(options);
    }) as typeof track.scrollBy);
    // Rotation starts once the element is seen on screen (a real IntersectionObserver): its timer is then pending.
    await expect.poll(() => vi.getTimerCount()).toBe(1);

    await vi.advanceTimersByTimeAsync(10_000);

    expect(steps.length).toBeGreaterThanOrEqual(9);
    expect(steps.length).toBeLessThanOrEqual(10);
    expect(gaps(steps)).toEqual(gaps(steps).map(() => 1000));
  });
});

describe('limit', () => {
  /** An API that sends 5,000 headlines whatever `limit` asks for: the page's network is stubbed, not the element. */
  function generousApi(): string {
    const api = 'https://generous.example';
    const seeds = headlinesFor('arabic', Date.now())!.items;
    const items: Headline[] = Array.from({ length: 5000 }, (_, index) => ({
      ...seeds[index % seeds.length]!,
      slug: `h-${index}`,
      title: `عنوان رقم ${index + 1}`,
    }));
    const body = JSON.stringify({ items, updatedAt: items[0]!.publishedAt });
    const real = window.fetch.bind(window);
    vi.spyOn(window, 'fetch').mockImplementation((input, init) =>
      String(input).startsWith(`${api}/v1/headlines`)
        ? Promise.resolve(new Response(body, { headers: { 'content-type': 'application/json', etag: '"5000"' } }))
        : real(input, init),
    );
    return api;
  }

  it.each([
    [{}, 6],
    [{ limit: '3' }, 3],
    [{ limit: '50' }, 50],
  ])('an API that sends 5,000 headlines shows only `limit` of them (%o)', async (attributes, shown) => {
    const element = mount({ api: generousApi(), ...attributes });
    await settled(element);

    expect(slides(element)).toHaveLength(shown);
    expect(titles(element).at(-1)).toBe(`عنوان رقم ${shown}`);
  });
});
