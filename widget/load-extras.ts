/**
 * Loads what a carousel uses only sometimes (widget/extras.ts): the autoplay controller and the English words.
 * Here, for `import 'khabar/widget'` and the tests, they are bundled with the element (a static import: a site's
 * bundler keeps it). The embed build replaces this module (widget/build/build-widget.ts): embed.js then imports
 * `<api origin>/embed/extras-<content hash>.js`, a separate small file that Arabic carousels without autoplay never
 * download.
 */
import * as extras from './extras.ts';

export const loadExtras = (_origin: string): Promise<typeof extras> => Promise.resolve(extras);
