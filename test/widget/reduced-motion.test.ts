/**
 * `prefers-reduced-motion: reduce`, emulated in Chromium as the operating system would report it: the
 * carousel never moves by itself, and moving on by button or key jumps instead of gliding.
 */
import { describe, expect, it } from 'vitest';
import { commands, userEvent } from 'vitest/browser';
import { apiFor, MESSAGES, mount, nextFrame, part, position, restsAt, scrollSettled, settled, sleep } from './support.ts';

describe('with prefers-reduced-motion: reduce', () => {
  it('never starts rotating: the button offers "start" and the track stays polite', async () => {
    await commands.emulateMedia({ reducedMotion: 'reduce' });
    const element = mount({ api: apiFor('arabic'), autoplay: '1' });
    await settled(element);

    await sleep(1800);
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
    await sleep(1800);
    await scrollSettled(element);

    expect(part(element, '[part~=rotation]').getAttribute('aria-label')).toBe(MESSAGES.ar.start);
    expect(position(element)).toBe(at);
  });

  it('jumps to the next headline without a scrolling animation', async () => {
    await commands.emulateMedia({ reducedMotion: 'reduce' });
    const element = mount({ api: apiFor('arabic') });
    await settled(element);

    await userEvent.click(part(element, '[part~=next]'));
    await nextFrame();

    // A smooth scroll would still be on its way one frame later.
    expect(position(element)).toBe(1);
    await restsAt(element, 1);
  });
});
