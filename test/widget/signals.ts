/**
 * Waits on events and states, for "nothing happened" checks: each resolves on a positive signal that would
 * have come after the thing that must not happen, so a check never passes only because a starved timer had
 * not fired yet (the machine is shared; four test pages run at once).
 *
 * The main signal is a control: a second carousel that does what the one under test must not (rotate,
 * refresh), in a frame of its own so that hiding this document (`emulateTabHidden`) does not pause it. Once
 * the control has rotated or refreshed, started after the one under test was paused, the one under test
 * would have too.
 */
import { expect } from 'vitest';
import type { KhabarCarousel } from '../../widget/khabar-carousel.ts';
import { MESSAGES, part, place, position, settled } from './support.ts';

const REGISTRATION = new URL('../../widget/khabar-carousel.ts', import.meta.url).href;

/** How long a control may take to show its signal: generous, it only bounds a failure. */
const CONTROL_TIMEOUT_MS = 10_000;

/**
 * A `<khabar-carousel>` with these attributes in a frame of its own, fixed at the bottom of the viewport
 * (in view however the page is scrolled; away from the pointer's parking strip at the top), loaded and ready.
 * Removed after the test. Its frame's document is not the one a test hides.
 */
export async function control(attributes: Record<string, string>): Promise<KhabarCarousel> {
  const frame = place('iframe', 'position: fixed; inset-block-end: 0; inset-inline-start: 0; inline-size: 600px; block-size: 240px; border: 0');
  const attrs = Object.entries(attributes)
    .map(([name, value]) => `${name}="${value.replaceAll('&', '&amp;').replaceAll('"', '&quot;')}"`)
    .join(' ');
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.srcdoc = `<!doctype html><body style="margin: 0"><script type="module" src="${REGISTRATION}"></script><khabar-carousel ${attrs}></khabar-carousel></body>`;
  await loaded;
  const element = frame.contentDocument!.querySelector('khabar-carousel') as KhabarCarousel;
  await settled(element);
  return element;
}

/**
 * Resolves once a control rotating every `periodSeconds` has moved on `steps` headlines, started now (after
 * whatever the caller paused or stopped): a carousel rotating at that period since earlier would have moved
 * by then. The control is started by its button when rotation is off (`prefers-reduced-motion`).
 */
export async function rotationPeriodsPassed(api: string, periodSeconds: number, steps = 2): Promise<void> {
  const rotating = await control({ api, autoplay: String(periodSeconds) });
  const button = part(rotating, '[part~=rotation]');
  if (button.getAttribute('aria-label') === MESSAGES.ar.start) button.click();
  await expect.poll(() => position(rotating), { timeout: CONTROL_TIMEOUT_MS }).toBeGreaterThanOrEqual(steps);
}

/**
 * Resolves when the event loop is idle: every task already queued (a network answer being handled, an
 * error or unhandled rejection being reported, an image's error event) has run. The deadline is for a page that
 * is never idle (other test files' carousels rotating in the same browser): the callback then runs as a task
 * queued after those, which is all the callers need.
 */
export const idle = (): Promise<void> => new Promise((resolve) => requestIdleCallback(() => resolve(), { timeout: 1000 }));

/**
 * Resolves once an IntersectionObserver made now, with `rootMargin`, has reported on `target`. Observers
 * report in the order they were made, so one the element made earlier (when it was connected) has been told
 * the same by then, and has acted on it.
 */
export function intersectionReported(target: Element, rootMargin = '0px'): Promise<IntersectionObserverEntry> {
  return new Promise((resolve) => {
    const observer = new IntersectionObserver(
      (entries) => {
        observer.disconnect();
        resolve(entries.at(-1)!);
      },
      { rootMargin },
    );
    observer.observe(target);
  });
}

/**
 * Resolves once an image of this page that fails to load as `src` has reported its error: a hostile `<img
 * src=x onerror=…>` that had been put in the page before it would have run its handler by then.
 */
export function imageFailed(src: string): Promise<void> {
  const image = place('img', 'inline-size: 1px; block-size: 1px');
  const failed = new Promise<void>((resolve) => image.addEventListener('error', () => resolve(), { once: true }));
  image.setAttribute('src', src);
  return failed;
}
