/**
 * Loading, empty, error and stale: what the reader sees in each, that the swap from skeleton to headlines
 * moves nothing on the host page, and that no failure of the API ever becomes an error on the host page.
 */
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { idle } from './signals.ts';
import {
  allParts,
  apiFor,
  collect,
  MESSAGES,
  maybePart,
  mount,
  part,
  place,
  requestsTo,
  settled,
  slides,
  titles,
  watchUncaught,
} from './support.ts';
import type { KhabarCarousel } from '../../widget/khabar-carousel.ts';

const status = (element: KhabarCarousel): string => part(element, '[part~=status]').textContent?.trim() ?? '';

interface Layout {
  height: number;
  /** Top of the paragraph after the carousel: what the reader sees jump when the carousel grows. */
  below: number;
}

function layout(element: KhabarCarousel, below: Element): Layout {
  return { height: element.getBoundingClientRect().height, below: below.getBoundingClientRect().top };
}

describe('loading', () => {
  it.each(['slow', 'slow-images'] as const)('reserves the final height with a skeleton, so nothing below moves (%s)', async (scenario) => {
    const element = mount({ api: apiFor(scenario) });
    const below = place('p', 'margin: 0');
    below.textContent = 'The article continues here.';
    await settled(element, 'loading');
    await element.updateComplete;
    const skeletons = allParts(element, '[part~=skeleton]').length;
    const loadingStatus = status(element);
    const whileLoading = layout(element, below);

    await settled(element, 'ready');

    expect(skeletons).toBeGreaterThan(0);
    // Empty: the skeleton says it all, and there is nothing to announce yet.
    expect(loadingStatus).toBe('');
    expect(allParts(element, '[part~=skeleton]')).toHaveLength(0);
    expect(whileLoading.height).toBeGreaterThan(0);
    const ready = layout(element, below);
    expect(Math.abs(ready.height - whileLoading.height)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(ready.below - whileLoading.below)).toBeLessThanOrEqual(0.5);
  });

  it('keeps the same height when the API fails instead', async () => {
    const element = mount({ api: apiFor('error') });
    const below = place('p', 'margin: 0');
    below.textContent = 'The article continues here.';
    await element.updateComplete;
    const whileLoading = layout(element, below);

    await settled(element, 'error');

    expect(Math.abs(layout(element, below).height - whileLoading.height)).toBeLessThanOrEqual(0.5);
  });
});

describe('empty', () => {
  it('says there are no headlines, with no slides and no error', async () => {
    const errors = collect('khabar-error');
    const element = mount({ api: apiFor('empty') });

    await settled(element, 'empty');
    errors.stop();

    expect(element.shadowRoot!.textContent).toContain(MESSAGES.ar.empty);
    expect(slides(element)).toHaveLength(0);
    expect(allParts(element, '[part~=skeleton]')).toHaveLength(0);
    expect(errors.details).toEqual([]);
  });

  it('is laid out in the UI language’s direction (no headline to follow)', async () => {
    const arabic = mount({ api: apiFor('empty') });
    const english = mount({ api: apiFor('empty'), lang: 'en' });

    await settled(arabic, 'empty');
    await settled(english, 'empty');

    expect(part(arabic, '[part~=base]').getAttribute('dir')).toBe('rtl');
    expect(part(english, '[part~=base]').getAttribute('dir')).toBe('ltr');
    expect(english.shadowRoot!.textContent).toContain(MESSAGES.en.empty);
  });
});

describe('error', () => {
  it('says so and offers a retry that brings the headlines', async () => {
    const api = apiFor('flaky');
    const element = mount({ api });
    await settled(element, 'error');
    const message = element.shadowRoot!.textContent;
    const retry = part(element, '[part~=retry]');

    await userEvent.click(retry);
    await settled(element, 'ready');

    expect(message).toContain(MESSAGES.ar.error);
    expect(retry.textContent?.trim() || retry.getAttribute('aria-label')).toBe(MESSAGES.ar.retry);
    expect(titles(element)).toHaveLength(6);
    expect(maybePart(element, '[part~=retry]')).toBeNull();
    expect((await requestsTo(api)).requests).toBe(2);
  });

  it('retries from the keyboard too', async () => {
    const element = mount({ api: apiFor('flaky') });
    await settled(element, 'error');

    part(element, '[part~=retry]').focus();
    await userEvent.keyboard('{Enter}');

    await settled(element, 'ready');
  });

  it.each([
    ['a 503 problem+json', 'error'],
    ['a body that is not JSON', 'garbage'],
  ] as const)('after %s shows the error state, never an uncaught error', async (_, scenario) => {
    const uncaught = watchUncaught();
    const element = mount({ api: apiFor(scenario) });

    await settled(element, 'error');
    await idle(); // an error or rejection from the failed load would have been reported by now
    uncaught.stop();

    expect(element.shadowRoot!.textContent).toContain(MESSAGES.ar.error);
    expect(uncaught.errors).toEqual([]);
  });

  it('after a refused connection shows the error state, never an uncaught error', async () => {
    const uncaught = watchUncaught();
    // Port 9 (discard) on the loopback address: nothing listens, the connection is refused at once.
    const element = mount({ api: 'http://127.0.0.1:9' });

    await settled(element, 'error');
    await idle();
    uncaught.stop();

    expect(uncaught.errors).toEqual([]);
  });

  it('is shown in English when lang="en"', async () => {
    const element = mount({ api: apiFor('error'), lang: 'en' });

    await settled(element, 'error');

    expect(element.shadowRoot!.textContent).toContain(MESSAGES.en.error);
    expect(part(element, '[part~=retry]').textContent?.trim()).toBe(MESSAGES.en.retry);
  });
});

describe('a slow API', () => {
  it('leaves nothing behind when the element is removed mid-request', async () => {
    const uncaught = watchUncaught();
    const events = [collect('khabar-load'), collect('khabar-error')];
    const api = apiFor('slow');
    const element = mount({ api });
    await expect.poll(async () => (await requestsTo(api)).requests).toBe(1);

    element.remove();
    // The request is over at the API (given up by the browser, or answered), and whatever came of it handled.
    await expect.poll(async () => (await requestsTo(api)).done, { timeout: 10_000 }).toBe(1);
    await idle();
    uncaught.stop();
    for (const e of events) e.stop();

    expect(uncaught.errors).toEqual([]);
    expect(events.flatMap((e) => e.details)).toEqual([]);
  });

  it('is still answered when the element is moved elsewhere in the page mid-request', async () => {
    const uncaught = watchUncaught();
    const api = apiFor('slow');
    const element = mount({ api });
    await expect.poll(async () => (await requestsTo(api)).requests).toBe(1);

    place('section').append(element);
    await settled(element, 'ready');
    uncaught.stop();

    expect(uncaught.errors).toEqual([]);
    expect(titles(element)).toHaveLength(6);
  });
});

describe('a stale copy', () => {
  it('shows the headlines and tells the reader they may not be the latest', async () => {
    const element = mount({ api: apiFor('stale') });

    await settled(element, 'ready');

    expect(titles(element)).toHaveLength(6);
    expect(status(element)).toContain(MESSAGES.ar.stale);
  });

  it('is not called stale when the worker answered fresh', async () => {
    const element = mount({ api: apiFor('arabic') });

    await settled(element, 'ready');

    expect(status(element)).not.toContain(MESSAGES.ar.stale);
    expect(status(element)).toContain(MESSAGES.ar.updated);
  });
});
