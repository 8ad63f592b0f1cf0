/**
 * What the Node side hands the browser tests: the scripted API's origin (`inject('headlineApi')`) and the
 * commands that drive Chromium itself through Playwright (`commands.emulateMedia(…)`). Types only.
 */
export interface MediaEmulation {
  /** `prefers-reduced-motion`; `null` restores the browser's own value. */
  reducedMotion?: 'reduce' | 'no-preference' | null;
  /** `prefers-color-scheme`; `null` restores the browser's own value. */
  colorScheme?: 'light' | 'dark' | null;
}

declare module 'vitest' {
  interface ProvidedContext {
    /** Origin of the scripted headline API, e.g. `http://127.0.0.1:40123`. */
    headlineApi: string;
  }
}

declare module 'vitest/browser' {
  interface BrowserCommands {
    /** Emulates user preferences for the page under test, as the operating system would set them. */
    emulateMedia: (media: MediaEmulation) => Promise<void>;
  }
}
