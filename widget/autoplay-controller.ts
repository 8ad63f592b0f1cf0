/**
 * One job: when the carousel rotates by itself. Rotation runs only while nobody is looking at a slide: it pauses
 * while hovered, off-screen or in a hidden tab, and resumes after. Keyboard focus inside, or the stop button, stops
 * it for good: unlike Shoelace/Web Awesome (which resume on focus-out) only the start button restarts it (WAI-ARIA
 * APG carousel). Under `prefers-reduced-motion` it never starts by itself.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { reducedMotion } from './reduced-motion.ts';

export interface AutoplayHost extends ReactiveControllerHost, HTMLElement {
  /** Seconds per slide; 0 means no autoplay. */
  autoplay: number;
}

type Pause = 'hover' | 'offscreen' | 'hidden';

/** Bounds on seconds per slide, whatever the page asks for. */
const AUTOPLAY_MIN = 1;
const AUTOPLAY_MAX = 3600;

export class AutoplayController implements ReactiveController {
  /** The reader stopped rotation (or asked for reduced motion); only the rotation button starts it again. */
  stopped = reducedMotion.matches;

  readonly #host: AutoplayHost;
  readonly #advance: () => void;
  /** Off-screen until the first IntersectionObserver report says otherwise. */
  readonly #pauses = new Set<Pause>(['offscreen']);
  #timer: ReturnType<typeof setInterval> | undefined;
  #period = 0;
  #observer: IntersectionObserver | undefined;

  constructor(host: AutoplayHost, advance: () => void) {
    this.#host = host;
    this.#advance = advance;
    host.addController(this);
    // The host's own events: they go with the element, nothing to remove.
    host.addEventListener('pointerenter', this.#hover);
    host.addEventListener('pointerleave', this.#hover);
    host.addEventListener('focusin', this.#focusIn);
  }

  /** Rotation is on: the button offers "stop", and the slides are not a live region. */
  get playing(): boolean {
    return this.#host.autoplay > 0 && !this.stopped;
  }

  /** An arrow, so the rotation button can bind it as it is. */
  readonly toggle = (): void => {
    this.stopped = !this.stopped;
    this.#host.requestUpdate();
  };

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.#visibility);
    reducedMotion.addEventListener('change', this.#motion);
    this.#observer = new IntersectionObserver((entries) => {
      for (const entry of entries) this.#pause('offscreen', !entry.isIntersecting);
    });
    this.#observer.observe(this.#host);
    this.#visibility();
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.#visibility);
    reducedMotion.removeEventListener('change', this.#motion);
    this.#observer?.disconnect();
    this.#pauses.add('offscreen');
    this.sync();
  }

  /** Before each of the host's updates: the timer follows the options and pauses. */
  hostUpdate(): void {
    this.sync();
  }

  /** Starts, restarts (new period) or stops the timer to match the state. */
  sync(): void {
    // Bounded: a partner's autoplay="0.001" must not spin the carousel, nor a huge one overflow the timer.
    const period = this.playing && this.#pauses.size === 0 ? Math.min(Math.max(this.#host.autoplay, AUTOPLAY_MIN), AUTOPLAY_MAX) * 1000 : 0;
    if (period !== this.#period) {
      clearInterval(this.#timer);
      this.#timer = period ? setInterval(this.#advance, period) : undefined;
      this.#period = period;
    }
  }

  #pause(reason: Pause, on: boolean): void {
    if (on) this.#pauses.add(reason);
    else this.#pauses.delete(reason);
    this.sync();
  }

  readonly #hover = (event: PointerEvent): void => this.#pause('hover', event.type === 'pointerenter');

  readonly #visibility = (): void => this.#pause('hidden', document.hidden);

  /** Asking for reduced motion mid-rotation stops it, as if the reader had pressed stop. */
  readonly #motion = (): void => {
    if (reducedMotion.matches && this.playing) this.toggle();
  };

  /**
   * Focus inside stops rotation, except a pointer click on the rotation button itself: that click toggles, and
   * stopping on its focus first would make the click start rotation again.
   */
  readonly #focusIn = (event: FocusEvent): void => {
    const target = event.composedPath()[0];
    if (target instanceof Element && target.part.contains('rotation') && !target.matches(':focus-visible')) return;
    if (this.playing) this.toggle();
  };
}
