/**
 * Browser commands: what a test asks of Chromium itself, through Playwright, from inside the page.
 * Imported by test/vitest.config.ts.
 */
// The Playwright provider's types add `page` to every command's context.
import type {} from '@vitest/browser-playwright';
import type { BrowserCommand } from 'vitest/node';
import type { MediaEmulation } from '../context.ts';

/**
 * `prefers-reduced-motion` and `prefers-color-scheme` as the operating system would report them. Media
 * queries and their `change` events follow at once, in the test's frame too (emulation is per page).
 */
const emulateMedia: BrowserCommand<[MediaEmulation]> = async ({ page }, media) => {
  await page.emulateMedia({
    ...(media.reducedMotion !== undefined && { reducedMotion: media.reducedMotion }),
    ...(media.colorScheme !== undefined && { colorScheme: media.colorScheme }),
  });
};

export const commands = { emulateMedia };
