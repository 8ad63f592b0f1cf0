/**
 * More than one carousel on a page, and more than one copy of the script: partners paste the embed twice,
 * or load it on a page whose bundle already defines the element.
 */
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { KhabarCarousel } from '../../widget/khabar-carousel.ts';
import { headlinesFor } from './fixtures.ts';
import {
  apiFor,
  CAROUSEL,
  cards,
  MESSAGES,
  mount,
  part,
  place,
  position,
  restsAt,
  settled,
  slideName,
  slides,
  titles,
  watchUncaught,
} from './support.ts';

const REGISTRATION = new URL('../../widget/khabar-carousel.ts', import.meta.url).href;

describe('many instances on one page', () => {
  it('each show their own feed, state and language', async () => {
    const arabic = mount({ api: apiFor('arabic') });
    const english = mount({ api: apiFor('english'), lang: 'en' });
    const empty = mount({ api: apiFor('empty') });
    const failing = mount({ api: apiFor('error') });
    const dark = mount({ api: apiFor('mixed'), theme: 'dark', limit: '2' });

    // Each loads only once near the viewport: bring them into view one by one, as a reader scrolling would.
    for (const [element, state] of [[arabic, 'ready'], [english, 'ready'], [empty, 'empty'], [failing, 'error'], [dark, 'ready']] as const) {
      element.scrollIntoView();
      await settled(element, state);
    }

    expect(titles(arabic)).toEqual(headlinesFor('arabic', 0)!.items.map((h) => h.title));
    expect(titles(english)).toEqual(headlinesFor('english', 0)!.items.map((h) => h.title));
    expect(titles(dark)).toHaveLength(2);
    expect(part(english, CAROUSEL).getAttribute('aria-label')).toBe(MESSAGES.en.label);
    expect(part(failing, '[part~=retry]')).toBeTruthy();
  });

  it('move independently, and each slide’s name and title come from its own carousel', async () => {
    const first = mount({ api: apiFor('arabic') });
    const second = mount({ api: apiFor('english'), lang: 'en' });
    await Promise.all([settled(first), settled(second)]);

    await userEvent.click(part(first, '[part~=next]'));
    await restsAt(first, 1);

    expect(position(second)).toBe(0);
    expect(slideName(slides(first)[0]!)).toBe(`١ ${MESSAGES.ar.of} ٦`);
    expect(slideName(slides(second)[0]!)).toBe(`١ ${MESSAGES.en.of} ٦`);
    expect(titles(first)[0]).toBe(headlinesFor('arabic', 0)!.items[0]!.title);
    expect(titles(second)[0]).toBe(headlinesFor('english', 0)!.items[0]!.title);
  });

  it('ten on one page all load', async () => {
    const elements = Array.from({ length: 10 }, () => mount({ api: apiFor('arabic'), limit: '3' }));

    for (const element of elements) {
      element.scrollIntoView();
      await settled(element);
    }

    expect(elements.map((element) => cards(element).length)).toEqual(elements.map(() => 3));
  });
});

describe('defining the element more than once', () => {
  it('importing the registration module again does not throw and keeps the first definition', async () => {
    const uncaught = watchUncaught();

    const again = (await import(/* @vite-ignore */ `${REGISTRATION}?again`)) as { KhabarCarousel: unknown };
    uncaught.stop();

    expect(uncaught.errors).toEqual([]);
    // A second module record (another URL), so the registration code really ran twice.
    expect(again).not.toBe(await import('../../widget/khabar-carousel.ts'));
    expect(again.KhabarCarousel).toBeTypeOf('function');
    expect(customElements.get('khabar-carousel')).toBe(KhabarCarousel);
    const element = mount({ api: apiFor('arabic') });
    await settled(element);
  });

  it('a page that already defines <khabar-carousel> keeps its own, and loading ours twice throws nothing', async () => {
    const frame = place('iframe', 'inline-size: 600px; block-size: 300px');
    frame.srcdoc = `<!doctype html><body>
      <script>
        window.failures = [];
        addEventListener('error', (e) => failures.push(String(e.message)));
        addEventListener('unhandledrejection', (e) => failures.push(String(e.reason)));
        window.ran = [];
        customElements.define('khabar-carousel', class PageOwn extends HTMLElement {});
      </script>
      <script type="module" src="${REGISTRATION}?first" onload="ran.push('first')" onerror="failures.push('first did not load')"></script>
      <script type="module" src="${REGISTRATION}?second" onload="ran.push('second')" onerror="failures.push('second did not load')"></script>
    </body>`;
    // Module scripts run before the document's load event; `load` on each tells that it was fetched and ran.
    await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    const inner = frame.contentWindow as (Window & typeof globalThis & { failures: string[]; ran: string[] }) | null;

    expect(inner!.failures).toEqual([]);
    // Without this, a page where our modules never ran would pass: the page's own class would still be there.
    expect(inner!.ran).toEqual(['first', 'second']);
    expect(inner!.customElements.get('khabar-carousel')?.name).toBe('PageOwn');
  });

  it('two copies of the script on a fresh page define the element once, and it works', async () => {
    const frame = place('iframe', 'inline-size: 900px; block-size: 400px');
    frame.srcdoc = `<!doctype html><body>
      <script>
        window.failures = [];
        addEventListener('error', (e) => failures.push(String(e.message)));
        addEventListener('unhandledrejection', (e) => failures.push(String(e.reason)));
      </script>
      <script type="module" src="${REGISTRATION}?first"></script>
      <script type="module" src="${REGISTRATION}?second"></script>
      <khabar-carousel api="${apiFor('arabic')}"></khabar-carousel>
    </body>`;
    await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    const inner = frame.contentWindow as (Window & typeof globalThis & { failures: string[] }) | null;
    const element = inner!.document.querySelector('khabar-carousel')!;

    await expect.poll(() => element.getAttribute('state'), { timeout: 4000 }).toBe('ready');

    expect(inner!.failures).toEqual([]);
    expect(element.shadowRoot!.querySelectorAll('[role=group][aria-roledescription=slide]')).toHaveLength(6);
  });
});
