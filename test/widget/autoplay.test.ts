/**
 * Rotation (`autoplay` seconds per headline) as WCAG 2.2.2 and the APG carousel pattern want it: a stop
 * button first in the tab order that turns into "start", and no live announcements while it moves.
 * One-second periods keep this fast; "does not move" is checked once a control carousel, rotating at the same
 * period, has moved twice (rotation.ts `after`).
 */
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { after, liveness, PERIOD_MS, parking, rotating, rotation } from './rotation.ts';
import { apiFor, MESSAGES, maybePart, mount, part, position, restsAt, scrollSettled, settled, tabInto } from './support.ts';

describe('rotation', () => {
  it('moves on one headline per period, silently, with a stop button', async () => {
    const element = await rotating();

    await restsAt(element, 0);
    await expect.poll(() => position(element), { timeout: PERIOD_MS * 2.5 }).toBe(1);
    await expect.poll(() => position(element), { timeout: PERIOD_MS * 2.5 }).toBe(2);

    expect(rotation(element).getAttribute('aria-label')).toBe(MESSAGES.ar.stop);
    expect(rotation(element).hasAttribute('aria-pressed')).toBe(false);
    expect(liveness(element)).toBe('off');
  });

  it('is absent without `autoplay`: no rotation button, and the track announces changes politely', async () => {
    const element = mount({ api: apiFor('arabic') });
    await settled(element);

    const still = await after(element);

    expect(still).toBe(0);
    expect(maybePart(element, '[part~=rotation]')).toBeNull();
    expect(liveness(element)).toBe('polite');
  });

  it('puts the rotation button first in the tab order, before the headlines and the other buttons', async () => {
    const element = await rotating();
    const parts = [...part(element, '[part~=controls]').querySelectorAll('[part]')].map((p) => p.getAttribute('part'));

    const first = await tabInto(element);

    expect(first).toBe(rotation(element));
    expect(parts.findIndex((p) => /\brotation\b/.test(p!))).toBeLessThan(parts.findIndex((p) => /\bprev\b/.test(p!)));
  });

  it('speaks English on the button when lang="en"', async () => {
    const element = await rotating({ lang: 'en' });

    expect(rotation(element).getAttribute('aria-label')).toBe(MESSAGES.en.stop);
    await userEvent.click(rotation(element));
    expect(rotation(element).getAttribute('aria-label')).toBe(MESSAGES.en.start);
  });
});

describe('the rotation button', () => {
  it('stops rotation when clicked, turns into "start", and starts it again', async () => {
    const element = await rotating();

    await userEvent.click(rotation(element));
    await element.updateComplete;
    // The pointer leaves, so the hover pause cannot stand in for a stop that did not happen.
    await userEvent.hover(parking);
    await scrollSettled(element);
    const stoppedAt = position(element);
    const labelStopped = rotation(element).getAttribute('aria-label');
    const liveStopped = liveness(element);
    const still = await after(element);

    await userEvent.click(rotation(element));
    await element.updateComplete;
    await userEvent.hover(parking); // the pointer leaves, or rotation would (rightly) stay paused by hover

    expect(labelStopped).toBe(MESSAGES.ar.start);
    expect(liveStopped).toBe('polite');
    expect(still).toBe(stoppedAt);
    expect(rotation(element).getAttribute('aria-label')).toBe(MESSAGES.ar.stop);
    expect(liveness(element)).toBe('off');
    await expect.poll(() => position(element), { timeout: PERIOD_MS * 2.5 }).not.toBe(stoppedAt);
  });
});

