/**
 * axe-core over the element in each state and theme: no serious or critical violation. axe reads the
 * shadow tree, computes accessible names and measures colour contrast on what Chromium rendered.
 */
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';
import { commands, userEvent } from 'vitest/browser';
import { apiFor, mount, part, settled, SLIDE } from './support.ts';
import type { KhabarCarousel } from '../../widget/khabar-carousel.ts';
import type { Scenario } from './fixtures.ts';

/** Violations a reader would be blocked by: axe's serious and critical impacts, summarised for a readable failure. */
async function blockers(element: Element): Promise<string[]> {
  const results = await axe.run(element, { resultTypes: ['violations'] });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function shown(scenario: Scenario, attributes: Record<string, string> = {}, state: 'ready' | 'empty' | 'error' = 'ready'): Promise<KhabarCarousel> {
  const element = mount({ api: apiFor(scenario), ...attributes });
  await settled(element, state);
  return element;
}

describe('axe-core finds no serious or critical violation', () => {
  it.each([
    ['Arabic headlines, light', 'arabic', { theme: 'light' }, 'ready'],
    ['Arabic headlines, dark', 'arabic', { theme: 'dark' }, 'ready'],
    ['English headlines, English UI', 'english', { lang: 'en' }, 'ready'],
    ['headlines with pictures, rotating', 'images', { autoplay: '5' }, 'ready'],
    ['a stale copy', 'stale', {}, 'ready'],
    ['no headlines', 'empty', {}, 'empty'],
    ['an error with a retry button', 'error', {}, 'error'],
    ['an error, dark', 'error', { theme: 'dark' }, 'error'],
  ] as const)('%s', async (_, scenario, attributes, state) => {
    const element = await shown(scenario, attributes, state);

    expect(await blockers(element)).toEqual([]);
  });

  it('while loading, light and dark', async () => {
    const light = mount({ api: apiFor('slow'), theme: 'light' });
    const dark = mount({ api: apiFor('slow'), theme: 'dark' });
    await Promise.all([light.updateComplete, dark.updateComplete]);

    expect(await blockers(light)).toEqual([]);
    expect(await blockers(dark)).toEqual([]);
  });

  it('in automatic theme under a dark system scheme', async () => {
    await commands.emulateMedia({ colorScheme: 'dark' });
    const element = await shown('arabic');

    expect(await blockers(element)).toEqual([]);
  });
});

describe('structure for assistive technology', () => {
  it('is a labelled carousel region of labelled slides', async () => {
    const element = await shown('arabic');

    const region = part(element, 'section[role=region][aria-roledescription=carousel]');
    const slides = [...region.querySelectorAll(SLIDE)];
    expect(region.getAttribute('aria-label')).toBeTruthy();
    expect(slides).toHaveLength(6);
    for (const slide of slides) {
      for (const id of slide.getAttribute('aria-labelledby')!.split(' ')) {
        expect(element.shadowRoot!.getElementById(id), `#${id} of ${slide.getAttribute('aria-labelledby')}`).not.toBeNull();
      }
    }
  });

  it('gives every button an accessible name in the UI language', async () => {
    const element = await shown('arabic', { autoplay: '5' });

    for (const button of element.shadowRoot!.querySelectorAll('button')) {
      expect((button.getAttribute('aria-label') ?? button.textContent ?? '').trim()).not.toBe('');
    }
  });

  it('shows a visible focus ring on the card that has keyboard focus', async () => {
    const element = await shown('arabic', { theme: 'light' });
    const card = part(element, '[part~=card]');

    (document.activeElement as HTMLElement | null)?.blur();
    part(element, '[part~=next]').focus();
    await userEvent.tab();

    expect(element.shadowRoot!.activeElement).toBe(card);
    const style = getComputedStyle(card);
    expect(style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2).toBe(true);
  });

  it('gives pictures their text alternative, reserved size and lazy loading', async () => {
    const element = await shown('images');

    const images = [...element.shadowRoot!.querySelectorAll<HTMLImageElement>('img[part~=image]')];
    expect(images).toHaveLength(6);
    for (const image of images) {
      expect(image.alt.trim()).not.toBe('');
      expect(image.getAttribute('width')).toBe('640');
      expect(image.getAttribute('height')).toBe('360');
      expect(image.loading).toBe('lazy');
    }
  });
});
