/**
 * Relative dates in the reader's language and digits (Arabic-Indic ٣ or Latin 3), slide positions
 * («٢ من ٦»), and the links a partner's readers follow.
 */
import { describe, expect, it } from 'vitest';
import { headlinesFor, UPDATED_AGO_MINUTES } from './fixtures.ts';
import { allParts, apiFor, cards, MESSAGES, mount, part, settled, slideName, slides } from './support.ts';
import type { KhabarCarousel } from '../../widget/khabar-carousel.ts';

const arabic = headlinesFor('arabic', Date.now())!.items;
const LATIN_DIGITS = /[0-9]/;
const ARABIC_INDIC_DIGITS = /[\u0660-\u0669]/;

/** The platform's own phrase for "3 minutes ago" in this locale (not a string the widget chose). */
const minutesAgo = (locale: string): string => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-UPDATED_AGO_MINUTES, 'minute');

const status = (element: KhabarCarousel): string => part(element, '[part~=status]').textContent?.trim() ?? '';
const metas = (element: KhabarCarousel): string[] => allParts(element, '[part~=meta]').map((m) => m.textContent ?? '');

describe('relative dates', () => {
  it('read «حُدّث قبل ٣ دقائق» with Arabic-Indic digits by default', async () => {
    const element = mount({ api: apiFor('arabic') });

    await settled(element);

    expect(status(element)).toContain(MESSAGES.ar.updated);
    expect(status(element)).toContain(minutesAgo('ar-u-nu-arab'));
    for (const text of [status(element), ...metas(element)]) {
      expect(text).toMatch(ARABIC_INDIC_DIGITS);
      expect(text).not.toMatch(LATIN_DIGITS);
    }
  });

  it('use Latin digits with digits="latn"', async () => {
    const element = mount({ api: apiFor('arabic'), digits: 'latn' });

    await settled(element);

    expect(status(element)).toContain(minutesAgo('ar-u-nu-latn'));
    for (const text of [status(element), ...metas(element)]) {
      expect(text).toMatch(LATIN_DIGITS);
      expect(text).not.toMatch(ARABIC_INDIC_DIGITS);
    }
  });

  it('are in English with lang="en"', async () => {
    const element = mount({ api: apiFor('english'), lang: 'en', digits: 'latn' });

    await settled(element);

    expect(status(element)).toContain(`${MESSAGES.en.updated} ${minutesAgo('en')}`);
  });

  it('name each headline’s source and age', async () => {
    const element = mount({ api: apiFor('arabic') });

    await settled(element);

    const ages = ['minute', 'hour', 'hour', 'day', 'day', 'day'] as const;
    const amounts = [-3, -5, -7, -3, -4, -6];
    metas(element).forEach((meta, index) => {
      const age = new Intl.RelativeTimeFormat('ar-u-nu-arab', { numeric: 'auto' }).format(amounts[index]!, ages[index]!);
      expect(meta).toContain(age);
    });
    // Source, not section: a section is a slug (`news`), the source is the newsroom's name, in its language.
    expect(metas(element)[1]).toContain(`${arabic[1]!.source} · `);
  });
});

describe('slide positions', () => {
  it('name each slide «n من ٦», and its card by its title', async () => {
    const element = mount({ api: apiFor('arabic') });

    await settled(element);

    expect(slideName(slides(element)[1]!)).toBe(`٢ ${MESSAGES.ar.of} ٦`);
    expect(cards(element)[1]!.textContent).toContain(arabic[1]!.title);
  });

  it('use Latin digits with digits="latn", and English with lang="en"', async () => {
    const latn = mount({ api: apiFor('arabic'), digits: 'latn' });
    const en = mount({ api: apiFor('english'), lang: 'en', digits: 'latn' });

    await settled(latn);
    await settled(en);

    expect(slideName(slides(latn)[1]!)).toBe(`2 ${MESSAGES.ar.of} 6`);
    expect(slideName(slides(en)[5]!)).toBe(`6 ${MESSAGES.en.of} 6`);
  });
});

describe('links', () => {
  it('go to the article as published when there is no partner', async () => {
    const element = mount({ api: apiFor('arabic') });

    await settled(element);

    expect(cards(element).map((card) => card.getAttribute('href'))).toEqual(arabic.map((h) => new URL(h.url).href));
  });

  it('carry utm_source=<partner>&utm_medium=khabar, keeping the article’s own query and fragment', async () => {
    const element = mount({ api: apiFor('arabic'), partner: 'al-waha' });

    await settled(element);

    cards(element).forEach((card, index) => {
      const href = new URL(card.getAttribute('href')!);
      const original = new URL(arabic[index]!.url);
      expect(href.origin + href.pathname).toBe(original.origin + original.pathname);
      expect(href.searchParams.get('utm_source')).toBe('al-waha');
      expect(href.searchParams.get('utm_medium')).toBe('khabar');
      for (const [name, value] of original.searchParams) expect(href.searchParams.get(name)).toBe(value);
      expect(href.hash).toBe(original.hash);
    });
  });

  it('encode a partner id that is not URL-safe instead of breaking the link', async () => {
    const element = mount({ api: apiFor('arabic'), partner: 'a&b=c d' });

    await settled(element);

    const href = new URL(cards(element)[0]!.getAttribute('href')!);
    expect(href.searchParams.get('utm_source')).toBe('a&b=c d');
    expect(href.searchParams.get('utm_medium')).toBe('khabar');
    expect([...href.searchParams.keys()].sort()).toEqual(['utm_medium', 'utm_source']);
  });
});
