/**
 * When rotation waits and when it stops: paused while the pointer is over it, while it is off-screen or the
 * tab is hidden (it resumes after); stopped for good once keyboard focus enters, until the reader presses
 * start (the APG carousel pattern).
 */
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { after, liveness, PERIOD_MS, parking, rotating, rotation } from './rotation.ts';
import { emulateTabHidden, focusedInside, MESSAGES, part, place, position, scrollSettled, tabBackInto, tabInto } from './support.ts';

describe('pauses', () => {
  it('pause while the pointer is over the carousel, and resume when it leaves', async () => {
    const element = await rotating();

    await userEvent.hover(part(element, '[part~=track]'));
    // A step that began just before the pointer came in finishes: where it rests is where it must stay.
    await scrollSettled(element);
    const hoveredAt = position(element);
    const still = await after(element);
    const labelWhileHovered = rotation(element).getAttribute('aria-label');
    await userEvent.hover(parking);

    expect(still).toBe(hoveredAt);
    // A pause is not a stop: the button still offers "stop".
    expect(labelWhileHovered).toBe(MESSAGES.ar.stop);
    await expect.poll(() => position(element), { timeout: PERIOD_MS * 2.5 }).not.toBe(hoveredAt);
  });

  it('pause while the carousel is scrolled out of view, and resume when it is back', async () => {
    const element = await rotating();
    place('div', 'block-size: 3000px');

    window.scrollTo(0, 2500);
    await scrollSettled(element);
    const pausedAt = position(element);
    const still = await after(element);
    window.scrollTo(0, 0);

    expect(still).toBe(pausedAt);
    await expect.poll(() => position(element), { timeout: PERIOD_MS * 2.5 }).not.toBe(pausedAt);
  });

  it('pause while the tab is hidden, and resume when the reader comes back', async () => {
    const element = await rotating();

    emulateTabHidden(true);
    await scrollSettled(element);
    const pausedAt = position(element);
    const still = await after(element);
    emulateTabHidden(false);

    expect(still).toBe(pausedAt);
    await expect.poll(() => position(element), { timeout: PERIOD_MS * 2.5 }).not.toBe(pausedAt);
  });
});

describe('keyboard focus', () => {
  it('stops rotation for good: leaving does not restart it, only the start button does', async () => {
    const element = await rotating();

    const focused = await tabInto(element);
    await element.updateComplete;
    const labelOnFocus = rotation(element).getAttribute('aria-label');
    const liveOnFocus = liveness(element);
    await userEvent.click(parking);
    await scrollSettled(element);
    const stoppedAt = position(element);
    const stillAfterLeaving = await after(element);
    const labelAfterLeaving = rotation(element).getAttribute('aria-label');

    expect(focused).toBe(rotation(element));
    expect(labelOnFocus).toBe(MESSAGES.ar.start);
    expect(liveOnFocus).toBe('polite');
    expect(focusedInside(element)).toBeNull();
    expect(stillAfterLeaving).toBe(stoppedAt);
    expect(labelAfterLeaving).toBe(MESSAGES.ar.start);

    // The reader asks for rotation again, from the keyboard, with focus on the button.
    await tabInto(element);
    await userEvent.keyboard('{Enter}');
    await element.updateComplete;

    expect(rotation(element).getAttribute('aria-label')).toBe(MESSAGES.ar.stop);
    expect(liveness(element)).toBe('off');
    await expect.poll(() => position(element), { timeout: PERIOD_MS * 2.5 }).not.toBe(stoppedAt);
  });

  it('on a headline (reached backwards, never touching the button) stops rotation too', async () => {
    const element = await rotating();

    const focused = await tabBackInto(element);
    await element.updateComplete;

    expect(focused?.matches('[part~=card]')).toBe(true);
    expect(rotation(element).getAttribute('aria-label')).toBe(MESSAGES.ar.start);
    await scrollSettled(element);
    const at = position(element);
    expect(await after(element)).toBe(at);
  });
});
