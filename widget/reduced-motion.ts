/** The reader's motion preference, live: scrolling (the component) and rotation (autoplay-controller.ts) read it. */
export const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)');
