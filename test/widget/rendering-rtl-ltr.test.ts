/**
 * What a reader sees once headlines arrive: the headlines in order, laid out in the feed's direction, each
 * title in its own language, the carousel named in the UI language, and the options honoured.
 */
import { describe, expect, it } from 'vitest';
import { headlinesFor } from './fixtures.ts';
import {
  apiFor,
  CAROUSEL,
  MESSAGES,
  mount,
  part,
  place,
  requestsTo,
  settled,
  slides,
  slidesInView,
  titles,
} from './support.ts';

const arabic = headlinesFor('arabic', Date.now())!.items;
const english = headlinesFor('english', Date.now())!.items;
const mixed = headlinesFor('mixed', Date.now())!.items;

describe('an Arabic feed', () => {
  it('shows every headline in order, right to left, in a region named in Arabic', async () => {
    const element = mount({ api: apiFor('arabic') });

    await settled(element);

    const base = part(element, '[part~=base]');
    const region = part(element, CAROUSEL);
    expect(titles(element)).toEqual(arabic.map((h) => h.title));
    expect(base.getAttribute('dir')).toBe('rtl');
    expect(base.getAttribute('lang')).toBe('ar');
    expect(region.getAttribute('aria-label')).toBe(MESSAGES.ar.label);
    expect(part(element, '[part~=prev]').getAttribute('aria-label')).toBe(MESSAGES.ar.prev);
    expect(part(element, '[part~=next]').getAttribute('aria-label')).toBe(MESSAGES.ar.next);
  });

  it('starts at the right edge and continues leftwards', async () => {
    const element = mount({ api: apiFor('arabic') });

    await settled(element);

    const track = part(element, '[part~=track]').getBoundingClientRect();
    const [first, second] = slides(element).map((slide) => slide.getBoundingClientRect());
    expect(slidesInView(element)[0]).toBe(0);
    expect(Math.abs(first!.right - track.right)).toBeLessThan(2);
    expect(second!.right).toBeLessThanOrEqual(first!.left + 1);
  });

  it('marks each title with its language and lets the browser pick its direction', async () => {
    const element = mount({ api: apiFor('arabic') });

    await settled(element);

    for (const title of [...element.shadowRoot!.querySelectorAll('[part~=title]')]) {
      expect(title.getAttribute('lang')).toBe('ar');
      expect(title.getAttribute('dir')).toBe('auto');
      expect(getComputedStyle(title).direction).toBe('rtl');
    }
  });
});

describe('an English feed', () => {
  it('is laid out left to right even when the controls speak Arabic', async () => {
    const element = mount({ api: apiFor('english') });

    await settled(element);

    const base = part(element, '[part~=base]');
    const track = part(element, '[part~=track]').getBoundingClientRect();
    const [first, second] = slides(element).map((slide) => slide.getBoundingClientRect());
    expect(titles(element)).toEqual(english.map((h) => h.title));
    expect(base.getAttribute('dir')).toBe('ltr');
    expect(base.getAttribute('lang')).toBe('ar');
    expect(part(element, CAROUSEL).getAttribute('aria-label')).toBe(MESSAGES.ar.label);
    expect(Math.abs(first!.left - track.left)).toBeLessThan(2);
    expect(second!.left).toBeGreaterThanOrEqual(first!.right - 1);
  });

  it('speaks English around English headlines when lang="en"', async () => {
    const element = mount({ api: apiFor('english'), lang: 'en' });

    await settled(element);

    const base = part(element, '[part~=base]');
    expect(base.getAttribute('lang')).toBe('en');
    expect(part(element, CAROUSEL).getAttribute('aria-label')).toBe(MESSAGES.en.label);
    expect(part(element, '[part~=prev]').getAttribute('aria-label')).toBe(MESSAGES.en.prev);
    expect(part(element, '[part~=next]').getAttribute('aria-label')).toBe(MESSAGES.en.next);
    expect(part(element, '[part~=status]').textContent).toContain(MESSAGES.en.updated);
  });
});

describe('a mixed Arabic and English feed', () => {
  it('follows the first headline, and shows each title in its own direction', async () => {
    const element = mount({ api: apiFor('mixed') });

    await settled(element);

    const shown = [...element.shadowRoot!.querySelectorAll('[part~=title]')];
    expect(part(element, '[part~=base]').getAttribute('dir')).toBe('rtl');
    expect(shown.map((t) => t.textContent)).toEqual(mixed.map((h) => h.title));
    expect(shown.map((t) => t.getAttribute('lang'))).toEqual(mixed.map((h) => h.lang));
    // «إطلاق iPhone 17 في الرياض» stays right to left; "COP31 opens…" is left to right inside the RTL carousel.
    expect(shown.map((t) => getComputedStyle(t).direction)).toEqual(mixed.map((h) => h.dir));
  });
});

describe('options', () => {
  it('asks for `limit` headlines of `section` and shows what came back', async () => {
    const api = apiFor('arabic');
    const element = mount({ api, limit: '3', section: 'sport' });

    await settled(element);

    const request = new URLSearchParams((await requestsTo(api)).lastSearch ?? '');
    expect(request.get('limit')).toBe('3');
    expect(request.get('section')).toBe('sport');
    expect(titles(element)).toEqual(arabic.filter((h) => h.section === 'sport').map((h) => h.title));
  });

  it('asks for six headlines by default', async () => {
    const api = apiFor('arabic');
    const element = mount({ api, limit: '3' });
    await settled(element);
    expect(slides(element)).toHaveLength(3);

    element.removeAttribute('limit');
    await expect.poll(() => slides(element).length).toBe(6);

    expect(new URLSearchParams((await requestsTo(api)).lastSearch ?? '').get('limit')).toBe('6');
  });

  it('treats `api` as an origin, as embed.js sets it: the worker answers at its root', async () => {
    const api = apiFor('arabic');
    const element = mount({ api: `${api}/ignored/path` });

    await settled(element);

    expect((await requestsTo(api)).lastPath).toBe('/v1/headlines');
  });
});

describe('a hostile host page', () => {
  it('still shows the carousel under "* { all: unset }" and "div { display: none !important }"', async () => {
    const style = place('style');
    style.textContent = '* { all: unset } div { display: none !important } section { display: none !important }';
    const element = mount({ api: apiFor('arabic') }, { parent: document.body });
    // Unset, the test page's own <script> and <style> text shows and pushes the carousel down.
    element.scrollIntoView();

    await settled(element);

    expect(element.getBoundingClientRect().height).toBeGreaterThan(50);
    expect(slidesInView(element).length).toBeGreaterThan(0);
    expect(getComputedStyle(part(element, '[part~=base]')).direction).toBe('rtl');
  });

  it('keeps its own direction and font size inside a page that is left to right with a tiny root font', async () => {
    const wrapper = place('article', 'direction: ltr; font: 6px/1 monospace; letter-spacing: 3px; text-align: center');
    const element = mount({ api: apiFor('arabic') }, { parent: wrapper });

    await settled(element);

    const title = part(element, '[part~=title]');
    expect(getComputedStyle(part(element, '[part~=base]')).direction).toBe('rtl');
    expect(parseFloat(getComputedStyle(title).fontSize)).toBeGreaterThanOrEqual(14);
    // Letter spacing breaks the joining of Arabic letters.
    expect(getComputedStyle(title).letterSpacing).toMatch(/^(normal|0px)$/);
  });
});
