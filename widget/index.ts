/**
 * `import 'khabar/widget'`: the carousel for sites with a bundler. Defines `<khabar-carousel>` (once) and exports
 * its class and the API's types. Without embed.js there is no default API origin: give each element an `api`.
 */
export { KhabarCarousel } from './khabar-carousel.ts';
export type { Headline, HeadlineList, Image } from './api-types.ts';
