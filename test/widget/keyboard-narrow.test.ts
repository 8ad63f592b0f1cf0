/**
 * Keyboard on a phone and on a desktop (issue 11 part 3): wherever focus goes in the six headlines — arrows, Home,
 * End, Tab and Shift+Tab, real key presses — the focused headline ends wholly inside the track, once scrolling has
 * settled. At 375 px, focus scrolling and scroll-snap once disagreed and left every other card a third visible.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { KhabarCarousel } from '../../widget/khabar-carousel.ts';
import { apiFor, cards, focusedInside, mount, part, scrollSettled, settled, tabBackInto, tabTo } from './support.ts';

const WIDTHS = [320, 375, 768, 1280] as const;
const FEEDS = [
  { feed: 'arabic', lang: 'ar', next: 'ArrowLeft', prev: 'ArrowRight' },
  { feed: 'english', lang: 'en', next: 'ArrowRight', prev: 'ArrowLeft' },
] as const;

afterEach(async () => {
  // The project's viewport (test/vitest.config.ts).
  await page.viewport(900, 700);
});

/** Presses a key (Playwright), waits for scrolling to settle, and says where focus is and whether it is wholly in view. */
async function press(element: KhabarCarousel, keys: string): Promise<{ card: number; inView: boolean; box: string }> {
  if (keys) await userEvent.keyboard(keys);
  await scrollSettled(element);
  const focused = focusedInside(element);
  const card = cards(element).indexOf(focused as HTMLElement);
  const track = part(element, '[part~=track]').getBoundingClientRect();
  const box = focused?.getBoundingClientRect();
  const inView = !!box && box.left >= track.left - 1 && box.right <= track.right + 1;
  return { card, inView, box: box ? `card ${Math.round(box.left)}–${Math.round(box.right)} in track ${Math.round(track.left)}–${Math.round(track.right)}` : 'nothing focused' };
}

describe.each(WIDTHS)('at %i px', (width) => {
  it.each(FEEDS)('$feed feed: arrows, Home, End, Tab and Shift+Tab keep the focused headline wholly in view', async ({ feed, lang, next, prev }) => {
    await page.viewport(width, 800);
    const element = mount({ api: apiFor(feed), lang });
    await settled(element);
    const last = cards(element).length - 1;
    await tabTo(element, (focused) => focused === cards(element)[0]);

    const steps: { key: string; expected: number }[] = [
      ...[1, 2, 3, 4, 5].map((expected) => ({ key: `{${next}}`, expected })),
      ...[4, 3, 2, 1, 0].map((expected) => ({ key: `{${prev}}`, expected })),
      { key: '{End}', expected: last },
      { key: '{Home}', expected: 0 },
      ...[1, 2, 3, 4, 5].map((expected) => ({ key: '{Tab}', expected })),
      ...[4, 3, 2, 1, 0].map((expected) => ({ key: '{Shift>}{Tab}{/Shift}', expected })),
    ];
    const seen: string[] = [];
    for (const { key, expected } of steps) {
      const where = await press(element, key);
      seen.push(`${key} → card ${where.card}${where.inView ? '' : ` CUT: ${where.box}`}`);
      expect(where.card, seen.join('\n')).toBe(expected);
    }

    // Into the carousel from outside, the track scrolled away from the card focus lands on: Tab from the next
    // button to the first card, with the track at its end; Shift+Tab from the page after it to the last card.
    await press(element, '{End}');
    part(element, '[part~=next]').focus();
    const first = await press(element, '{Tab}');
    seen.push(`next button {Tab} → card ${first.card}${first.inView ? '' : ` CUT: ${first.box}`}`);
    await press(element, '{Home}');
    await tabBackInto(element);
    const lastIn = await press(element, '');
    seen.push(`page after {Shift+Tab} → card ${lastIn.card}${lastIn.inView ? '' : ` CUT: ${lastIn.box}`}`);

    expect([first.card, lastIn.card]).toEqual([0, last]);
    expect(seen.filter((step) => step.includes('CUT'))).toEqual([]);
  }, 90_000);
});
