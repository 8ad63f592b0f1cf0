/**
 * Light, dark and automatic themes, read from the colours Chromium computes inside the shadow root: what
 * the reader sees, whatever CSS technique gets there. Then what a host page can restyle: custom properties
 * and `::part()`.
 */
import { describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { apiFor, backgroundOf, luminance, mount, nextFrame, over, part, place, settled } from './support.ts';
import type { KhabarCarousel } from '../../widget/khabar-carousel.ts';

const LIGHT = 0.7;
const DARK = 0.15;

const textOf = (element: KhabarCarousel): string => getComputedStyle(part(element, '[part~=title]')).color;
/** The card as seen: its (possibly translucent) background over the carousel's. */
const cardOf = (element: KhabarCarousel) => over(getComputedStyle(part(element, '[part~=card]')).backgroundColor, backgroundOf(element));

async function themed(theme: string | null): Promise<KhabarCarousel> {
  const element = mount({ api: apiFor('arabic'), ...(theme && { theme }) });
  await settled(element);
  return element;
}

describe('theme', () => {
  it('light: dark text on a light background', async () => {
    await commands.emulateMedia({ colorScheme: 'dark' });
    const element = await themed('light');

    expect(luminance(backgroundOf(element))).toBeGreaterThan(LIGHT);
    expect(luminance(cardOf(element))).toBeGreaterThan(LIGHT);
    expect(luminance(textOf(element))).toBeLessThan(DARK);
  });

  it('dark: light text on a dark background', async () => {
    await commands.emulateMedia({ colorScheme: 'light' });
    const element = await themed('dark');

    expect(luminance(backgroundOf(element))).toBeLessThan(DARK);
    expect(luminance(cardOf(element))).toBeLessThan(DARK);
    expect(luminance(textOf(element))).toBeGreaterThan(LIGHT);
  });

  it('changes at once when the theme attribute changes at runtime', async () => {
    const element = await themed('light');

    element.setAttribute('theme', 'dark');
    await element.updateComplete;
    await nextFrame();
    const darkBackground = backgroundOf(element);
    element.setAttribute('theme', 'light');
    await element.updateComplete;
    await nextFrame();

    expect(luminance(darkBackground)).toBeLessThan(DARK);
    expect(luminance(backgroundOf(element))).toBeGreaterThan(LIGHT);
  });

  it('auto (the default) follows the system colour scheme, live', async () => {
    await commands.emulateMedia({ colorScheme: 'dark' });
    const element = await themed(null);
    const inDark = backgroundOf(element);

    await commands.emulateMedia({ colorScheme: 'light' });
    await nextFrame();
    const inLight = backgroundOf(element);
    await commands.emulateMedia({ colorScheme: 'dark' });
    await nextFrame();

    expect(luminance(inDark)).toBeLessThan(DARK);
    expect(luminance(inLight)).toBeGreaterThan(LIGHT);
    expect(luminance(backgroundOf(element))).toBeLessThan(DARK);
    expect(luminance(textOf(element))).toBeGreaterThan(LIGHT);
  });

  it('treats an unknown theme as auto', async () => {
    await commands.emulateMedia({ colorScheme: 'dark' });
    const element = await themed('sepia');

    expect(luminance(backgroundOf(element))).toBeLessThan(DARK);
  });
});

describe('CSS custom properties', () => {
  it('let the host page set the colours, radius and font size', async () => {
    const element = mount({ api: apiFor('arabic'), theme: 'light' });
    element.setAttribute(
      'style',
      '--khabar-bg: rgb(10, 20, 30); --khabar-fg: rgb(250, 240, 230); --khabar-card-bg: rgb(40, 50, 60); --khabar-radius: 3px; --khabar-font-size: 20px',
    );
    await settled(element);

    const card = part(element, '[part~=card]');
    expect(backgroundOf(element)).toBe('rgb(10, 20, 30)');
    expect(textOf(element)).toBe('rgb(250, 240, 230)');
    expect(getComputedStyle(part(element, '[part~=card]')).backgroundColor).toBe('rgb(40, 50, 60)');
    expect(getComputedStyle(card).borderTopLeftRadius).toBe('3px');
    expect(getComputedStyle(part(element, '[part~=base]')).fontSize).toBe('20px');
  });
});

describe('::part() from the host page', () => {
  it('styles the named parts, over the element’s own styles', async () => {
    const style = place('style');
    style.textContent = `
      khabar-carousel::part(title) { color: rgb(1, 2, 3) }
      khabar-carousel::part(meta) { color: rgb(4, 5, 6) }
      khabar-carousel::part(card) { background-color: rgb(7, 8, 9) }
      khabar-carousel::part(next) { border-radius: 0px }
      khabar-carousel::part(status) { font-style: italic }
    `;
    const element = await themed('light');

    expect(getComputedStyle(part(element, '[part~=title]')).color).toBe('rgb(1, 2, 3)');
    expect(getComputedStyle(part(element, '[part~=meta]')).color).toBe('rgb(4, 5, 6)');
    expect(getComputedStyle(part(element, '[part~=card]')).backgroundColor).toBe('rgb(7, 8, 9)');
    expect(getComputedStyle(part(element, '[part~=next]')).borderTopLeftRadius).toBe('0px');
    expect(getComputedStyle(part(element, '[part~=status]')).fontStyle).toBe('italic');
  });

  it('is the only way in: page rules for the shadow tree’s own classes and tags do not reach it', async () => {
    const style = place('style');
    style.textContent = 'khabar-carousel .title, khabar-carousel span, .title { color: rgb(200, 0, 0) !important }';
    const element = await themed('light');

    expect(getComputedStyle(part(element, '[part~=title]')).color).not.toBe('rgb(200, 0, 0)');
  });
});
