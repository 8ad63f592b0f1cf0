/**
 * `prefers-reduced-motion: reduce`, emulated in Chromium as the operating system would report it: the
 * carousel never moves by itself, and moving on by button or key jumps instead of gliding.
 */
import { describe, expect, it } from 'vitest';
import { commands, userEvent } from 'vitest/browser';
import { rotationPeriodsPassed } from './signals.ts';
import { apiFor, MESSAGES, mount, part, position, restsAt, scrollSettled, settled } from './support.ts';

describe('with prefers-reduced-motion: reduce', () => {
  it('never starts rotating: the button offers "start" and the track stays polite', async () => {
    await commands.emulateMedia({ reducedMotion: 'reduce' });
    const element = mount({ api: apiFor('arabic'), autoplay: '1' });
    await settled(element);

    // A control rotating at the same period (started by its button: the reader may still ask) moves twice.
    await rotationPeriodsPassed(apiFor('arabic'), 1);
    await scrollSettled(element);

    expect(position(element)).toBe(0);
    expect(part(element, '[part~=rotation]').getAttribute('aria-label')).toBe(MESSAGES.ar.start);
    expect(part(element, '[part~=track]').getAttribute('aria-live')).toBe('polite');
  });

  it('stops a rotating carousel as soon as the reader turns the setting on', async () => {
    // Not the contract's letter ("never starts"), but a carousel that keeps moving after the reader asked
    // the system for less motion is what the setting is there to prevent.
    const element = mount({ api: apiFor('arabic'), autoplay: '1' });
    await settled(element);
    expect(part(element, '[part~=rotation]').getAttribute('aria-label')).toBe(MESSAGES.ar.stop);

    await commands.emulateMedia({ reducedMotion: 'reduce' });
    await element.updateComplete;
    await scrollSettled(element);
    const at = position(element);
    await rotationPeriodsPassed(apiFor('arabic'), 1);
    await scrollSettled(element);

    expect(part(element, '[part~=rotation]').getAttribute('aria-label')).toBe(MESSAGES.ar.start);
    expect(position(element)).toBe(at);
  });

  it('jumps to the next headline without a scrolling animation', async () => {
    await commands.emulateMedia({ reducedMotion: 'reduce' });
    const element = mount({ api: apiFor('arabic') });
    await settled(element);
    const track = part(element, '[part~=track]');
    const offsets: number[] = [];
    const record = (): void => void offsets.push(track.scrollLeft);
    track.addEventListener('scroll', record);
    const ended = new Promise((resolve) => track.addEventListener('scrollend', resolve, { once: true }));

    await userEvent.click(part(element, '[part~=next]'));
    await ended;
    track.removeEventListener('scroll', record);

    // One jump: a smooth scroll reports the offsets it passes through on the way.
    expect(offsets.length).toBeGreaterThan(0);
    expect(new Set(offsets).size).toBe(1);
    await restsAt(element, 1);
  });
});
