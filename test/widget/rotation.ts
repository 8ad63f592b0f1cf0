/**
 * Arrangement for the rotation tests: a carousel rotating every second, its rotation button and live
 * region, and where it stands after a wait.
 */
import { userEvent } from 'vitest/browser';
import type { KhabarCarousel } from '../../widget/khabar-carousel.ts';
import { rotationPeriodsPassed } from './signals.ts';
import { apiFor, mount, part, place, position, scrollSettled, settled } from './support.ts';

export const PERIOD_MS = 1000;

/** Where the pointer rests between interactions, outside the carousel. */
export let parking: HTMLElement;

/**
 * A rotating carousel, below a strip of the host page where the pointer rests: the mouse stays wherever the
 * last test left it, and a carousel mounted under it would be (rightly) paused as hovered.
 */
export async function rotating(attributes: Record<string, string> = {}): Promise<KhabarCarousel> {
  parking = place('p', 'block-size: 40px; margin: 0');
  parking.textContent = 'elsewhere on the page';
  await userEvent.hover(parking);
  const element = mount({ api: apiFor('arabic'), autoplay: String(PERIOD_MS / 1000), ...attributes });
  await settled(element);
  return element;
}

export const rotation = (element: KhabarCarousel): HTMLElement => part(element, '[part~=rotation]');
export const liveness = (element: KhabarCarousel): string | null => part(element, '[part~=track]').getAttribute('aria-live');

/**
 * Where the carousel stands, untouched, once a control rotating at the same period and started now has moved
 * on twice: had this one kept rotating, it would have moved by then.
 */
export async function after(element: KhabarCarousel): Promise<number> {
  await rotationPeriodsPassed(apiFor('arabic'), PERIOD_MS / 1000);
  await scrollSettled(element);
  return position(element);
}

