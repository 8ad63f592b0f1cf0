/**
 * Headlines are data from the network, never markup or script: titles show literally, and only http(s)
 * URLs become links, whatever the spelling of the scheme.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOSTILE_URLS, headlinesFor, XSS_TITLE } from './fixtures.ts';
import { imageFailed } from './signals.ts';
import { allParts, apiFor, cards, mount, settled, titles } from './support.ts';

const served = headlinesFor('xss', Date.now())!.items;
let alerts: unknown[] = [];
const realAlert = window.alert;

beforeEach(() => {
  // The test page's own alert, recorded: a payload that runs would call it.
  alerts = [];
  window.alert = (message?: unknown) => void alerts.push(message);
});
afterEach(() => {
  window.alert = realAlert;
});

describe('hostile headlines', () => {
  it('show titles as the literal text they are', async () => {
    const element = mount({ api: apiFor('xss') });

    await settled(element);
    // The payload's own image (`src=x`), had it been put in the page, would have failed and run its handler first.
    await imageFailed('x');

    expect(titles(element)).toEqual(served.map((h) => h.title));
    expect(titles(element)[0]).toBe(XSS_TITLE);
    expect(allParts(element, 'img, script, svg, b')).toEqual([]);
    expect(alerts).toEqual([]);
  });

  it('never link to javascript: or data: URLs', async () => {
    const element = mount({ api: apiFor('xss'), partner: 'acme' });

    await settled(element);

    const hrefs = cards(element).map((card) => card.getAttribute('href'));
    expect(hrefs.slice(0, HOSTILE_URLS.length)).toEqual(HOSTILE_URLS.map(() => null));
    expect(hrefs.at(-1)).toMatch(/^https:\/\/khabar\.example\/articles\/xss-safe\?/);
    for (const link of allParts<HTMLAnchorElement>(element, 'a[href]')) {
      expect(['http:', 'https:']).toContain(link.protocol);
    }
  });

  it('still show the unlinked headlines as text, without throwing', async () => {
    const element = mount({ api: apiFor('xss') });

    await settled(element);

    expect(cards(element)).toHaveLength(served.length);
    expect(cards(element)[0]!.textContent).toContain(XSS_TITLE);
  });
});
